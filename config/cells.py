"""Cells of the CSV and XLSX files the app exports, made safe to open.

Names in exports come from suppliers' files and forms. A cell whose text starts with
= + - @ (or a tab / carriage return) is run as a formula by Excel and LibreOffice when the
file is opened, or when a CSV is imported (OWASP "CSV injection": ``=HYPERLINK(...)``,
``+cmd|' /C calc'!A0``). Such text gets a leading apostrophe, the usual defence: the
spreadsheet shows it as text and runs nothing. Numbers, dates and other types pass as they
are, so that they still sort and sum. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value: Any) -> Any:
    """``value`` as an export cell: formula-like text neutralised, anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
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
