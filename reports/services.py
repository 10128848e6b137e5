"""Build a campaign's report documents: gather (``reports.selectors``), aggregate
(``reports.aggregation``, pure) and render (``reports.rendering``, pure, bytes out).

Report versions, the editable company profile and the committee's approval come with
their models; until then a draft is built from the campaign and the installation's
settings (``COMPANY_NAME``) and says so in every footer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from reports.aggregation import campaign_report
from reports.model import CampaignReport, CompanyProfile
from reports.rendering.cmr_docx import cmr_docx
from reports.rendering.cmr_pdf import cmr_pdf
from reports.rendering.company_cmrt import company_cmrt_xlsx
from reports.rendering.rcoi_xlsx import rcoi_summary_xlsx
from reports.selectors import campaign_inputs
from reports.texts import sections_build
from suppliers.models import Campaign

FILE_NAMES = ("rcoi_summary.xlsx", "cmr_draft.docx", "cmr_draft.pdf", "company_cmrt.xlsx")


@dataclass(frozen=True)
class ReportDocuments:
    report: CampaignReport
    files: dict[str, bytes]  # file name -> bytes, in FILE_NAMES order


def profile_from_settings() -> CompanyProfile:
    return CompanyProfile(name=settings.COMPANY_NAME or "Our company")


def report_documents(
    campaign: Campaign,
    *,
    today: date,
    profile: CompanyProfile | None = None,
    overrides: Mapping[str, str] | None = None,
    version_label: str = "draft",
    status_label: str = "draft, not approved",
    names: tuple[str, ...] = FILE_NAMES,
) -> ReportDocuments:
    """The documents named in ``names`` (all four by default): a download renders one."""
    profile = profile or profile_from_settings()
    report = campaign_report(campaign_inputs(campaign, today), today)
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
    return ReportDocuments(report=report, files={name: renderers[name]() for name in names})
