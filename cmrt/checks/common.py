"""Helpers shared by the rule modules: where things are, and how findings are built."""

from __future__ import annotations

import re

from cmrt.checks.context import CheckContext
from cmrt.declaration import (
    DECLARATION,
    METAL_ROWS,
    SMELTER_LIST,
    Answer,
    Declaration,
    Finding,
    Metal,
    Question,
    Severity,
    SmelterResolution,
    SmelterRow,
)
from cmrt.layouts import LAYOUT_6X, Layout, layout_for

CID_FORM = re.compile(r"^CID\d{6}$")
_SPACES = re.compile(r"\s+")
_ABBREVIATION_MARKS = re.compile(r"[.,'’]")
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")

NOT_LISTED = "smelter not listed"
NOT_IDENTIFIED = "smelter not yet identified"


def layout_of(declaration: Declaration) -> Layout | None:
    """The release's layout, or None for releases without a map (1.00, 4.x, 5.x)."""
    return layout_for(declaration.identity.version)


def major_of(declaration: Declaration) -> int:
    """The release's major number; 0 when the version is unknown."""
    try:
        return declaration.identity.major
    except ValueError:
        return 0


def gate_questions(declaration: Declaration) -> tuple[Question, ...]:
    """The questions that decide whether a metal is in scope (6.x/3.x Q1 and Q2; 2.x Q1),
    as ``Declaration.metals_in_scope`` uses them."""
    return declaration.questions[: 2 if major_of(declaration) >= 3 else 1]


def answer_cell(question: Question, metal: Metal) -> str:
    """The answer cell of a per-metal question: the metal rows follow the question row."""
    return f"D{question.row + 1 + METAL_ROWS.index(metal)}"


def answer_of(declaration: Declaration, key: str, metal: Metal) -> Answer | None:
    return declaration.answers.get(key, {}).get(metal)


def value_of(declaration: Declaration, key: str, metal: Metal) -> str | None:
    answer = answer_of(declaration, key, metal)
    return answer.value if answer is not None else None


def choices_text(question: Question) -> str:
    """'"Yes", "No", "Unknown"': quoted, because some choices contain commas."""
    return quoted(question.choices)


def quoted(texts: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f'"{text}"' for text in texts)


def metals_in_scope(declaration: Declaration) -> tuple[Metal, ...]:
    """``Declaration.metals_in_scope``, or none when the declaration cannot tell (no
    release number, or answers missing for a gate question): the checks then report
    what is missing instead of failing."""
    try:
        return declaration.metals_in_scope()
    except (ValueError, KeyError):
        return ()


def at_declaration(
    code: str, severity: Severity, message: str, cell: str, metal: Metal | None = None
) -> Finding:
    return Finding(
        code=code, severity=severity, message=message, sheet=DECLARATION, cell=cell, metal=metal
    )


def at_smelter_row(
    code: str, severity: Severity, message: str, row: int | None, metal: Metal | None = None
) -> Finding:
    return Finding(
        code=code, severity=severity, message=message, sheet=SMELTER_LIST, row=row, metal=metal
    )


def smelter_column(declaration: Declaration, field: str) -> str:
    """The Smelter List column letter of ``field`` in this release (6.x letters when the
    release has no map)."""
    layout = layout_of(declaration) or LAYOUT_6X
    return getattr(layout.smelter_columns, field) or getattr(LAYOUT_6X.smelter_columns, field)


def is_not_listed(row: SmelterRow) -> bool:
    return (
        row.resolution is SmelterResolution.NOT_LISTED or row.lookup_name.casefold() == NOT_LISTED
    )


def is_not_identified(row: SmelterRow) -> bool:
    return (
        row.resolution is SmelterResolution.NOT_IDENTIFIED
        or row.lookup_name.casefold() == NOT_IDENTIFIED
    )


def normalise_cid(text: str) -> str:
    """Spaces removed, upper case: "cid 002516 " -> "CID002516". The result need not be a
    well-formed CID (see ``CID_FORM``)."""
    return _SPACES.sub("", text).upper()


def reported_cid(row: SmelterRow) -> str:
    """The smelter ID the row reports, as entered: column A (6.x) first, then the resolved
    ID, then the cached ID column when it holds something CID-like (an empty look-up
    caches 0 or #N/A there, which is no ID at all)."""
    cached = row.cached_cid.strip()
    return (
        row.cid_input.strip()
        or row.cid.strip()
        or (cached if normalise_cid(cached).startswith("CID") else "")
    )


def normalise_name(text: str) -> str:
    """Smelter names compared for duplicates: case, spacing and punctuation ignored
    ("Cerro Tin Works, S.A." = "CERRO TIN-WORKS SA")."""
    return _NOT_ALPHANUMERIC.sub(" ", _ABBREVIATION_MARKS.sub("", text.casefold())).strip()


def smelter_reference(declaration: Declaration, context: CheckContext) -> dict[str, Metal]:
    """CID -> metal: the app's list when the context has one, else the workbook's own
    Smelter Look-up tab. Empty when neither is available."""
    if context.known_smelters:
        return {normalise_cid(cid): metal for cid, metal in context.known_smelters.items()}
    return {normalise_cid(entry.cid): entry.metal for entry in declaration.lookup if entry.cid}
