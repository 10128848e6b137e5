"""The company block of the Declaration sheet."""

from __future__ import annotations

import re

from cmrt.declaration import Company, Scope, TextField
from cmrt.layouts import Layout
from cmrt.reading.values import cell_text, excel_date, fold
from cmrt.workbook import Sheet

_SCOPE_LETTER = re.compile(r"^\s*([A-Da-d])\s*[.)．、]")


def _field(sheet: Sheet, cell: str) -> TextField:
    return TextField(cell=cell, value=cell_text(sheet.value(cell)) if cell else "")


def scope_parse(raw: str, layout: Layout) -> Scope | None:
    """The scope from its text, or from its leading letter ("A." / "B)"), which every
    language version keeps."""
    if not raw:
        return None
    for text, value in layout.scope_choices:
        if fold(text) == fold(raw):
            return Scope(value)
    letter = _SCOPE_LETTER.match(raw)
    if letter:
        for text, value in layout.scope_choices:
            if text.startswith(letter.group(1).upper() + "."):
                return Scope(value)
    return None


def company_read(sheet: Sheet, layout: Layout) -> Company:
    cells = layout.company
    scope_raw = _field(sheet, cells.scope)
    date_cell = cells.effective_date
    return Company(
        name=_field(sheet, cells.name),
        scope_raw=scope_raw,
        scope=scope_parse(scope_raw.value, layout),
        scope_description=_field(sheet, cells.scope_description),
        unique_id=_field(sheet, cells.unique_id),
        unique_id_authority=_field(sheet, cells.unique_id_authority),
        address=_field(sheet, cells.address),
        contact_name=_field(sheet, cells.contact_name),
        contact_email=_field(sheet, cells.contact_email),
        contact_phone=_field(sheet, cells.contact_phone),
        authorizer=_field(sheet, cells.authorizer),
        authorizer_title=_field(sheet, cells.authorizer_title),
        authorizer_email=_field(sheet, cells.authorizer_email),
        authorizer_phone=_field(sheet, cells.authorizer_phone),
        effective_date_raw=_field(sheet, date_cell),
        effective_date=excel_date(sheet.value(date_cell)),
    )
