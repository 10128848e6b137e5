"""The report's data as plain, frozen dataclasses (no ORM): what aggregation takes in
(``CampaignInputs``, gathered by ``reports.selectors``) and what it gives out
(``CampaignReport``), which every renderer (RCOI XLSX, CMR DOCX/PDF, company CMRT) reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from cmrt.declaration import METAL_ROWS

METALS = tuple(metal.value for metal in METAL_ROWS)  # the CMRT's order
RMAP_STATUSES = ("conformant", "active", "not_conformant", "unknown")


# --- Inputs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierFacts:
    """One campaign request and the declaration behind it (its latest submission)."""

    request_id: int
    supplier_id: int
    supplier_name: str
    supplier_country: str  # ISO code of the registry
    state: str  # CampaignRequest.State value
    overdue: bool
    submitted_on: date | None
    submission_id: int | None
    readable: bool  # the latest file was read as a CMRT
    error_count: int = 0
    warning_count: int = 0
    template_version: str = ""
    declared_company: str = ""
    # question key ("Q1".."Q8") -> metal -> canonical answer ("Yes", "No", "Unknown", ...)
    answers: dict[str, dict[str, str]] = field(default_factory=dict)
    decline_reason: str = ""


class ReportedSmelter(NamedTuple):
    """One Smelter List row of one supplier's latest readable submission.

    A named tuple, not a frozen dataclass like the rest: a campaign carries 300,000 of
    them, and a tuple is built three times faster (about 2 s of the aggregation at that
    size). ``versions`` stores it as a mapping like the dataclasses."""

    supplier_id: int
    submission_id: int
    row: int
    metal: str  # "" when the row names none
    reported_name: str
    reported_country: str
    cid: str  # the matched reference smelter's CID, "" when unmatched
    standard_name: str = ""  # of the matched reference smelter
    country: str = ""  # of the matched reference smelter
    match_status: str = ""  # SmelterRecord.MatchStatus value
    rmap_status: str = ""  # canonical status in the bound snapshot ("" = not listed there)
    rmap_status_raw: str = ""
    last_audit_date: date | None = None


@dataclass(frozen=True)
class CampaignInputs:
    campaign_id: int
    campaign_name: str
    reporting_year: int
    period_start: date
    period_end: date
    due_date: date
    snapshot_as_of: date | None
    snapshot_label: str
    suppliers: tuple[SupplierFacts, ...]
    smelters: tuple[ReportedSmelter, ...]


# --- Outputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """A figure with the keys of the rows behind it (request ids or smelter keys), so that
    the UI can drill down and the tests can reconcile every number."""

    value: int
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class SmelterListRow:
    """One row of the company-level smelter list: one CID and metal."""

    cid: str
    metal: str
    name: str
    country: str
    rmap_status: str  # canonical, "" when the snapshot does not list it
    rmap_status_raw: str
    last_audit_date: date | None
    supplier_count: int
    supplier_ids: tuple[int, ...]


@dataclass(frozen=True)
class UnmatchedRow:
    """A reported row that names no listed smelter, kept apart from the list."""

    metal: str
    reported_name: str
    reported_country: str
    match_status: str
    supplier_ids: tuple[int, ...]


@dataclass(frozen=True)
class CampaignReport:
    inputs: CampaignInputs
    in_scope: Count
    surveyed: Count  # invited or further
    responded: Count  # a file received (submitted or later) or declined
    accepted: Count
    declined: Count
    late: Count  # overdue now, or answered after the due date
    with_errors: Count
    response_rate: float  # responded / in scope (0.0 when nobody is in scope)
    response_rate_by_metal: dict[str, float]  # metal -> share of readable declarations with Q1 Yes
    high_risk: Count  # a covered-country or CAHRA "Yes"
    covered_countries_yes: dict[str, Count]  # metal -> suppliers answering Yes
    cahra_yes: dict[str, Count]
    smelter_list: tuple[SmelterListRow, ...]
    unmatched: tuple[UnmatchedRow, ...]
    smelters_by_metal_status: dict[str, dict[str, int]]  # metal -> status -> smelters
    smelter_countries: dict[str, int]  # country -> smelters
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompanyProfile:
    """What the company says about itself in the filing (editable in the app)."""

    name: str
    registrant_address: str = ""
    sec_file_number: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    authorizer: str = ""
    authorizer_title: str = ""
    policy_url: str = ""
    grievance_contact: str = ""
    committee: str = ""
    products_description: str = ""
