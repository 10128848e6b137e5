"""Turn cell values into text, dates and canonical answers. Pure."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from cmrt.workbook import CellValue

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, with Excel's 1900 leap-year bug
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d-%b-%Y", "%d %b %Y", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y")
_SPACES = re.compile(r"\s+")


def cell_text(value: CellValue) -> str:
    """What a person sees in the cell, as stripped text ("" for empty). NUL is dropped: Excel
    shows nothing for it (a file says ``_x0000_``), and PostgreSQL refuses it in text and JSON
    columns, so one NUL in a company name would fail the whole submission's save."""
    if type(value) is str:  # most cells: checked first, this runs for every cell read
        return value.replace("\x00", "").strip() if "\x00" in value else value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).replace("\x00", "").strip()


def fold(text: str) -> str:
    """Comparison key: case- and spacing-insensitive ("Yes, 100 %" == "yes,100%")."""
    return "".join(text.split()).casefold().strip(":：*")


def excel_date(value: CellValue) -> date | None:
    """A date from a datetime, an Excel serial number or common written forms."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # up to 9999-12-31
            return _EXCEL_EPOCH + timedelta(days=int(value))
        return None
    text = cell_text(value)
    if not text:
        return None
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _EXCEL_EPOCH + timedelta(days=int(float(text)))
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.split("T")[0], pattern).date()
        except ValueError:
            continue
    return None


@functools.lru_cache(maxsize=256)
def _choice_keys(choices: tuple[str, ...]) -> dict[str, str]:
    # The same few choice tuples serve every answer and every smelter row of every file.
    return {fold(choice): choice for choice in choices}


def canonical_choice(
    value: CellValue, choices: tuple[str, ...], translations: Mapping[str, str]
) -> str | None:
    """The choice ``value`` stands for, or None when it is none of them.

    Tolerates case and spacing, the number 1 for "100%" (6.01-6.22 store it so), and
    answers in the workbook's language (translated through its hidden L sheet).
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value == 1:
            for choice in choices:
                if choice.startswith("100%"):
                    return choice
        return None
    text = cell_text(value)
    if not text:
        return None
    by_key = _choice_keys(choices)
    key = fold(text)
    if key in by_key:
        return by_key[key]
    english = translations.get(key)
    if english is not None:
        return by_key.get(fold(english))
    return None


def is_footer(row: tuple[CellValue, ...]) -> bool:
    """The template's copyright line ("© 2025 Responsible Minerals Initiative...") ends
    the data area; below it some releases keep translation tables."""
    # It sits in the first columns; looking no further keeps the scan of 2,500 rows cheap.
    for value in row[:4]:
        if type(value) is str and "©" in value and value.lstrip().startswith("©"):
            return True
    return False
