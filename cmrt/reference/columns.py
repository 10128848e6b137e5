"""Find a list's header row and map its columns to fields, by header text. Pure.

Headers are compared on letters and digits only, ignoring case, so "STATE/ PROVINCE/
REGION", "State / Province" and "state_province" are one header. RMI's downloads and
user-compiled copies move, rename and re-case columns, so order never matters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from cmrt.reading.values import cell_text
from cmrt.workbook import CellValue, column_letters

HEADER_SEARCH_ROWS = 20
CID_PATTERN = re.compile(r"^CID\d{6}$")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")

# field -> exact header keys (alphanumerics of the lower-cased header).
_EXACT: dict[str, frozenset[str]] = {
    "cid": frozenset(
        {
            "smelterid",
            "cid",
            "smelteridentification",
            "smelteridentificationnumber",
            "smelteridcid",
            "facilityid",
            "rmiid",
            "smelterreferenceid",
            "version3",
        }
    ),
    "metal": frozenset({"metal", "mineral", "metals"}),
    "standard_name": frozenset(
        {
            "standardsmeltername",
            "standardsmelternames",
            "standardfacilityname",
            "standardname",
            "smeltername",
            "facilityname",
            "smelterorrefinername",
            "name",
        }
    ),
    "lookup_name": frozenset(
        {
            "smelterreference",
            "smelterlookup",
            "smelterreferencelist",
            "smelterlookupname",
            "facilityalias",
            "alias",
            "smelteralias",
            "knownas",
        }
    ),
    "country": frozenset(
        {
            "country",
            "countrylocation",
            "smelterfacilitylocationcountry",
            "facilitylocationcountry",
            "locationcountry",
            "smeltercountry",
        }
    ),
    "street": frozenset({"street", "smelterstreet", "address", "streetaddress"}),
    "city": frozenset({"city", "smeltercity"}),
    "state": frozenset(
        {
            "stateprovince",
            "stateprovinceregion",
            "smelterfacilitylocationstateprovince",
            "smelterstateprovince",
            "state",
            "province",
        }
    ),
    "source": frozenset({"sourceofsmelteridentificationnumber", "source", "sourceofid"}),
    "status": frozenset(
        {
            "rmistatus",
            "rmapstatus",
            "status",
            "assessmentstatus",
            "conformancestatus",
            "rmapconformancestatus",
            "auditstatus",
        }
    ),
    "type": frozenset({"type"}),
    "last_audit_date": frozenset(
        {"lastauditdate", "lastassessmentdate", "auditdate", "dateoflastaudit"}
    ),
    "audit_cycle": frozenset({"auditcycle", "assessmentcycle", "reauditfrequency"}),
}
# Columns whose "Yes" means the smelter is recognised by another programme.
CROSS_RECOGNITION = {
    "lbmarg": "LBMA",
    "lbma": "LBMA",
    "lbmagooddelivery": "LBMA",
    "rjc": "RJC",
    "rjccop": "RJC",
    "crossrecognition": "",
    "crossrecognised": "",
}


def header_key(value: CellValue) -> str:
    return _NOT_ALNUM.sub("", cell_text(value).casefold())


@dataclass(frozen=True)
class Header:
    """A table's header: its 0-based row, field -> 0-based column, and the columns of
    cross-recognition flags (column -> programme name, "" to use the cell's text)."""

    row: int
    columns: dict[str, int]
    cross: dict[int, str]
    labels: tuple[str, ...]

    def has(self, *fields: str) -> bool:
        return all(name in self.columns for name in fields)


def _header_of(index: int, row: Sequence[CellValue]) -> Header:
    columns: dict[str, int] = {}
    cross: dict[int, str] = {}
    for position, value in enumerate(row):
        key = header_key(value)
        if not key:
            continue
        if key in CROSS_RECOGNITION:
            cross[position] = CROSS_RECOGNITION[key]
            continue
        for name, keys in _EXACT.items():
            if key in keys and name not in columns:
                columns[name] = position
                break
        else:
            # Longer wordings: "Smelter ID (RMI)", "RMAP assessment status (2024)".
            if key.startswith("smelterid") and "cid" not in columns:
                columns["cid"] = position
            elif "status" in key and "status" not in columns and "risk" not in key:
                columns["status"] = position
    labels = tuple(cell_text(value) for value in row)
    return Header(row=index, columns=columns, cross=cross, labels=labels)


def header_find(rows: Sequence[Sequence[CellValue]]) -> Header | None:
    """The first of the first rows that names a smelter ID column and a name or metal
    column: lists often carry a title, a date or notes above the header."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        header = _header_of(index, row)
        if header.has("cid") and (header.has("standard_name") or header.has("metal")):
            return header
    return None


def cell_at(row: Sequence[CellValue], column: int | None) -> str:
    if column is None or column >= len(row):
        return ""
    text = cell_text(row[column])
    return "" if text.casefold() in {"#n/a", "#ref!", "#value!", "#name?"} else text


def cell_name(sheet: str, row: int, column: int) -> str:
    """'sheet Conformant, cell H12' or 'row 12, column H' for a CSV (``sheet`` "")."""
    if sheet:
        return f"{sheet}!{column_letters(column)}{row}"
    return f"{column_letters(column)}{row}"


_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_LONG_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%B %Y")


def date_parse(value: CellValue) -> date | None:
    """A date from a date cell, an Excel serial, ISO text or US text ("2/15/2019").

    RMI publishes from the US, so slashed dates are month first; ``excel_date`` in the
    CMRT reader tries day first, which would misread "6/1/2021".
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        from cmrt.reading.values import excel_date

        return excel_date(value) if 20_000 < value < 80_000 else None
    text = cell_text(value)
    try:
        if match := _US_DATE.match(text):
            return date(int(match.group(3)), int(match.group(1)), int(match.group(2)))
        if match := _ISO_DATE.match(text):
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    for pattern in _LONG_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


_STATED = re.compile(
    r"(as of|as at|updated|last update[d]?|published|date)\s*[:：-]?\s*(.*)$", re.I
)


def stated_date(rows: Sequence[Sequence[CellValue]]) -> date | None:
    """A date the rows above a header state: "As of 2024-01-15", or a label cell such
    as "Last updated:" followed by a date cell."""
    for row in rows:
        for position, value in enumerate(row):
            text = cell_text(value)
            match = _STATED.search(text) if text else None
            if match is None:
                continue
            found = date_parse(match.group(2).strip()) if match.group(2).strip() else None
            if found is None and position + 1 < len(row):
                found = date_parse(row[position + 1])
            if found is not None:
                return found
    return None
