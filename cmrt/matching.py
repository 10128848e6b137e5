"""Match reported smelter rows to the smelter reference list. Pure: dataclasses in and out.

For each row, in order: the smelter ID (normalised; malformed IDs are said so), else a
known name of that metal (standard, look-up, other or former name), else a reviewer's
earlier decision on that (metal, name), else a similar name (+ country) with a score;
else not recognised. Every result says how it was made and why, with the candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from cmrt.declaration import Metal, SmelterResolution, SmelterRow
from cmrt.reading.smelters import normalise_cid
from cmrt.reading.values import fold


class MatchMethod(StrEnum):  # the values of SmelterRecord.MatchMethod
    CID = "cid"
    NAME = "name"
    LEARNED = "learned"
    FUZZY = "fuzzy"
    NONE = "none"


class MatchStatus(StrEnum):  # the values of SmelterRecord.MatchStatus
    MATCHED = "matched"
    REVIEW = "review"
    UNMATCHED = "unmatched"
    NOT_IDENTIFIED = "not_identified"


@dataclass(frozen=True)
class ReferenceEntry:
    """One reference smelter as matching sees it."""

    cid: str
    metal: Metal
    standard_name: str
    country: str = ""
    names: tuple[str, ...] = ()  # every other known name: look-up, aliases, former names
    active: bool = True  # False once a newer list no longer carries it


@dataclass(frozen=True)
class LearnedName:
    """A reviewer's decision on a reported (metal, name): a CID, or "" for "not a listed
    smelter"."""

    metal: Metal
    name: str
    cid: str


@dataclass(frozen=True)
class Candidate:
    cid: str
    name: str
    country: str
    score: float  # 0-100


@dataclass(frozen=True)
class SmelterMatch:
    row: int  # the Smelter List row
    status: MatchStatus
    method: MatchMethod
    cid: str = ""  # the matched reference smelter's CID ("" when none)
    score: float | None = None
    note: str = ""  # why, in plain words, shown to the user
    candidates: tuple[Candidate, ...] = ()


@dataclass(frozen=True)
class ReferenceIndex:
    """The reference list prepared for matching (build it once per run)."""

    by_cid: dict[str, ReferenceEntry] = field(default_factory=dict)
    by_name: dict[tuple[Metal, str], tuple[ReferenceEntry, ...]] = field(default_factory=dict)
    learned: dict[tuple[Metal, str], str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.by_cid


def reference_index_build(
    entries: Iterable[ReferenceEntry], learned: Iterable[LearnedName] = ()
) -> ReferenceIndex:
    by_cid: dict[str, ReferenceEntry] = {}
    by_name: dict[tuple[Metal, str], list[ReferenceEntry]] = {}
    for entry in entries:
        by_cid[normalise_cid(entry.cid)] = entry
        for name in (entry.standard_name, *entry.names):
            found = by_name.setdefault((entry.metal, fold(name)), [])
            if entry not in found:
                found.append(entry)
    return ReferenceIndex(
        by_cid=by_cid,
        by_name={key: tuple(found) for key, found in by_name.items()},
        learned={(item.metal, fold(item.name)): item.cid for item in learned},
    )


def smelter_match(row: SmelterRow, index: ReferenceIndex) -> SmelterMatch:
    """One row: by ID, then by known name within the metal; otherwise not recognised."""
    if row.resolution is SmelterResolution.NOT_IDENTIFIED:
        return SmelterMatch(row.row, MatchStatus.NOT_IDENTIFIED, MatchMethod.NONE)
    cid = normalise_cid(row.cid or row.cid_input)
    if cid and cid in index.by_cid:
        entry = index.by_cid[cid]
        return SmelterMatch(row.row, MatchStatus.MATCHED, MatchMethod.CID, entry.cid, 100.0)
    name = row.name or row.lookup_name
    found = index.by_name.get((row.metal, fold(name))) if row.metal and name else None
    if found and len(found) == 1:
        entry = found[0]
        return SmelterMatch(row.row, MatchStatus.MATCHED, MatchMethod.NAME, entry.cid, 100.0)
    return SmelterMatch(row.row, MatchStatus.UNMATCHED, MatchMethod.NONE)


def smelters_match(rows: Iterable[SmelterRow], index: ReferenceIndex) -> tuple[SmelterMatch, ...]:
    return tuple(smelter_match(row, index) for row in rows)
