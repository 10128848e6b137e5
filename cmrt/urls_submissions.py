"""URLs of the cmrt submissions pages (included by cmrt/urls.py under the cmrt namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from cmrt.views import submissions as views

urlpatterns: list[URLPattern] = [
    path("submissions/", views.SubmissionListView.as_view(), name="submission_list"),
    path("submissions/upload/", views.SubmissionUploadView.as_view(), name="submission_upload"),
    path("submissions/<int:pk>/", views.SubmissionDetailView.as_view(), name="submission_detail"),
    path(
        "submissions/<int:pk>/status/",
        views.SubmissionStatusView.as_view(),
        name="submission_status",
    ),
    path(
        "submissions/<int:pk>/download/",
        views.SubmissionDownloadView.as_view(),
        name="submission_download",
    ),
    path(
        "submissions/<int:pk>/rerun/",
        views.SubmissionRerunView.as_view(),
        name="submission_rerun",
    ),
]
