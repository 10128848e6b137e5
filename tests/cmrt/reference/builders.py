"""Small reference files built in memory (never copies of corpus files)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook

FACILITY_HEADER = ("Metal", "Smelter Reference", "Standard Smelter Name", "Country", "Smelter ID")


def xlsx(sheets: dict[str, Sequence[Sequence[object]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: Sequence[Sequence[object]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> bytes:
    lines = [delimiter.join("" if v is None else str(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def facility_list(smelters: Sequence[tuple[str, str, str, str]], *, title: str = "") -> bytes:
    """(cid, metal, name, country) rows under RMI-style headers."""
    rows: list[Sequence[object]] = [[title]] if title else []
    rows.append(FACILITY_HEADER)
    rows += [(metal, name, name, country, cid) for cid, metal, name, country in smelters]
    return xlsx({"Smelters": rows})


def status_list(
    statuses: Sequence[tuple[str, str, str]], *, as_of: str = "", sheet: str = "Status"
) -> bytes:
    """(cid, metal, status) rows of an RMAP status list."""
    rows: list[Sequence[object]] = [("As of", as_of)] if as_of else []
    rows.append(("Metal", "Smelter ID", "Standard Smelter Name", "RMAP Status"))
    rows += [(metal, cid, f"Smelter {cid}", status) for cid, metal, status in statuses]
    return xlsx({sheet: rows})


def lookup_template(
    entries: Sequence[tuple[str, str, str, str, str]],
    *,
    version: str = "6.5",
    released: str = "April 25, 2025",
) -> bytes:
    """A CMRT with only what recognition and the Smelter Look-up tab need.

    ``entries``: (metal, look-up name, standard name, country, CID)."""
    revision = [[], [], [None, "Conflict Minerals Reporting Template (CMRT)"], [], [None, version]]
    declaration: list[list[object]] = [
        [],
        [None, None, None, "Conflict Minerals Reporting Template"],
    ]
    declaration.append([None] * 9 + [f"Revision {version}\n{released}"])
    lookup: list[Sequence[object]] = [[], [], []]
    lookup.append(
        (
            "Metal",
            "Smelter Look-up (*)",
            "Standard Smelter Names",
            "Smelter Facility Location: Country",
            "Smelter Identification",
            "Source of Smelter Identification Number",
            "Smelter Street",
            "Smelter City",
            "Smelter Facility Location: State / Province",
        )
    )
    lookup += [
        (m, alias, std, country, cid, "RMI", "", "City", "")
        for m, alias, std, country, cid in entries
    ]
    lookup.append(("Gold", "Smelter not listed", "", "", ""))
    return xlsx(
        {
            "Revision": revision,
            "Declaration": declaration,
            "Smelter List": [[]],
            "Smelter Look-up": lookup,
        }
    )
