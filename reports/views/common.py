"""What the report pages share: the campaign and version loaders behind the permission
check, the document labels and the attachment headers."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from reports.models import ReportFile, ReportVersion
from reports.texts import CMR_SECTIONS, FORM_SD_SECTIONS
from suppliers.selectors.campaigns import campaigns_visible_to
from suppliers.views.access import StaffPermissionRequired
from suppliers.views.campaigns import CampaignMixin

CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}
FILE_LABELS = {
    "rcoi_summary.xlsx": gettext_lazy("RCOI summary (Excel)"),
    "cmr_draft.docx": gettext_lazy("Form SD and CMR draft (Word)"),
    "cmr_draft.pdf": gettext_lazy("Form SD and CMR draft (PDF)"),
    "company_cmrt.xlsx": gettext_lazy("Company-level CMRT (Excel)"),
}


def content_type(file_name: str) -> str:
    suffix = file_name[file_name.rfind(".") :]
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


def private_download(response: HttpResponseBase) -> HttpResponseBase:
    """Headers of every document download: never sniffed, never cached on the way."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def stored_file_response(stored: ReportFile, label: str) -> HttpResponseBase:
    """A stored document as an attachment named ``<name>_<label>.<suffix>``."""
    stem, dot, suffix = stored.name.rpartition(".")
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=f"{stem}_{label}{dot}{suffix}",
        content_type=content_type(stored.name),
    )
    return private_download(response)


def section_titles() -> dict[str, str]:
    return {key: str(title) for key, title, _default in (*FORM_SD_SECTIONS, *CMR_SECTIONS)}


class ReportMixin(StaffPermissionRequired, CampaignMixin):
    """The campaign named by ``pk``, through the permission filter, and today's date."""

    permission_required = "suppliers.view_campaign"

    @cached_property
    def today(self) -> date:
        return timezone.localdate()


class VersionMixin(StaffPermissionRequired):
    """Loads the report version named by ``pk`` if its campaign is visible to the user."""

    permission_required = "suppliers.view_campaign"
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def version(self) -> ReportVersion:
        return get_object_or_404(
            ReportVersion.objects.select_related("campaign", "created_by", "snapshot").filter(
                campaign__in=campaigns_visible_to(self.request.user)
            ),
            pk=self.kwargs["pk"],
        )
