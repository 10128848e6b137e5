"""The report pages of a campaign's current data: the RCOI summary with its figures (each
linked to the requests behind it), the CMR draft as HTML and the documents to download
(a draft, not approved, with the latest version's profile and texts)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from cmrt.models import SmelterRecord
from reports.aggregation import STATUS_BUCKETS
from reports.model import METALS, CampaignReport, Count
from reports.rendering.cmr_html import cmr_html
from reports.selectors import campaign_report_cached, latest_profile_and_texts
from reports.services import FILE_NAMES, report_documents
from reports.texts import sections_build
from reports.views.common import FILE_LABELS, ReportMixin, content_type, private_download
from suppliers.campaign_stats import percent
from suppliers.models import Campaign
from suppliers.views.campaigns import SMELTER_BUCKET_LABELS

NAMES_SHOWN = 3  # supplier names per smelter row of the summary
SMELTERS_PER_PAGE = 100
UNMATCHED_SHOWN = 100  # the rest are in the workbook and in the smelter review queue

# The labels of a document built from the campaign's data now.
VERSION_LABEL = "draft"
STATUS_LABEL = "draft, not approved"


@dataclass(frozen=True)
class Figure:
    """One number of the summary and the request list behind it (None: no such filter)."""

    label: str
    value: int
    url: str | None
    alert: bool = False


def _downloads(campaign: Campaign, names: Iterable[str]) -> list[tuple[str, str, str]]:
    """(file name, label, URL) of each document."""
    return [
        (name, str(FILE_LABELS[name]), reverse("reports:download", args=[campaign.pk, name]))
        for name in names
    ]


class ReportPageMixin(ReportMixin):
    """A report page: the campaign's report from its current data."""

    @cached_property
    def report(self) -> CampaignReport:
        return campaign_report_cached(self.campaign, self.today)


class RcoiSummaryView(ReportPageMixin, TemplateView):
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
        # The whole list is in the RCOI workbook; the page shows it a page at a time.
        smelter_page = Paginator(report.smelter_list, SMELTERS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
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
            # A popular smelter is reported by thousands of suppliers: the table names the
            # first few and links to the full list.
            smelters=[
                (
                    row,
                    SMELTER_BUCKET_LABELS.get(row.rmap_status or "not_listed"),
                    [names.get(pk, "") for pk in row.supplier_ids[:NAMES_SHOWN]],
                    reverse("reports:smelter", args=[campaign.pk, row.cid])
                    + "?"
                    + urlencode({"metal": row.metal}),
                )
                for row in smelter_page.object_list
            ],
            page_obj=smelter_page,
            unmatched=[
                (
                    row,
                    match_labels.get(row.match_status, row.match_status),
                    [names.get(pk, "") for pk in row.supplier_ids[:NAMES_SHOWN]],
                )
                for row in report.unmatched[:UNMATCHED_SHOWN]
            ],
            unmatched_more=max(0, len(report.unmatched) - UNMATCHED_SHOWN),
            buckets=[(bucket, SMELTER_BUCKET_LABELS[bucket]) for bucket in STATUS_BUCKETS],
            by_metal_status=[
                (metal, [counts.get(bucket, 0) for bucket in STATUS_BUCKETS], sum(counts.values()))
                for metal, counts in report.smelters_by_metal_status.items()
            ],
            downloads=_downloads(campaign, FILE_NAMES),
        )
        return context


class CmrPreviewView(ReportPageMixin, TemplateView):
    template_name = "reports/preview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        profile, texts = latest_profile_and_texts(self.campaign)
        sections = sections_build(self.report, profile, texts)
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
        profile, texts = latest_profile_and_texts(self.campaign)
        documents = report_documents(
            self.campaign,
            today=self.today,
            profile=profile,
            overrides=texts,
            version_label=VERSION_LABEL,
            status_label=STATUS_LABEL,
            names=(name,),
        )
        response = HttpResponse(documents.files[name], content_type=content_type(name))
        stem, dot, suffix = name.rpartition(".")
        response["Content-Disposition"] = content_disposition_header(
            True, f"{stem}_{self.campaign.reporting_year}{dot}{suffix}"
        )
        return private_download(response)


class SmelterSuppliersView(ReportPageMixin, TemplateView):
    """The suppliers behind one row of the company smelter list (CID and metal), each
    linked to its request: the drill-down of the row's supplier count."""

    template_name = "reports/smelter_suppliers.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        cid, metal = self.kwargs["cid"], self.request.GET.get("metal", "")
        row = next((r for r in self.report.smelter_list if r.cid == cid and r.metal == metal), None)
        if row is None:
            raise Http404
        wanted = set(row.supplier_ids)
        suppliers = [f for f in self.report.inputs.suppliers if f.supplier_id in wanted]
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=self.campaign,
            section="report",
            row=row,
            status=SMELTER_BUCKET_LABELS.get(row.rmap_status or "not_listed"),
            suppliers=suppliers,
        )
        return context
