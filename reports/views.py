"""Compliance and committee pages for a campaign's report: the RCOI summary with its
figures (each linked to the requests behind it), the CMR draft as HTML and the documents
to download, built from the campaign's current data (a draft, not approved); and the
report versions with their committee review (``reports.services_versions`` decides who
may do what; these views only translate the request).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from cmrt.models import SmelterRecord
from reports.aggregation import STATUS_BUCKETS, campaign_report
from reports.model import METALS, CampaignReport, Count
from reports.models import ReportVersion
from reports.rendering.cmr_html import cmr_html
from reports.selectors import campaign_inputs
from reports.services import FILE_NAMES, profile_from_settings, report_documents
from reports.services_versions import (
    required_members,
    version_create,
    version_decide,
    version_file,
    version_submit,
)
from reports.texts import CMR_SECTIONS, FORM_SD_SECTIONS, sections_build
from reports.versions import ACTION_LABELS, DECISION_LABELS, Decision, State
from suppliers.campaign_stats import percent
from suppliers.models import Campaign
from suppliers.roles import Role
from suppliers.selectors import roles_of
from suppliers.selectors.campaigns import campaigns_visible_to
from suppliers.views.access import StaffPermissionRequired
from suppliers.views.campaigns import SMELTER_BUCKET_LABELS

# The labels of the draft: the report versions and the committee's approval come later.
VERSION_LABEL = "draft"
STATUS_LABEL = "draft, not approved"

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


@dataclass(frozen=True)
class Figure:
    """One number of the summary and the request list behind it (None: no such filter)."""

    label: str
    value: int
    url: str | None
    alert: bool = False


def content_type(file_name: str) -> str:
    suffix = file_name[file_name.rfind(".") :]
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


def _downloads(campaign: Campaign, names: Iterable[str]) -> list[tuple[str, str, str]]:
    """(file name, label, URL) of each document."""
    return [
        (name, str(FILE_LABELS[name]), reverse("reports:download", args=[campaign.pk, name]))
        for name in names
    ]


class ReportMixin(StaffPermissionRequired):
    """Loads the campaign named by ``pk`` through the permission filter."""

    permission_required = "suppliers.view_campaign"
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def campaign(self) -> Campaign:
        # Loaded on first use, i.e. after StaffPermissionRequired has let the user in.
        return get_object_or_404(
            campaigns_visible_to(self.request.user).select_related("rmap_snapshot"),
            pk=self.kwargs["pk"],
        )

    @cached_property
    def today(self) -> date:
        return timezone.localdate()

    @cached_property
    def report(self) -> CampaignReport:
        return campaign_report(campaign_inputs(self.campaign, self.today), self.today)


class RcoiSummaryView(ReportMixin, TemplateView):
    template_name = "reports/rcoi.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report, campaign = self.report, self.campaign
        rows_url = reverse("campaigns:requests", args=[campaign.pk])

        def link(**query: str) -> str:
            return f"{rows_url}?{urlencode(query)}" if query else rows_url

        def figure(label: str, count: Count, url: str | None, alert: bool = False) -> Figure:
            return Figure(label, count.value, url, alert and count.value > 0)

        overdue_now = sum(1 for facts in report.inputs.suppliers if facts.overdue)
        figures = [
            figure(_("suppliers in scope"), report.in_scope, link()),
            figure(_("surveyed"), report.surveyed, None),
            figure(_("responded"), report.responded, link(responded="1")),
            figure(_("accepted"), report.accepted, link(state="accepted")),
            figure(_("declined"), report.declined, link(state="declined")),
            # Late is broader than any filter (files received after the due date count);
            # the page links the overdue ones separately.
            figure(_("late"), report.late, None, alert=True),
            figure(_("with errors"), report.with_errors, link(errors="1"), alert=True),
            figure(_("high risk"), report.high_risk, link(high_risk="1"), alert=True),
        ]
        readable = sum(1 for facts in report.inputs.suppliers if facts.readable)
        names = {facts.supplier_id: facts.supplier_name for facts in report.inputs.suppliers}
        match_labels = dict(SmelterRecord.MatchStatus.choices)
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=campaign,
            report=report,
            section="report",
            figures=figures,
            overdue_now=overdue_now,
            overdue_url=link(overdue="1"),
            responded_url=link(responded="1"),
            response_percent=percent(report.responded.value, report.in_scope.value),
            readable=readable,
            # Whole percent, rounded half up as on the dashboard; None without a declaration.
            metal_rates=[
                (
                    metal,
                    int(report.response_rate_by_metal.get(metal, 0.0) * 100 + 0.5)
                    if readable
                    else None,
                    link(metal=metal),
                )
                for metal in METALS
            ],
            smelters=[
                (
                    row,
                    SMELTER_BUCKET_LABELS.get(row.rmap_status or "not_listed"),
                    [names.get(pk, "") for pk in row.supplier_ids],
                )
                for row in report.smelter_list
            ],
            unmatched=[
                (
                    row,
                    match_labels.get(row.match_status, row.match_status),
                    [names.get(pk, "") for pk in row.supplier_ids],
                )
                for row in report.unmatched
            ],
            buckets=[(bucket, SMELTER_BUCKET_LABELS[bucket]) for bucket in STATUS_BUCKETS],
            by_metal_status=[
                (metal, [counts.get(bucket, 0) for bucket in STATUS_BUCKETS], sum(counts.values()))
                for metal, counts in report.smelters_by_metal_status.items()
            ],
            downloads=_downloads(campaign, FILE_NAMES),
        )
        return context


class CmrPreviewView(ReportMixin, TemplateView):
    template_name = "reports/preview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        profile = profile_from_settings()
        sections = sections_build(self.report, profile, {})
        document = cmr_html(
            self.report,
            profile,
            sections,
            version_label=VERSION_LABEL,
            status_label=STATUS_LABEL,
        )
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=self.campaign,
            section="preview",
            # cmr_html escapes every text it writes (quotes included).
            document=mark_safe(document),
            downloads=_downloads(self.campaign, [n for n in FILE_NAMES if n.startswith("cmr_")]),
        )
        return context


class ReportDownloadView(ReportMixin, View):
    """One of the report documents, built now, always as an attachment."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int, name: str) -> HttpResponse:
        if name not in FILE_NAMES:
            raise Http404
        documents = report_documents(
            self.campaign,
            today=self.today,
            version_label=VERSION_LABEL,
            status_label=STATUS_LABEL,
            names=(name,),
        )
        response = HttpResponse(documents.files[name], content_type=content_type(name))
        stem, dot, suffix = name.rpartition(".")
        response["Content-Disposition"] = content_disposition_header(
            True, f"{stem}_{self.campaign.reporting_year}{dot}{suffix}"
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# --- Report versions -------------------------------------------------------------------


def _section_titles() -> dict[str, str]:
    return {key: str(title) for key, title, _default in (*FORM_SD_SECTIONS, *CMR_SECTIONS)}


class VersionListView(ReportMixin, TemplateView):
    """The campaign's report versions; compliance starts a new one here (POST)."""

    template_name = "reports/versions.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=self.campaign,
            section="versions",
            versions=self.campaign.report_versions.select_related("created_by"),
            is_compliance=Role.COMPLIANCE in roles_of(self.request.user),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        latest = self.campaign.report_versions.first()
        version = version_create(
            self.campaign,
            by=request.user,
            profile=latest.profile if latest else profile_from_settings(),
            texts=latest.texts if latest else {},
            today=self.today,
        )
        return redirect("reports:version", version.pk)


class VersionMixin(StaffPermissionRequired):
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


class VersionDetailView(VersionMixin, TemplateView):
    """One version: its timeline, the committee's decisions and the actions of each role."""

    template_name = "reports/version.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        version = self.version
        roles = roles_of(self.request.user)
        titles = _section_titles()
        approvals = [
            (approval, DECISION_LABELS[Decision(approval.decision)], titles.get(approval.section))
            for approval in version.approvals.select_related("member")
        ]
        events = [
            (event, ACTION_LABELS.get(event.action, event.action))
            for event in version.events.select_related("by")
        ]
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=version.campaign,
            section="versions",
            version=version,
            approvals=approvals,
            events=events,
            required=list(required_members(version)),
            files=version.files.all(),
            file_labels={name: str(label) for name, label in FILE_LABELS.items()},
            sections=sorted(titles.items(), key=lambda item: item[1]),
            can_submit=Role.COMPLIANCE in roles and version.state == State.DRAFT,
            can_file=Role.COMPLIANCE in roles and version.state == State.APPROVED,
            can_decide=Role.COMMITTEE in roles and version.state == State.IN_REVIEW,
            today=timezone.localdate(),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        version, action = self.version, request.POST.get("action", "")
        try:
            if action == "submit":
                version_submit(version, request.user)
            elif action in (Decision.APPROVE, Decision.CHANGES):
                section = request.POST.get("section", "")
                if section and section not in _section_titles():
                    raise ValidationError(_("Unknown section."))
                version_decide(
                    version,
                    member=request.user,
                    decision=action,
                    section=section,
                    comment=request.POST.get("comment", "").strip(),
                )
            elif action == "file":
                try:
                    filed_on = date.fromisoformat(request.POST.get("filed_on", ""))
                except ValueError:
                    raise ValidationError(_("Enter the filing date.")) from None
                version_file(version, by=request.user, filed_on=filed_on)
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("reports:version", version.pk)


class VersionFileView(VersionMixin, View):
    """A document stored with the version, as an attachment."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
        stored = get_object_or_404(self.version.files, pk=file_pk)
        stem, dot, suffix = stored.name.rpartition(".")
        response = FileResponse(
            stored.file.open("rb"),
            as_attachment=True,
            filename=f"{stem}_{self.version.label}_{stored.stage}{dot}{suffix}",
            content_type=content_type(stored.name),
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
