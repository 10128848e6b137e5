"""URLs of the cmrt reference pages (included by cmrt/urls.py under the cmrt namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from cmrt.views import reference

urlpatterns: list[URLPattern] = [
    path("reference/", reference.ReferenceHomeView.as_view(), name="reference_home"),
    path("reference/import/", reference.ReferenceImportView.as_view(), name="reference_import"),
    path(
        "reference/import/confirm/",
        reference.ReferenceConfirmView.as_view(),
        name="reference_confirm",
    ),
    path(
        "reference/smelters/",
        reference.ReferenceSmelterListView.as_view(),
        name="reference_smelters",
    ),
    path(
        "reference/smelters/<int:pk>/",
        reference.ReferenceSmelterDetailView.as_view(),
        name="reference_smelter",
    ),
]
