"""Compliance review of campaign requests (namespace ``review``), mounted at /review/."""

from __future__ import annotations

from django.urls import path

# Imported for its user_logged_in receiver (the saved language applies at sign-in).
from suppliers import language  # noqa: F401
from suppliers.views import review

app_name = "review"

urlpatterns = [
    path("<int:pk>/", review.ReviewRequestView.as_view(), name="request"),
    path("<int:pk>/findings/accept/", review.FindingAcceptView.as_view(), name="finding_accept"),
    path("<int:pk>/findings/undo/", review.FindingUndoView.as_view(), name="finding_undo"),
    path("<int:pk>/clarifications/", review.ClarificationAskView.as_view(), name="ask"),
    path(
        "<int:pk>/clarifications/<int:clarification>/resolve/",
        review.ClarificationResolveView.as_view(),
        name="resolve",
    ),
    path("<int:pk>/decision/", review.SubmissionDecideView.as_view(), name="decide"),
]
