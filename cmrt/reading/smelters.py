"""Smelter rows, resolved from what the supplier entered, never from cached formulas alone.

A row names its smelter by a CID typed in column A (6.x), or by metal + look-up name
(columns B/C) picked from the Smelter Look-up list, or as "Smelter not listed" with a
name and country typed in D/E. Files written by tools other than Excel carry no cached
formula results, so the CID, standard name and country are looked up here; the cached
E/F values are kept only to cross-check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cmrt.declaration import LookupEntry, Metal, SmelterResolution, SmelterRow
from cmrt.layouts import SmelterColumns
from cmrt.reading.translation import METAL_WORDS, Translations
from cmrt.reading.values import canonical_choice, cell_text, fold, is_footer
from cmrt.workbook import Sheet, Workbook, column_index

NOT_LISTED = "Smelter not listed"
NOT_IDENTIFIED = "Smelter not yet identified"
_CID = re.compile(r"^CID\d+$")
RECYCLED_CHOICES = ("Yes", "No", "Unknown")
_SPECIAL = {fold(NOT_LISTED): NOT_LISTED, fold(NOT_IDENTIFIED): NOT_IDENTIFIED}


def normalise_cid(text: str) -> str:
    """'cid 002763' -> 'CID002763'. Malformed IDs are kept (the checker reports them)."""
    return "".join(text.split()).upper()


def metal_parse(text: str, translations: Translations) -> Metal | None:
    if not text:
        return None
    word = METAL_WORDS.get(text.strip().casefold()) or METAL_WORDS.get(
        translations.english(text).strip().casefold()
    )
    return Metal(word) if word else None


def lookup_read(workbook: Workbook) -> tuple[LookupEntry, ...]:
    """The release's RMI smelter list from its Smelter Look-up tab (6.x; header row 4)."""
    sheet = workbook.sheet("Smelter Look-up")
    if sheet is None:
        return ()
    entries = []
    padding = ("",) * 9
    for row in sheet.rows[4:]:
        if not row or not row[0]:
            continue
        values = [cell_text(v) for v in (row + padding)[:9]]
        metal = METAL_WORDS.get(values[0].casefold())
        if metal is None or not values[1] or fold(values[1]) in _SPECIAL:
            continue  # the list's own "Smelter not listed" placeholders are no smelters
        entries.append(
            LookupEntry(
                metal=Metal(metal),
                lookup_name=values[1],
                standard_name=values[2] or values[1],
                country=values[3],
                cid=normalise_cid(values[4]),
                source=values[5],
                street=values[6] if values[6] != "0" else "",
                city=values[7] if values[7] != "0" else "",
                state=values[8] if values[8] != "0" else "",
            )
        )
    return tuple(entries)


class LookupIndex:
    """Look-up entries by CID and by (metal, folded look-up name)."""

    def __init__(self, entries: Iterable[LookupEntry]) -> None:
        self.by_cid: dict[str, LookupEntry] = {}
        self.by_name: dict[tuple[Metal, str], LookupEntry] = {}
        for entry in entries:
            if entry.cid:
                self.by_cid.setdefault(entry.cid, entry)
            self.by_name.setdefault((entry.metal, fold(entry.lookup_name)), entry)
            self.by_name.setdefault((entry.metal, fold(entry.standard_name)), entry)


def _special(text: str) -> str:
    """ "Smelter not listed" / "Smelter not yet identified". The templates' drop-down lists
    carry them in English whatever the file's language (the Smelter Look-up tab's values are
    not translated, and sheet L has no entry for them), so sheet L is never consulted."""
    return _SPECIAL.get(fold(text), "") if text else ""


def _columns(columns: SmelterColumns) -> dict[str, int | None]:
    return {
        name: column_index(letter) if letter else None for name, letter in columns.__dict__.items()
    }


def smelters_read(
    sheet: Sheet | None,
    first_row: int,
    columns: SmelterColumns,
    index: LookupIndex,
    translations: Translations,
    *,
    names_are_cached: bool = False,
) -> tuple[SmelterRow, ...]:
    """``names_are_cached``: in 2.x/3.x column D is a formula (the standard name looked up
    from column C), so a name there identifies the smelter as a cached result."""
    if sheet is None:
        return ()
    positions = _columns(columns)
    entry_fields = ("cid_input", "metal", "lookup_name", "name", "cid")
    rows = []
    for row_index in range(first_row - 1, sheet.row_count):
        if is_footer(sheet.rows[row_index]):
            break
        values = sheet.rows[row_index]
        if not any(values):
            continue
        width = len(values)
        raw = {
            name: cell_text(values[position]) if position is not None and position < width else ""
            for name, position in positions.items()
        }
        if not any(raw[name] for name in entry_fields):
            continue
        rows.append(_row(row_index + 1, raw, index, translations, names_are_cached))
    return tuple(rows)


def _row(
    number: int,
    raw: dict[str, str],
    index: LookupIndex,
    translations: Translations,
    names_are_cached: bool,
) -> SmelterRow:
    metal = metal_parse(raw["metal"], translations)
    cid_input = normalise_cid(raw["cid_input"])
    cached_cid = normalise_cid(raw["cid"])
    lookup_name = raw["lookup_name"]
    entry: LookupEntry | None = None
    if cid_input:
        entry = index.by_cid.get(cid_input)
        resolution = SmelterResolution.CID_TYPED if entry else SmelterResolution.UNRESOLVED
    elif metal is not None and lookup_name and (metal, fold(lookup_name)) in index.by_name:
        entry = index.by_name[(metal, fold(lookup_name))]
        resolution = SmelterResolution.LOOKUP_NAME
    else:
        special = _special(lookup_name)
        if special == NOT_LISTED:
            resolution = SmelterResolution.NOT_LISTED
        elif special == NOT_IDENTIFIED:
            resolution = SmelterResolution.NOT_IDENTIFIED
        elif cached_cid or (names_are_cached and raw["name"]):
            entry = index.by_cid.get(cached_cid) if cached_cid else None
            resolution = SmelterResolution.CACHED
        else:
            resolution = SmelterResolution.UNRESOLVED
    if entry is not None and metal is None and not raw["metal"]:
        metal = entry.metal  # column B fills itself from a typed CID
    typed_cid = cid_input or (cached_cid if resolution is SmelterResolution.CACHED else "")
    return SmelterRow(
        row=number,
        cid_input=raw["cid_input"],
        metal_raw=raw["metal"],
        metal=metal,
        lookup_name=raw["lookup_name"],
        name=entry.standard_name if entry else raw["name"],
        country=entry.country if entry else raw["country"],
        cid=entry.cid if entry else typed_cid,
        source=entry.source if entry else raw["source"],
        street=entry.street if entry else raw["street"],
        city=entry.city if entry else raw["city"],
        state=entry.state if entry else raw["state"],
        contact_name=raw["contact_name"],
        contact_email=raw["contact_email"],
        next_steps=raw["next_steps"],
        mine_names=raw["mine_names"],
        mine_countries=raw["mine_countries"],
        recycled_raw=raw["recycled"],
        recycled=canonical_choice(raw["recycled"], RECYCLED_CHOICES, translations.to_english),
        comments=raw["comments"],
        resolution=resolution,
        cached_cid=cached_cid,
        cached_country=raw["country"],
    )
