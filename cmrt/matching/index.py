"""What matching works on: the result types and the reference index. Pure, no ORM."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from cmrt.checks.common import normalise_cid, normalise_name
from cmrt.declaration import Metal, SmelterResolution
from cmrt.reading.values import fold

# Legal-form and filler words carry no identity ("Co., Ltd." vs "Company Limited"), so the
# similarity score ignores them; otherwise they dominate short names and inflate scores.
LEGAL_WORDS = frozenset(
    {"co", "ltd", "limited", "company", "inc", "incorporated", "corp", "corporation", "llc"}
    | {"plc", "gmbh", "ag", "sa", "s", "a", "de", "cv", "bv", "nv", "spa", "srl", "sas", "pt"}
    | {"tbk", "jsc", "ojsc", "pjsc", "oao", "zao", "pty", "kk", "bhd", "sdn", "the", "and", "of"}
)


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
    former_names: tuple[str, ...] = ()  # those of ``names`` that were its standard name


@dataclass(frozen=True)
class LearnedName:
    """A reviewer's decision on a reported (metal, name): a CID, or "" for "not a listed
    smelter". ``decided_by``/``decided_on`` only feed the note."""

    metal: Metal
    name: str
    cid: str
    decided_by: str = ""
    decided_on: date | None = None


@dataclass(frozen=True)
class Candidate:
    cid: str
    name: str  # the standard name
    country: str
    score: float  # 0-100, with the country bonus
    matched_name: str = ""  # the known name the score was computed against


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
class FuzzyChoices:
    """One metal's known names, prepared for rapidfuzz: ``texts[i]`` is a name of
    ``entries[i]`` (as ``names[i]``), reduced by ``fuzzy_text``."""

    texts: tuple[str, ...] = ()
    entries: tuple[ReferenceEntry, ...] = ()
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReferenceIndex:
    """The reference list prepared for matching (build it once per run)."""

    by_cid: dict[str, ReferenceEntry] = field(default_factory=dict)
    by_name: dict[tuple[Metal, str], tuple[ReferenceEntry, ...]] = field(default_factory=dict)
    learned: dict[tuple[Metal, str], str] = field(default_factory=dict)
    # Same names ignoring punctuation too ("Cerro Tin Works, S.A." = "CERRO TIN-WORKS SA").
    by_key: dict[tuple[Metal, str], tuple[ReferenceEntry, ...]] = field(default_factory=dict)
    decisions: dict[tuple[Metal, str], LearnedName] = field(default_factory=dict)
    fuzzy: dict[Metal, FuzzyChoices] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.by_cid


def name_key(text: str) -> str:
    """Punctuation-, case- and spacing-insensitive name key."""
    return "".join(normalise_name(text).split())


def fuzzy_text(text: str) -> str:
    """The words that identify a name, sorted (so word order does not count) and without
    legal forms. rapidfuzz's plain ratio on these equals token_sort_ratio, computed once."""
    words = normalise_name(text).split()
    kept = [word for word in words if word not in LEGAL_WORDS] or words
    return " ".join(sorted(kept))


def reported_name(name: str, lookup_name: str, resolution: str = "") -> str:
    """The name a row reports: column D (or the standard name the reader resolved), else the
    look-up name of column C, unless that is the "not listed / not yet identified" entry."""
    if name.strip():
        return name.strip()
    if resolution in (SmelterResolution.NOT_LISTED, SmelterResolution.NOT_IDENTIFIED):
        return ""
    return lookup_name.strip()


def _append(
    table: dict[tuple[Metal, str], list[ReferenceEntry]],
    key: tuple[Metal, str],
    entry: ReferenceEntry,
) -> None:
    found = table.setdefault(key, [])
    if entry not in found:
        found.append(entry)


def reference_index_build(
    entries: Iterable[ReferenceEntry], learned: Iterable[LearnedName] = ()
) -> ReferenceIndex:
    by_cid: dict[str, ReferenceEntry] = {}
    by_name: dict[tuple[Metal, str], list[ReferenceEntry]] = {}
    by_key: dict[tuple[Metal, str], list[ReferenceEntry]] = {}
    fuzzy: dict[Metal, tuple[list[str], list[ReferenceEntry], list[str]]] = {}
    for entry in entries:
        by_cid[normalise_cid(entry.cid)] = entry
        texts, owners, names = fuzzy.setdefault(entry.metal, ([], [], []))
        seen: set[str] = set()
        for name in (entry.standard_name, *entry.names):
            _append(by_name, (entry.metal, fold(name)), entry)
            _append(by_key, (entry.metal, name_key(name)), entry)
            text = fuzzy_text(name)
            if text and text not in seen:
                seen.add(text)
                texts.append(text)
                owners.append(entry)
                names.append(name)
    decisions = {(item.metal, fold(item.name)): item for item in learned}
    return ReferenceIndex(
        by_cid=by_cid,
        by_name={key: tuple(found) for key, found in by_name.items()},
        learned={key: item.cid for key, item in decisions.items()},
        by_key={key: tuple(found) for key, found in by_key.items()},
        decisions=decisions,
        fuzzy={
            metal: FuzzyChoices(tuple(texts), tuple(owners), tuple(names))
            for metal, (texts, owners, names) in fuzzy.items()
        },
    )
