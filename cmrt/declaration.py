"""The typed result of reading a CMRT: frozen dataclasses, no ORM, no openpyxl.

Everything keeps its provenance (sheet and cell or row) so findings can say exactly
where to fix what, and keeps the raw cell value beside the normalised one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from cmrt.recognition import TemplateIdentity

DECLARATION = "Declaration"
SMELTER_LIST = "Smelter List"
PRODUCT_LIST = "Product List"


class Metal(StrEnum):
    TANTALUM = "Tantalum"
    TIN = "Tin"
    GOLD = "Gold"
    TUNGSTEN = "Tungsten"


# The order of the per-metal rows under every question, in every CMRT release.
METAL_ROWS: tuple[Metal, ...] = (Metal.TANTALUM, Metal.TIN, Metal.GOLD, Metal.TUNGSTEN)


class Topic(StrEnum):
    """What a question asks, across releases whose numbering and wording differ.
    Checks work on topics, so a 2.x "DRC origin" question and a 6.x "covered
    countries" question both raise the high-risk finding."""

    INTENTIONALLY_ADDED = "intentionally_added"  # 6.x Q1, 3.x Q1
    REMAINS_IN_PRODUCT = "remains_in_product"  # 6.x Q2, 3.x Q2 (necessary and contained)
    NECESSARY = "necessary"  # 2.x Q1, 1.00 Q1
    COVERED_COUNTRIES = "covered_countries"  # 6.x Q3, 3.x Q3, 2.x Q2 (DRC or adjoining)
    CAHRA = "cahra"  # 6.x Q4
    RECYCLED_SCRAP = "recycled_scrap"  # 6.x Q5, 3.x Q4, 2.x Q3
    SUPPLIER_RESPONSE = "supplier_response"  # 6.x Q6, 3.x Q5, 2.x Q4
    ALL_SMELTERS_IDENTIFIED = "all_smelters_identified"  # 6.x Q7, 3.x Q6, 2.x Q5
    ALL_SMELTER_INFO_REPORTED = "all_smelter_info_reported"  # 6.x Q8, 3.x Q7
    SMELTERS_VALIDATED = "smelters_validated"  # 2.x Q6
    # Company-level questions
    POLICY = "policy"
    POLICY_PUBLIC = "policy_public"  # Yes => URL in the comment
    REQUIRE_SUPPLIERS_CONFLICT_FREE = "require_suppliers_conflict_free"
    REQUIRE_AUDITED_SMELTERS = "require_audited_smelters"
    DUE_DILIGENCE = "due_diligence"
    SURVEYS_SUPPLIERS = "surveys_suppliers"
    REQUESTS_SMELTER_NAMES = "requests_smelter_names"
    REVIEWS_INFORMATION = "reviews_information"
    CORRECTIVE_ACTION = "corrective_action"
    FILES_DISCLOSURE = "files_disclosure"
    OTHER = "other"


class Scope(StrEnum):
    COMPANY = "A"
    PRODUCT = "B"
    USER_DEFINED = "C"
    # 2.x had four scopes: A company, B division, C product category, D product.
    DIVISION = "division"
    PRODUCT_CATEGORY = "product_category"


@dataclass(frozen=True)
class Question:
    key: str  # "Q1".."Q8" or "A".."J", as the release numbers them
    topic: Topic
    text: str  # the English wording of that release
    choices: tuple[str, ...]  # canonical answers of that release, in its order
    row: int  # Declaration row of the question (metal rows follow it)
    required: bool = True


@dataclass(frozen=True)
class Answer:
    """One answer cell: the raw value, its canonical form and the comment beside it."""

    cell: str  # "D26"
    raw: str  # as typed (numbers and dates turned into text); "" when empty
    value: str | None  # one of Question.choices, or None when empty or not allowed
    comment: str = ""
    comment_cell: str = ""

    @property
    def is_empty(self) -> bool:
        return self.raw == ""

    @property
    def is_allowed(self) -> bool:
        return self.is_empty or self.value is not None


@dataclass(frozen=True)
class TextField:
    cell: str
    value: str  # stripped text; "" when empty


@dataclass(frozen=True)
class Company:
    name: TextField
    scope_raw: TextField
    scope: Scope | None
    scope_description: TextField
    unique_id: TextField
    unique_id_authority: TextField
    address: TextField
    contact_name: TextField
    contact_email: TextField
    contact_phone: TextField
    authorizer: TextField
    authorizer_title: TextField
    authorizer_email: TextField
    authorizer_phone: TextField
    effective_date_raw: TextField
    effective_date: date | None


class SmelterResolution(StrEnum):
    """How the row's smelter was identified from what the supplier entered."""

    CID_TYPED = "cid_typed"  # CID typed in column A, found in the look-up list
    LOOKUP_NAME = "lookup_name"  # metal + look-up name (column B/C) found in the list
    CACHED = "cached"  # only the cached formula results (column F) name a CID
    NOT_LISTED = "not_listed"  # "Smelter not listed": name and country typed by hand
    NOT_IDENTIFIED = "not_identified"  # "Smelter not yet identified"
    UNRESOLVED = "unresolved"  # something was entered, but it matches nothing


@dataclass(frozen=True)
class SmelterRow:
    row: int  # Smelter List row (data starts at row 5)
    cid_input: str  # column A (6.x), as typed
    metal_raw: str  # column B
    metal: Metal | None
    lookup_name: str  # column C: the name picked from the look-up list
    name: str  # the smelter's name: standard name when resolved, else column D
    country: str  # resolved or typed country name
    cid: str  # resolved CID ("" when none)
    source: str  # Source of Smelter Identification Number
    street: str
    city: str
    state: str
    contact_name: str
    contact_email: str
    next_steps: str
    mine_names: str
    mine_countries: str
    recycled_raw: str  # column P (3.x/6.x)
    recycled: str | None  # "Yes" / "No" / "Unknown" / None
    comments: str
    resolution: SmelterResolution
    cached_cid: str = ""  # column F as cached by Excel, for the cross-check
    cached_country: str = ""  # column E as cached by Excel


@dataclass(frozen=True)
class ProductRow:
    row: int
    number: str
    name: str
    comments: str
    requester_number: str = ""
    requester_name: str = ""


@dataclass(frozen=True)
class LookupEntry:
    """One row of the workbook's own Smelter Look-up tab (its release's RMI list)."""

    metal: Metal
    lookup_name: str  # alias shown in the drop-down
    standard_name: str
    country: str
    cid: str
    source: str = ""
    street: str = ""
    city: str = ""
    state: str = ""


@dataclass(frozen=True)
class Declaration:
    identity: TemplateIdentity
    company: Company
    questions: tuple[Question, ...]  # per-metal questions of this release
    answers: dict[str, dict[Metal, Answer]]  # question key -> metal -> answer
    company_questions: tuple[Question, ...]
    company_answers: dict[str, Answer]  # question key -> answer
    smelters: tuple[SmelterRow, ...]
    products: tuple[ProductRow, ...]
    # The workbook's Smelter Look-up tab; empty when the read was given a reference list.
    lookup: tuple[LookupEntry, ...] = field(default=(), repr=False)
    # Sheet -> (rows read, rows past the reader's row limit that were never read).
    rows_not_read: dict[str, tuple[int, int]] = field(default_factory=dict)

    def question(self, topic: Topic) -> Question | None:
        return next((q for q in self.questions if q.topic is topic), None)

    def company_question(self, topic: Topic) -> Question | None:
        return next((q for q in self.company_questions if q.topic is topic), None)

    def metals_in_scope(self) -> tuple[Metal, ...]:
        """Metals the supplier declares as used: not answered "No" to the first two
        questions (6.x/3.x Q1 and Q2; 2.x Q1), as the template's own Checker decides."""
        gate = [
            self.answers.get(q.key, {})
            for q in self.questions[: 2 if self.identity.major >= 3 else 1]
        ]
        in_scope = []
        for metal in METAL_ROWS:
            answers = [by_metal[metal] for by_metal in gate if metal in by_metal]
            if (
                answers
                and all(a.value != "No" for a in answers)
                and any(not a.is_empty for a in answers)
            ):
                in_scope.append(metal)
        return tuple(in_scope)


class Severity(StrEnum):
    ERROR = "error"  # blocks acceptance
    WARNING = "warning"  # needs review
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    code: str  # stable, e.g. "company.contact_email.invalid"
    severity: Severity
    message: str  # names what to fix and where
    sheet: str = ""
    cell: str = ""
    row: int | None = None
    metal: Metal | None = None
