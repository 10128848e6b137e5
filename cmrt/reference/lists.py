"""RMI facility lists and RMAP status lists (xlsx sheets or one CSV table). Pure.

What a file is comes from its headers: a table with a smelter ID column and a status
column ("RMI Status", "RMAP status", or a "Type" column holding status words) makes a
status list; a table with smelter ID, metal and name columns and no status makes a
facility list. A workbook may hold several tables (the c. 2022 compilation has
Conformant, Active and "All smelters" sheets); all tables of the file's kind are read
and merged by CID, the first table giving a CID winning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from django.utils.translation import gettext as _

from cmrt.declaration import Metal
from cmrt.reading.smelters import normalise_cid
from cmrt.reading.translation import METAL_WORDS
from cmrt.reading.values import cell_text, fold
from cmrt.reference.columns import (
    CID_PATTERN,
    Header,
    cell_at,
    date_parse,
    header_find,
    stated_date,
)
from cmrt.reference.model import (
    ParsedReference,
    ReferenceFileError,
    ReferenceKind,
    SmelterEntry,
    StatusEntry,
)
from cmrt.reference.status import is_blank_status, is_known_status, status_canonical
from cmrt.workbook import CellValue

Rows = Sequence[Sequence[CellValue]]
_YES = frozenset({"yes", "y", "x", "true", "1"})
_NO = frozenset({"no", "n", "false", "0", "-"})


@dataclass(frozen=True)
class Table:
    """One sheet of a workbook (``name``) or the single table of a CSV (``name`` "")."""

    name: str
    rows: Rows


def where(table: str, row: int) -> str:
    if table:
        return _("sheet “%(sheet)s”, row %(row)d") % {"sheet": table, "row": row}
    return _("row %(row)d") % {"row": row}


@dataclass
class _Collected:
    smelters: dict[str, SmelterEntry] = field(default_factory=dict)
    statuses: dict[str, StatusEntry] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    other_metals: dict[str, int] = field(default_factory=dict)


def _status_column(table: Table, header: Header) -> int | None:
    if "status" in header.columns:
        return header.columns["status"]
    column = header.columns.get("type")
    if column is None:
        return None
    # "Type" is a status in RMI's Conformant/Active downloads and a risk level in others.
    values = {cell_at(row, column) for row in table.rows[header.row + 1 :]} - {""}
    if values and all(is_known_status(value) for value in values):
        return column
    return None


def _cid(row: Sequence[CellValue], header: Header, here: str, out: _Collected) -> str | None:
    raw = cell_at(row, header.columns["cid"])
    if not raw:
        out.problems.append(_("%(where)s: no smelter ID") % {"where": here})
        return None
    cid = normalise_cid(raw)
    if not CID_PATTERN.match(cid):
        out.problems.append(
            _("%(where)s: smelter ID %(cid)s is not of the form CID000000")
            % {"where": here, "cid": raw}
        )
        return None
    return cid


def _metal(
    row: Sequence[CellValue], header: Header, here: str, out: _Collected, *, required: bool
) -> Metal | bool | None:
    """The metal; None when the list gives none; False when the row is to be skipped."""
    raw = cell_at(row, header.columns.get("metal"))
    if not raw:
        if required:
            out.problems.append(_("%(where)s: no metal") % {"where": here})
            return False
        return None
    word = METAL_WORDS.get(raw.casefold())
    if word is None:
        # Cobalt, mica...: RMI lists cover more minerals than this app's 3TG.
        out.other_metals[raw] = out.other_metals.get(raw, 0) + 1
        return False
    return Metal(word)


def _cross(row: Sequence[CellValue], header: Header) -> str:
    found: list[str] = []
    for column, programme in header.cross.items():
        text = cell_at(row, column)
        if not text or text.casefold() in _NO:
            continue
        name = (programme or header.labels[column]) if text.casefold() in _YES else text
        if name and name not in found:
            found.append(name)
    return ", ".join(found)


def _facility_rows(table: Table, header: Header, out: _Collected) -> None:
    columns = header.columns
    for index in range(header.row + 1, len(table.rows)):
        row = table.rows[index]
        if not any(cell_text(value) for value in row):
            continue
        here = where(table.name, index + 1)
        cid = _cid(row, header, here, out)
        if cid is None:
            continue
        metal = _metal(row, header, here, out, required=True)
        if not isinstance(metal, Metal):
            continue
        lookup = cell_at(row, columns.get("lookup_name"))
        name = cell_at(row, columns.get("standard_name")) or lookup
        if not name:
            out.problems.append(_("%(where)s: no smelter name") % {"where": here})
            continue
        known = out.smelters.get(cid)
        if known is None:
            out.smelters[cid] = SmelterEntry(
                cid=cid,
                metal=metal,
                standard_name=name,
                country=cell_at(row, columns.get("country")),
                street=cell_at(row, columns.get("street")),
                city=cell_at(row, columns.get("city")),
                state=cell_at(row, columns.get("state")),
                source=cell_at(row, columns.get("source")),
                lookup_names=(lookup,) if lookup else (),
                where=here,
            )
            continue
        if known.metal is not metal:
            out.problems.append(
                _("%(where)s: %(cid)s is listed for %(metal)s here and for %(kept)s at %(first)s")
                % {
                    "where": here,
                    "cid": cid,
                    "metal": metal,
                    "kept": known.metal,
                    "first": known.where,
                }
            )
            continue
        names = {fold(n) for n in known.lookup_names}
        if lookup and fold(lookup) not in names:
            out.smelters[cid] = replace(known, lookup_names=(*known.lookup_names, lookup))


def _status_rows(table: Table, header: Header, column: int, out: _Collected) -> None:
    columns = header.columns
    for index in range(header.row + 1, len(table.rows)):
        row = table.rows[index]
        if not any(cell_text(value) for value in row):
            continue
        here = where(table.name, index + 1)
        cid = _cid(row, header, here, out)
        if cid is None:
            continue
        metal = _metal(row, header, here, out, required=False)
        if metal is False:
            continue
        raw = cell_text(row[column]) if column < len(row) else ""
        if is_blank_status(raw):
            out.problems.append(_("%(where)s: no status for %(cid)s") % {"where": here, "cid": cid})
            continue
        audit: date | None = None
        audit_column = columns.get("last_audit_date")
        if audit_column is not None and audit_column < len(row) and cell_at(row, audit_column):
            audit = date_parse(row[audit_column])
            if audit is None:
                out.problems.append(
                    _("%(where)s: last audit date %(value)s is not a date; left empty")
                    % {"where": here, "value": cell_at(row, audit_column)}
                )
        entry = StatusEntry(
            cid=cid,
            status_raw=raw,
            status=status_canonical(raw),
            metal=metal if isinstance(metal, Metal) else None,
            name=cell_at(row, columns.get("standard_name"))
            or cell_at(row, columns.get("lookup_name")),
            country=cell_at(row, columns.get("country")),
            last_audit_date=audit,
            audit_cycle=cell_at(row, columns.get("audit_cycle")),
            cross_recognition=_cross(row, header),
            where=here,
        )
        known = out.statuses.get(cid)
        if known is None:
            out.statuses[cid] = entry
            continue
        if known.status is not entry.status:
            out.problems.append(
                _(
                    "%(where)s: %(cid)s is “%(status)s” here but “%(kept)s” at %(first)s; "
                    "kept “%(kept)s”"
                )
                % {
                    "where": here,
                    "cid": cid,
                    "status": raw,
                    "kept": known.status_raw,
                    "first": known.where,
                }
            )
        # Later tables fill what the first left empty (the audit data of a Conformant sheet).
        out.statuses[cid] = replace(
            known,
            metal=known.metal or entry.metal,
            name=known.name or entry.name,
            country=known.country or entry.country,
            last_audit_date=known.last_audit_date or entry.last_audit_date,
            audit_cycle=known.audit_cycle or entry.audit_cycle,
            cross_recognition=known.cross_recognition or entry.cross_recognition,
        )


def lists_parse(tables: Sequence[Table]) -> ParsedReference:
    """Parse a facility list or a status list. Raises ReferenceFileError when no table
    has the headers of either, or when no row is usable."""
    found: list[tuple[Table, Header, int | None]] = []
    notes: list[str] = []
    for table in tables:
        header = header_find(table.rows)
        if header is None:
            if table.name and any(any(cell_text(v) for v in row) for row in table.rows):
                notes.append(
                    _("Sheet “%(sheet)s” has no smelter ID column in its first rows; not read.")
                    % {"sheet": table.name}
                )
            continue
        found.append((table, header, _status_column(table, header)))
    if not found:
        raise ReferenceFileError(
            _(
                "This file is not a smelter list: no sheet has a header row with a smelter ID "
                "column and a metal or smelter name column in its first 20 rows."
            )
        )
    is_status = any(column is not None for _t, _h, column in found)
    out = _Collected()
    as_of: date | None = None
    for table, header, column in found:
        as_of = as_of or stated_date(table.rows[: header.row])
        if is_status and column is None:
            notes.append(
                _("Sheet “%(sheet)s” has no status column; not read.") % {"sheet": table.name}
            )
        elif is_status and column is not None:
            _status_rows(table, header, column, out)
        elif not header.has("metal", "standard_name") and not header.has("metal", "lookup_name"):
            label = table.name or _("The file")
            raise ReferenceFileError(
                _("%(sheet)s has a smelter ID column but no metal or no smelter name column.")
                % {"sheet": label}
            )
        else:
            _facility_rows(table, header, out)
    if out.other_metals:
        notes.append(
            _(
                "%(count)d rows for metals other than tin, tantalum, tungsten and gold "
                "(%(metals)s) were not read."
            )
            % {
                "count": sum(out.other_metals.values()),
                "metals": ", ".join(sorted(out.other_metals)),
            }
        )
    problems = tuple(out.problems)
    if is_status:
        if not out.statuses:
            raise ReferenceFileError(_("The status list has no usable rows."), problems)
        unmapped = sorted(
            {s.status_raw for s in out.statuses.values() if s.status == "unknown"}, key=str.casefold
        )
        return ParsedReference(
            kind=ReferenceKind.STATUS_LIST,
            source_label=_("RMAP status list"),
            statuses=tuple(out.statuses.values()),
            as_of=as_of,
            problems=problems,
            notes=tuple(notes),
            unmapped_statuses=tuple(unmapped),
        )
    if not out.smelters:
        raise ReferenceFileError(_("The facility list has no usable rows."), problems)
    return ParsedReference(
        kind=ReferenceKind.FACILITY_LIST,
        source_label=_("RMI facility list"),
        smelters=tuple(out.smelters.values()),
        as_of=as_of,
        problems=problems,
        notes=tuple(notes),
    )
