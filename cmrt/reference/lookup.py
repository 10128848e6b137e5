"""The Smelter Look-up tab of an RMI template: the smelter list of that release. Pure.

Entries come from the CMRT reader's own ``lookup_read`` so the app and the reader agree
on what the tab says; this module groups them by CID (one smelter, several look-up
names) and names the rows it cannot use.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.utils.translation import gettext as _

from cmrt.reading.smelters import NOT_IDENTIFIED, NOT_LISTED, lookup_read, normalise_cid
from cmrt.reading.translation import METAL_WORDS
from cmrt.reading.values import cell_text, fold
from cmrt.recognition import TemplateIdentity
from cmrt.reference.columns import CID_PATTERN, date_parse
from cmrt.reference.lists import where
from cmrt.reference.model import ParsedReference, ReferenceFileError, ReferenceKind, SmelterEntry
from cmrt.workbook import Workbook

LOOKUP_SHEET = "Smelter Look-up"
_FIRST_ROW = 5  # header on row 4 in every 6.x release and in EMRT/AMRT/CRT
_PLACEHOLDERS = {fold(NOT_LISTED), fold(NOT_IDENTIFIED)}


def release_date(workbook: Workbook) -> date | None:
    """The release date under the revision in Declaration!J3 ("Revision 6.5\\nApril 25,
    2025"), which dates the list the tab carries."""
    declaration = workbook.sheet("Declaration")
    text = cell_text(declaration.value("J3")) if declaration else ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return date_parse(lines[1]) if len(lines) > 1 else None


def _row_problems(workbook: Workbook) -> list[str]:
    """Rows naming a 3TG smelter with no usable CID, by row number (``lookup_read``
    keeps no positions)."""
    sheet = workbook.sheet(LOOKUP_SHEET)
    problems: list[str] = []
    if sheet is None:
        return problems
    for index in range(_FIRST_ROW - 1, sheet.row_count):
        metal = cell_text(sheet.at(index, 0))
        name = cell_text(sheet.at(index, 1))
        if not metal or metal.casefold() not in METAL_WORDS or not name:
            continue
        if fold(name) in _PLACEHOLDERS:
            continue
        raw = cell_text(sheet.at(index, 4))
        here = where(LOOKUP_SHEET, index + 1)
        if not raw:
            problems.append(_("%(where)s: no smelter ID") % {"where": here})
        elif not CID_PATTERN.match(normalise_cid(raw)):
            problems.append(
                _("%(where)s: smelter ID %(cid)s is not of the form CID000000")
                % {"where": here, "cid": raw}
            )
    return problems


def lookup_parse(workbook: Workbook, identity: TemplateIdentity) -> ParsedReference:
    """One SmelterEntry per CID of the tab, its look-up names gathered."""
    smelters: dict[str, SmelterEntry] = {}
    problems = _row_problems(workbook)
    for entry in lookup_read(workbook):
        if not CID_PATTERN.match(entry.cid):
            continue  # named in _row_problems
        known = smelters.get(entry.cid)
        if known is None:
            smelters[entry.cid] = SmelterEntry(
                cid=entry.cid,
                metal=entry.metal,
                standard_name=entry.standard_name,
                country=entry.country,
                street=entry.street,
                city=entry.city,
                state=entry.state,
                source=entry.source,
                lookup_names=(entry.lookup_name,),
                where=LOOKUP_SHEET,
            )
        elif fold(entry.lookup_name) not in {fold(n) for n in known.lookup_names}:
            smelters[entry.cid] = replace(
                known, lookup_names=(*known.lookup_names, entry.lookup_name)
            )
    label = f"{identity.kind.value} {identity.version}".strip()
    if not smelters:
        raise ReferenceFileError(
            _(
                "The %(template)s has no tin, tantalum, tungsten or gold smelters on its Smelter "
                "Look-up tab."
            )
            % {"template": label},
            tuple(problems),
        )
    return ParsedReference(
        kind=ReferenceKind.LOOKUP_TAB,
        source_label=_("%(template)s Smelter Look-up") % {"template": label},
        smelters=tuple(smelters.values()),
        release=identity.version,
        as_of=release_date(workbook),
        problems=tuple(problems),
    )
