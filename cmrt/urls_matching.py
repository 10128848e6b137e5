"""URLs of the cmrt matching pages (included by cmrt/urls.py under the cmrt namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from cmrt.views.matching import ReviewDecideView, ReviewQueueView

urlpatterns: list[URLPattern] = [
    path("matching/review/", ReviewQueueView.as_view(), name="review_queue"),
    path("matching/review/decide/", ReviewDecideView.as_view(), name="review_decide"),
]
