"""Build ``cmrt.declaration.Declaration`` values for tests of the pure checks: a complete,
valid declaration per release family, and small helpers that change one thing in it.

Nothing here reads a workbook: the values are what the reader would produce.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from cmrt.declaration import (
    METAL_ROWS,
    Answer,
    Company,
    Declaration,
    LookupEntry,
    Metal,
    ProductRow,
    Question,
    Scope,
    SmelterResolution,
    SmelterRow,
    TextField,
    Topic,
)
from cmrt.layouts import LAYOUT_2X, LAYOUT_3X, LAYOUT_6X, Layout
from cmrt.recognition import TemplateIdentity, TemplateKind

TODAY = date(2025, 6, 1)
EFFECTIVE_DATE = date(2025, 5, 1)
POLICY_URL = "https://example.com/responsible-sourcing-policy"

# One reference smelter per metal (names invented; IDs in the RMI form).
SMELTERS: dict[Metal, tuple[str, str, str]] = {
    Metal.TANTALUM: ("CID000211", "Example Tantalum Refinery", "United States Of America"),
    Metal.TIN: ("CID001105", "Example Tin Smelter", "Malaysia"),
    Metal.GOLD: ("CID000015", "Example Gold Refinery", "Japan"),
    Metal.TUNGSTEN: ("CID002044", "Example Tungsten Works", "Viet Nam"),
}
# Answers that raise no finding: "No" to the risk questions, the first (complete) choice
# to everything else.
_RISK_TOPICS = {Topic.COVERED_COUNTRIES, Topic.CAHRA, Topic.RECYCLED_SCRAP}

_COMPANY_VALUES = {
    "name": "Acme Components GmbH",
    "scope_description": "",
    "unique_id": "123456789",
    "unique_id_authority": "DUNS",
    "address": "Hauptstrasse 1, 10115 Berlin, Germany",
    "contact_name": "Pat Example",
    "contact_email": "pat@acme.example.com",
    "contact_phone": "+49 30 1234567",
    "authorizer": "Alex Example",
    "authorizer_title": "Head of Compliance",
    "authorizer_email": "alex@acme.example.com",
    "authorizer_phone": "+49 30 7654321",
}


def metal_cell(question: Question, metal: Metal, column: str = "D") -> str:
    return f"{column}{question.row + 1 + METAL_ROWS.index(metal)}"


def make_answer(question: Question, cell: str, raw: str, comment: str = "") -> Answer:
    """What the reader makes of a typed answer: canonical when it is one of the choices."""
    value = raw if raw in question.choices else None
    comment_cell = "G" + cell[1:]
    return Answer(cell=cell, raw=raw, value=value, comment=comment, comment_cell=comment_cell)


def _clean_value(question: Question) -> str:
    return "No" if question.topic in _RISK_TOPICS else question.choices[0]


def _company(layout: Layout) -> Company:
    cells = layout.company

    def text(field: str) -> TextField:
        cell = getattr(cells, field)
        return TextField(cell=cell, value=_COMPANY_VALUES[field] if cell else "")

    return Company(
        name=text("name"),
        scope_raw=TextField(cell=cells.scope, value=layout.scope_choices[0][0]),
        scope=Scope.COMPANY,
        scope_description=text("scope_description"),
        unique_id=text("unique_id"),
        unique_id_authority=text("unique_id_authority"),
        address=text("address"),
        contact_name=text("contact_name"),
        contact_email=text("contact_email"),
        contact_phone=text("contact_phone"),
        authorizer=text("authorizer"),
        authorizer_title=text("authorizer_title"),
        authorizer_email=text("authorizer_email"),
        authorizer_phone=text("authorizer_phone"),
        effective_date_raw=TextField(cell=cells.effective_date, value=EFFECTIVE_DATE.isoformat()),
        effective_date=EFFECTIVE_DATE,
    )


def smelter_row(row: int, metal: Metal, /, **overrides: Any) -> SmelterRow:
    """A Smelter List row for the reference smelter of ``metal``, identified by its CID
    typed in column A; ``overrides`` replace any field (``metal`` too)."""
    cid, name, country = SMELTERS[metal]
    fields: dict[str, Any] = {
        "row": row,
        "cid_input": cid,
        "metal_raw": str(metal),
        "metal": metal,
        "lookup_name": name,
        "name": name,
        "country": country,
        "cid": cid,
        "source": "RMI",
        "street": "",
        "city": "",
        "state": "",
        "contact_name": "",
        "contact_email": "",
        "next_steps": "",
        "mine_names": "",
        "mine_countries": "",
        "recycled_raw": "No",
        "recycled": "No",
        "comments": "",
        "resolution": SmelterResolution.CID_TYPED,
        "cached_cid": cid,
        "cached_country": country,
    }
    fields.update(overrides)
    return SmelterRow(**fields)


def not_listed_row(row: int, metal: Metal, name: str, country: str) -> SmelterRow:
    return smelter_row(
        row,
        metal,
        cid_input="",
        lookup_name="Smelter not listed",
        name=name,
        country=country,
        cid="",
        source="",
        cached_cid="",
        cached_country="",
        resolution=SmelterResolution.NOT_LISTED,
    )


def lookup_entries() -> tuple[LookupEntry, ...]:
    return tuple(
        LookupEntry(metal=metal, lookup_name=name, standard_name=name, country=country, cid=cid)
        for metal, (cid, name, country) in SMELTERS.items()
    )


def _declaration(layout: Layout, version: str, **overrides: Any) -> Declaration:
    answers = {
        question.key: {
            metal: make_answer(question, metal_cell(question, metal), _clean_value(question))
            for metal in METAL_ROWS
        }
        for question in layout.questions
    }
    company_answers = {
        question.key: make_answer(
            question,
            f"D{question.row}",
            question.choices[0],
            POLICY_URL if question.topic is Topic.POLICY_PUBLIC else "",
        )
        for question in layout.company_questions
    }
    declaration = Declaration(
        identity=TemplateIdentity(kind=TemplateKind.CMRT, version=version, language="English"),
        company=_company(layout),
        questions=layout.questions,
        answers=answers,
        company_questions=layout.company_questions,
        company_answers=company_answers,
        smelters=tuple(smelter_row(5 + index, metal) for index, metal in enumerate(METAL_ROWS)),
        products=(),
        lookup=lookup_entries(),
    )
    return replace(declaration, **overrides)


def clean_declaration(**overrides: Any) -> Declaration:
    """A complete, valid CMRT 6.5: company scope, every metal in scope, one identified
    smelter per metal, no products. ``overrides`` replace Declaration fields."""
    return _declaration(LAYOUT_6X, "6.5", **overrides)


def clean_declaration_3x(**overrides: Any) -> Declaration:
    """The same for CMRT 3.01 (no column A; CIDs in column F)."""
    declaration = _declaration(LAYOUT_3X, "3.01")
    smelters = tuple(replace(row, cid_input="") for row in declaration.smelters)
    return replace(declaration, smelters=smelters, **overrides)


def clean_declaration_2x(**overrides: Any) -> Declaration:
    """The same for CMRT 2.03a: no contact fields, no look-up tab, v2 smelter IDs, no
    recycled column."""
    declaration = _declaration(LAYOUT_2X, "2.03a", lookup=())
    smelters = tuple(
        replace(
            row,
            cid_input="",
            cid=f"{index}XYZ00{index}",
            cached_cid=f"{index}XYZ00{index}",
            recycled_raw="",
            recycled=None,
            source="",
            resolution=SmelterResolution.LOOKUP_NAME,
        )
        for index, row in enumerate(declaration.smelters, start=1)
    )
    return replace(declaration, smelters=smelters, **overrides)


def with_answer(
    declaration: Declaration, key: str, metal: Metal, raw: str, comment: str = ""
) -> Declaration:
    """Replace one per-metal answer (``raw`` as typed; "" empties the cell)."""
    question = next(q for q in declaration.questions if q.key == key)
    answer = make_answer(question, metal_cell(question, metal), raw, comment)
    answers = {**declaration.answers, key: {**declaration.answers[key], metal: answer}}
    return replace(declaration, answers=answers)


def with_answers(declaration: Declaration, key: str, raw: str) -> Declaration:
    """The same answer to ``key`` for all four metals."""
    for metal in METAL_ROWS:
        declaration = with_answer(declaration, key, metal, raw)
    return declaration


def with_company_answer(
    declaration: Declaration, key: str, raw: str, comment: str = ""
) -> Declaration:
    question = next(q for q in declaration.company_questions if q.key == key)
    answer = make_answer(question, f"D{question.row}", raw, comment)
    return replace(declaration, company_answers={**declaration.company_answers, key: answer})


def with_company(declaration: Declaration, **fields: Any) -> Declaration:
    """Replace company fields: for a TextField the value is its new text (same cell);
    other fields (``scope``, ``effective_date``) are replaced as given."""
    company = declaration.company
    changes = {
        name: replace(getattr(company, name), value=value)
        if isinstance(getattr(company, name), TextField)
        else value
        for name, value in fields.items()
    }
    return replace(declaration, company=replace(company, **changes))


def with_smelters(declaration: Declaration, *rows: SmelterRow) -> Declaration:
    return replace(declaration, smelters=rows)


def with_products(declaration: Declaration, *products: ProductRow) -> Declaration:
    return replace(declaration, products=products)


def product(row: int, number: str, name: str = "Widget") -> ProductRow:
    return ProductRow(row=row, number=number, name=name, comments="")
