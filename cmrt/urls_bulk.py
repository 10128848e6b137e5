"""URLs of the cmrt bulk pages (included by cmrt/urls.py under the cmrt namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from cmrt.views.bulk import (
    BulkAssignView,
    BulkDetailView,
    BulkExportView,
    BulkListView,
    BulkNewView,
    BulkStatusView,
)

urlpatterns: list[URLPattern] = [
    path("bulk/", BulkListView.as_view(), name="bulk_list"),
    path("bulk/new/", BulkNewView.as_view(), name="bulk_new"),
    path("bulk/assign/", BulkAssignView.as_view(), name="bulk_assign"),
    path("bulk/<int:pk>/", BulkDetailView.as_view(), name="bulk_detail"),
    path("bulk/<int:pk>/status/", BulkStatusView.as_view(), name="bulk_status"),
    path("bulk/<int:pk>/export/", BulkExportView.as_view(), name="bulk_export"),
]
