"""Build a campaign's report documents: gather (``reports.selectors``), aggregate
(``reports.aggregation``, pure) and render (``reports.rendering``, pure, bytes out).

``report_documents`` renders the campaign's rows now (a draft, said in every footer);
``documents_from_inputs`` renders given inputs, e.g. the ones stored with a report version
(``reports.services_builds``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from reports.aggregation import campaign_report
from reports.model import CampaignInputs, CampaignReport, CompanyProfile
from reports.rendering.cmr_docx import cmr_docx
from reports.rendering.cmr_pdf import cmr_pdf
from reports.rendering.company_cmrt import company_cmrt_xlsx
from reports.rendering.rcoi_xlsx import rcoi_summary_xlsx
from reports.selectors import campaign_inputs, profile_from_settings
from reports.texts import sections_build
from suppliers.models import Campaign

FILE_NAMES = ("rcoi_summary.xlsx", "cmr_draft.docx", "cmr_draft.pdf", "company_cmrt.xlsx")


@dataclass(frozen=True)
class ReportDocuments:
    report: CampaignReport
    files: dict[str, bytes]  # file name -> bytes, in FILE_NAMES order


def report_documents(campaign: Campaign, *, today: date, **options: Any) -> ReportDocuments:
    """The documents of the campaign's rows now (``options`` as for
    ``documents_from_inputs``): a download renders one, ``build_report`` all four."""
    return documents_from_inputs(campaign_inputs(campaign, today), today=today, **options)


def documents_from_inputs(
    inputs: CampaignInputs,
    *,
    today: date,
    profile: CompanyProfile | None = None,
    overrides: Mapping[str, str] | None = None,
    version_label: str = "draft",
    status_label: str = "draft, not approved",
    names: tuple[str, ...] = FILE_NAMES,
    progress: Callable[[str, int], None] | None = None,
) -> ReportDocuments:
    """The documents of given inputs (a version's stored ones, or the campaign's now).
    ``progress(name, done)`` is called before each document with the count already done."""
    profile = profile or profile_from_settings()
    report = campaign_report(inputs, today)
    sections = sections_build(report, profile, overrides or {})
    labels = {"version_label": version_label, "status_label": status_label}
    renderers: dict[str, Callable[[], bytes]] = {
        "rcoi_summary.xlsx": lambda: rcoi_summary_xlsx(
            report, profile, version_label=version_label
        ),
        "cmr_draft.docx": lambda: cmr_docx(report, profile, sections, **labels),
        "cmr_draft.pdf": lambda: cmr_pdf(report, profile, sections, **labels),
        "company_cmrt.xlsx": lambda: company_cmrt_xlsx(report, profile, effective_date=today),
    }
    files: dict[str, bytes] = {}
    for done, name in enumerate(names):
        if progress is not None:
            progress(name, done)
        files[name] = renderers[name]()
    return ReportDocuments(report=report, files=files)
