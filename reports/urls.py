"""The report pages of a campaign (namespace ``reports``): RCOI summary, CMR preview and
the documents to download; the report versions and their review."""

from __future__ import annotations

from django.urls import URLPattern, path

from reports import views

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("<int:pk>/", views.RcoiSummaryView.as_view(), name="rcoi"),
    path("<int:pk>/preview/", views.CmrPreviewView.as_view(), name="preview"),
    path(
        "<int:pk>/files/<str:name>",
        views.ReportDownloadView.as_view(),
        name="download",
    ),
    path("<int:pk>/versions/", views.VersionListView.as_view(), name="versions"),
    path("versions/<int:pk>/", views.VersionDetailView.as_view(), name="version"),
    path(
        "versions/<int:pk>/files/<int:file_pk>",
        views.VersionFileView.as_view(),
        name="version_file",
    ),
]
