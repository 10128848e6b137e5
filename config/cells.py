"""Cells of the CSV and XLSX files the app exports, made safe to open.

Names in exports come from suppliers' files and forms. A cell whose text starts with
= + - @ (or a tab / carriage return) is run as a formula by Excel and LibreOffice when the
file is opened, or when a CSV is imported (OWASP "CSV injection": ``=HYPERLINK(...)``,
``+cmd|' /C calc'!A0``). Such text gets a leading apostrophe, the usual defence: the
spreadsheet shows it as text and runs nothing. Numbers, dates and other types pass as they
are, so that they still sort and sum. Pure: no Django.

Control characters other than tab, line feed and carriage return are removed first: XML 1.0
forbids them, so openpyxl refuses to write a workbook holding one (a supplier name imported
from a CSV, or a company name a CMRT spelled with Excel's ``_x0007_`` escape, made every XLSX
export fail), and a name that only starts with "=" once they are gone is still caught.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The same set as openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.
_ILLEGAL_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_safe(value: Any) -> Any:
    """``value`` as an export cell: text without control characters and with formula-like
    text neutralised, anything else as is."""
    if not isinstance(value, str):
        return value
    value = _ILLEGAL_IN_XML.sub("", value)
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


def row_safe(values: Iterable[Any]) -> list[Any]:
    return [cell_safe(value) for value in values]


def cell_restore(text: str) -> str:
    """The inverse of ``cell_safe`` for files coming back in (an exported registry edited
    and imported again): "'+49 30 ..." is "+49 30 ..." again."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
