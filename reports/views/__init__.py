"""Compliance and committee pages of a campaign's report (namespace ``reports``)."""

from reports.views.builds import BuildDetailView, BuildFileView, BuildListView, BuildStatusView
from reports.views.summary import (
    CmrPreviewView,
    RcoiSummaryView,
    ReportDownloadView,
    SmelterSuppliersView,
)
from reports.views.versions import (
    VersionDetailView,
    VersionEditView,
    VersionFileView,
    VersionListView,
    VersionPreviewView,
)

__all__ = [
    "BuildDetailView",
    "BuildFileView",
    "BuildListView",
    "BuildStatusView",
    "CmrPreviewView",
    "RcoiSummaryView",
    "ReportDownloadView",
    "SmelterSuppliersView",
    "VersionDetailView",
    "VersionEditView",
    "VersionFileView",
    "VersionListView",
    "VersionPreviewView",
]
