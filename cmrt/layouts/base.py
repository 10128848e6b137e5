"""The shape of a release layout (dataclasses) and helpers shared by the layout modules.

Fields are located by address, never by the cached label text (labels are formulas
whose cached text follows the workbook's language).
"""

from __future__ import annotations

from dataclasses import dataclass

from cmrt.declaration import Question, Topic

YES_NO = ("Yes", "No")
YES_NO_UNKNOWN = ("Yes", "No", "Unknown")


@dataclass(frozen=True)
class CompanyCells:
    name: str
    scope: str
    scope_description: str
    unique_id: str
    unique_id_authority: str
    address: str
    contact_name: str
    contact_email: str
    contact_phone: str
    authorizer: str
    authorizer_title: str
    authorizer_email: str
    authorizer_phone: str
    effective_date: str


@dataclass(frozen=True)
class SmelterColumns:
    """Smelter List column letters ("" when the release has no such column)."""

    cid_input: str
    metal: str
    lookup_name: str
    name: str
    country: str
    cid: str
    source: str
    street: str
    city: str
    state: str
    contact_name: str
    contact_email: str
    next_steps: str
    mine_names: str
    mine_countries: str
    recycled: str
    comments: str


@dataclass(frozen=True)
class ProductColumns:
    number: str
    name: str
    comments: str
    requester_number: str = ""
    requester_name: str = ""


@dataclass(frozen=True)
class Layout:
    family: str  # "6", "3", "2"
    company: CompanyCells
    scope_choices: tuple[tuple[str, str], ...]  # (canonical text, Scope value)
    questions: tuple[Question, ...]
    company_questions: tuple[Question, ...]
    smelter_sheet: str
    smelter_first_row: int
    smelter_columns: SmelterColumns
    product_first_row: int
    product_columns: ProductColumns
    required_contact_fields: tuple[str, ...]  # CompanyCells attribute names the Checker requires


def _q(key: str, topic: Topic, row: int, text: str, choices: tuple[str, ...]) -> Question:
    return Question(key=key, topic=topic, text=text, choices=choices, row=row)
