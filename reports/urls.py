"""The report pages of a campaign (namespace ``reports``): RCOI summary, CMR preview and
the documents to download; builds of the documents on a worker; the report versions,
their editing and their review."""

from __future__ import annotations

from django.urls import URLPattern, path

from reports import views

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("<int:pk>/", views.RcoiSummaryView.as_view(), name="rcoi"),
    path("<int:pk>/preview/", views.CmrPreviewView.as_view(), name="preview"),
    path("<int:pk>/smelters/<str:cid>/", views.SmelterSuppliersView.as_view(), name="smelter"),
    path(
        "<int:pk>/files/<str:name>",
        views.ReportDownloadView.as_view(),
        name="download",
    ),
    path("<int:pk>/builds/", views.BuildListView.as_view(), name="builds"),
    path("builds/<int:pk>/", views.BuildDetailView.as_view(), name="build"),
    path("builds/<int:pk>/status", views.BuildStatusView.as_view(), name="build_status"),
    path(
        "builds/<int:pk>/files/<int:file_pk>",
        views.BuildFileView.as_view(),
        name="build_file",
    ),
    path("<int:pk>/versions/", views.VersionListView.as_view(), name="versions"),
    path("versions/<int:pk>/", views.VersionDetailView.as_view(), name="version"),
    path("versions/<int:pk>/edit/", views.VersionEditView.as_view(), name="version_edit"),
    path("versions/<int:pk>/preview/", views.VersionPreviewView.as_view(), name="version_preview"),
    path(
        "versions/<int:pk>/files/<int:file_pk>",
        views.VersionFileView.as_view(),
        name="version_file",
    ),
]
