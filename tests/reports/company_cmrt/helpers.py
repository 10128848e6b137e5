"""Reports for the company CMRT tests: the aggregation of the shared ``sample_inputs()``,
and a small hand-made ``CampaignReport`` whose suppliers, smelters and response rate each
test sets (so every derived answer can be worked out by hand)."""

from __future__ import annotations

from datetime import date

from reports.aggregation import campaign_report
from reports.model import (
    CampaignInputs,
    CampaignReport,
    CompanyProfile,
    Count,
    SmelterListRow,
    SupplierFacts,
    UnmatchedRow,
)
from tests.reports.aggregation.builders import TODAY, sample_inputs

EFFECTIVE = date(2025, 4, 1)
METALS = ("Tantalum", "Tin", "Gold", "Tungsten")
PROFILE = CompanyProfile(
    name="Northwind Devices Inc.",
    registrant_address="1 Harbour Way, Portland, OR 97201, USA",
    sec_file_number="001-12345",
    contact_name="Pat Lee",
    contact_email="compliance@northwind.example.com",
    contact_phone="+1 503 555 0100",
    authorizer="Sam Ray",
    authorizer_title="Chief Operating Officer",
    policy_url="https://northwind.example.com/responsible-minerals",
)


def sample_report() -> CampaignReport:
    return campaign_report(sample_inputs(), TODAY)


def answers(**by_metal: str) -> dict[str, str]:
    """One answer per metal: ``answers(Tin="Yes")`` -> Tin "Yes", the others "No"."""
    return {metal: by_metal.get(metal, "No") for metal in METALS}


def supplier(
    supplier_id: int,
    answers_by_key: dict[str, dict[str, str]],
    *,
    version: str = "6.5",
    readable: bool = True,
    state: str = "accepted",
) -> SupplierFacts:
    return SupplierFacts(
        request_id=supplier_id,
        supplier_id=supplier_id,
        supplier_name=f"Supplier {supplier_id}",
        supplier_country="DE",
        state=state,
        overdue=False,
        submitted_on=date(2025, 3, 1) if readable else None,
        submission_id=500 + supplier_id if readable else None,
        readable=readable,
        template_version=version,
        answers=answers_by_key,
    )


def smelter(cid: str, metal: str, name: str, country: str) -> SmelterListRow:
    return SmelterListRow(
        cid=cid,
        metal=metal,
        name=name,
        country=country,
        rmap_status="conformant",
        rmap_status_raw="Conformant",
        last_audit_date=None,
        supplier_count=1,
        supplier_ids=(1,),
    )


ONE_PER_METAL = (
    smelter("CID002558", "Tantalum", "Global Advanced Metals Aizu", "Japan"),
    smelter("CID001898", "Tin", "Thaisarco", "Thailand"),
    smelter("CID001153", "Gold", "Metalor Technologies S.A.", "Switzerland"),
    smelter("CID000966", "Tungsten", "Wolfram Bergbau und Hutten AG", "Austria"),
)
ALL_YES = {"Q1": answers(Tantalum="Yes", Tin="Yes", Gold="Yes", Tungsten="Yes")}


def unmatched(metal: str, name: str = "Unknown Works") -> UnmatchedRow:
    return UnmatchedRow(
        metal=metal,
        reported_name=name,
        reported_country="Indonesia",
        match_status="unmatched",
        supplier_ids=(1,),
    )


def report(
    suppliers: tuple[SupplierFacts, ...] = (supplier(1, ALL_YES),),
    *,
    smelter_list: tuple[SmelterListRow, ...] = ONE_PER_METAL,
    unmatched_rows: tuple[UnmatchedRow, ...] = (),
    response_rate: float = 1.0,
    surveyed: int | None = None,
) -> CampaignReport:
    """A report whose figures are the arguments (the aggregation is tested elsewhere)."""
    everyone = Count(len(suppliers), tuple(str(s.request_id) for s in suppliers))
    nobody = Count(0)
    inputs = CampaignInputs(
        campaign_id=1,
        campaign_name="RY2024",
        reporting_year=2024,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        due_date=date(2025, 3, 31),
        snapshot_as_of=None,
        snapshot_label="",
        suppliers=suppliers,
        smelters=(),
    )
    return CampaignReport(
        inputs=inputs,
        in_scope=everyone,
        surveyed=everyone if surveyed is None else Count(surveyed),
        responded=everyone,
        accepted=everyone,
        declined=nobody,
        late=nobody,
        with_errors=nobody,
        response_rate=response_rate,
        response_rate_by_metal={},
        high_risk=nobody,
        covered_countries_yes={},
        cahra_yes={},
        smelter_list=smelter_list,
        unmatched=unmatched_rows,
        smelters_by_metal_status={},
        smelter_countries={},
    )
