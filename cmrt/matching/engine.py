"""Match reported smelter rows to the reference list, one method after the other.

For each row, in order:

1. Not yet identified rows stay so.
2. The smelter ID, normalised ("cid 002763" -> CID002763). A known CID of the row's metal
   matches; of another metal it goes to review. A malformed or unknown ID is said in the
   note and matching falls back to the name.
3. A known name of that metal (standard, look-up, other or former name), compared without
   case, spacing or punctuation. One smelter: matched. Several: the country decides if
   exactly one of them is in the reported country, else review with the candidates.
4. A reviewer's earlier decision on that (metal, name): that smelter, or "not a listed
   smelter".
5. A similar name within the metal (rapidfuzz), boosted by the same country; see the
   thresholds below.
6. Otherwise not recognised.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from rapidfuzz import fuzz, process

from cmrt.checks.common import CID_FORM, normalise_cid, reported_cid
from cmrt.declaration import Metal, SmelterResolution, SmelterRow
from cmrt.matching import notes
from cmrt.matching.index import (
    Candidate,
    MatchMethod,
    MatchStatus,
    ReferenceEntry,
    ReferenceIndex,
    SmelterMatch,
    fuzzy_text,
    name_key,
    reported_name,
)
from cmrt.reading.values import fold

# Scores are rapidfuzz ratios (0-100) of the identifying words, sorted, without legal forms.
# At 90 and above two names differ by about one typo per ten letters ("Metalor Tecnologies"
# vs "Metalor Technologies" is 97); that is safe to accept on its own, but only with a clear
# lead, because sister plants ("Jiangxi Tungsten Xinyu" / "Jiangxi Tungsten Ganzhou") are
# close to each other as well.
FUZZY_MATCH = 90.0
# The best candidate must lead the runner-up by this much to be accepted without review.
FUZZY_MARGIN = 5.0
# From 75 to 90 names share most words but may be another plant of the same group: a person
# decides. Below 75 the names are mostly different words: not recognised.
FUZZY_REVIEW = 75.0
# Candidates down to this score are still shown as hints; lower ones are noise.
FUZZY_HINT = 60.0
# The same country makes the same smelter more likely; worth about one typo. It also breaks
# ties between equally similar names in different countries (it equals FUZZY_MARGIN).
COUNTRY_BONUS = 5.0
MAX_CANDIDATES = 5
# rapidfuzz returns names, not smelters: ask for more than MAX_CANDIDATES so that several
# names of one smelter do not crowd out the others.
_FUZZY_LIMIT = 25

FuzzyCache = dict[tuple[Metal, str, str], tuple[tuple[Candidate, float], ...]]


def _candidate(entry: ReferenceEntry, score: float, matched_name: str = "") -> Candidate:
    return Candidate(
        entry.cid, entry.standard_name, entry.country, round(score, 1), matched_name or ""
    )


def _same_country(reported: str, entry: ReferenceEntry) -> bool | None:
    """None when either side has no country."""
    if not reported.strip() or not entry.country.strip():
        return None
    return fold(reported) == fold(entry.country)


def _name_kind(name: str, entry: ReferenceEntry) -> str:
    key = name_key(name)
    if key == name_key(entry.standard_name):
        return "standard"
    if any(key == name_key(former) for former in entry.former_names):
        return "former"
    return "alias"


def _names(row: SmelterRow) -> list[str]:
    """The reported names to try, the main one first (see ``reported_name``)."""
    names = [reported_name(row.name, row.lookup_name, row.resolution)]
    if row.resolution not in (SmelterResolution.NOT_LISTED, SmelterResolution.NOT_IDENTIFIED):
        names.append(row.lookup_name.strip())
    unique: list[str] = []
    for name in names:
        if name and name not in unique:
            unique.append(name)
    return unique


def _by_cid(row: SmelterRow, entry: ReferenceEntry, typed: str) -> SmelterMatch:
    candidates = (_candidate(entry, 100.0, entry.standard_name),)
    if row.metal is not None and row.metal != entry.metal:
        return SmelterMatch(
            row.row,
            MatchStatus.REVIEW,
            MatchMethod.CID,
            score=100.0,
            note=notes.cid_other_metal(entry, row.metal),
            candidates=candidates,
        )
    return SmelterMatch(
        row.row,
        MatchStatus.MATCHED,
        MatchMethod.CID,
        entry.cid,
        100.0,
        notes.by_cid(entry, typed.strip()),
        candidates,
    )


def _exact(
    names: list[str], metal: Metal, index: ReferenceIndex
) -> tuple[str, tuple[ReferenceEntry, ...]]:
    """(name, entries) of the first reported name that is a known name of the metal."""
    for name in names:
        found = index.by_name.get((metal, fold(name))) or index.by_key.get((metal, name_key(name)))
        if found:
            return name, found
    return "", ()


def _learned(
    names: list[str], metal: Metal, index: ReferenceIndex
) -> tuple[str, str, str, date | None] | None:
    """(name, CID or "", decided by, decided on) of the first reported name a reviewer
    decided on."""
    for name in names:
        decision = index.decisions.get((metal, fold(name)))
        if decision is None and (metal, fold(name)) in index.learned:
            cid = index.learned[(metal, fold(name))]  # built without ``decisions``
            return name, cid, "", None
        if decision is not None:
            return name, decision.cid, decision.decided_by, decision.decided_on
    return None


def _ranked(
    name: str, metal: Metal, country: str, index: ReferenceIndex, cache: FuzzyCache | None
) -> tuple[tuple[Candidate, float], ...]:
    """(candidate, rank) pairs, best first. The rank is the similarity plus the country
    bonus, uncapped, so the bonus still separates two names that are both a perfect 100;
    the candidate's shown score is capped at 100."""
    query = fuzzy_text(name)
    key = (metal, query, fold(country))
    if cache is not None and key in cache:
        return cache[key]
    choices = index.fuzzy.get(metal)
    best: dict[str, tuple[float, float, ReferenceEntry, str]] = {}
    if choices and query:
        found = process.extract(
            query,
            choices.texts,
            scorer=fuzz.ratio,
            limit=_FUZZY_LIMIT,
            score_cutoff=FUZZY_HINT - COUNTRY_BONUS,
        )
        for _text, raw, position in found:
            entry = choices.entries[position]
            rank = raw + (COUNTRY_BONUS if _same_country(country, entry) else 0.0)
            if rank >= FUZZY_HINT and (entry.cid not in best or best[entry.cid][:2] < (rank, raw)):
                best[entry.cid] = (rank, raw, entry, choices.names[position])
    ordered = sorted(best.values(), key=lambda item: (-item[0], -item[1], item[2].cid))
    result = tuple(
        (_candidate(entry, min(100.0, rank), known), rank)
        for rank, _raw, entry, known in ordered[:MAX_CANDIDATES]
    )
    if cache is not None:
        cache[key] = result
    return result


def fuzzy_candidates(
    name: str, metal: Metal, country: str, index: ReferenceIndex, cache: FuzzyCache | None = None
) -> tuple[Candidate, ...]:
    """The best ``MAX_CANDIDATES`` smelters of the metal by name similarity (+ country),
    best first, down to ``FUZZY_HINT``. Cached per (metal, reduced name, folded country)."""
    return tuple(candidate for candidate, _rank in _ranked(name, metal, country, index, cache))


def _fuzzy(
    row: SmelterRow, name: str, metal: Metal, index: ReferenceIndex, cache: FuzzyCache | None
) -> SmelterMatch:
    ranked = _ranked(name, metal, row.country, index, cache)
    if not ranked:
        note = notes.not_recognised(name, metal)
        return SmelterMatch(row.row, MatchStatus.UNMATCHED, MatchMethod.NONE, note=note)
    candidates = tuple(candidate for candidate, _rank in ranked)
    best, rank = ranked[0]
    lead = rank - ranked[1][1] if len(ranked) > 1 else rank
    entry = index.by_cid[normalise_cid(best.cid)]
    country = notes.country_phrase(_same_country(row.country, entry), entry.country)
    if rank >= FUZZY_MATCH and lead >= FUZZY_MARGIN:
        note = notes.fuzzy_matched(name, best.matched_name, best.score, country)
        return SmelterMatch(
            row.row,
            MatchStatus.MATCHED,
            MatchMethod.FUZZY,
            best.cid,
            best.score,
            notes.removed(note, entry),
            candidates,
        )
    if rank >= FUZZY_MATCH:
        close = sum(1 for _candidate, other in ranked if rank - other < FUZZY_MARGIN)
        note = notes.fuzzy_several(name, close)
    elif rank >= FUZZY_REVIEW:
        note = notes.fuzzy_review(name, best.matched_name, best.score, country)
    else:
        note = notes.not_recognised_hint(name, metal, best.matched_name, best.score)
        return SmelterMatch(
            row.row, MatchStatus.UNMATCHED, MatchMethod.NONE, note=note, candidates=candidates
        )
    return SmelterMatch(
        row.row, MatchStatus.REVIEW, MatchMethod.FUZZY, "", best.score, note, candidates
    )


def _by_name(row: SmelterRow, index: ReferenceIndex, cache: FuzzyCache | None) -> SmelterMatch:
    names = _names(row)
    if not names:
        return SmelterMatch(row.row, MatchStatus.UNMATCHED, MatchMethod.NONE, note=notes.no_name())
    if row.metal is None:
        note = notes.no_metal(names[0])
        return SmelterMatch(row.row, MatchStatus.UNMATCHED, MatchMethod.NONE, note=note)
    metal = row.metal
    name, found = _exact(names, metal, index)
    if len(found) == 1:
        entry = found[0]
        note = notes.by_name(name, entry, _name_kind(name, entry))
        candidates = (_candidate(entry, 100.0, name),)
        return SmelterMatch(
            row.row, MatchStatus.MATCHED, MatchMethod.NAME, entry.cid, 100.0, note, candidates
        )
    learned = _learned(names, metal, index)
    if learned is not None:
        learned_name, cid, by, on = learned
        decided = index.by_cid.get(normalise_cid(cid)) if cid else None
        if decided is not None or not cid:
            note = notes.decided(learned_name, decided, by, on)
            if decided is None:
                return SmelterMatch(row.row, MatchStatus.UNMATCHED, MatchMethod.LEARNED, note=note)
            candidates = (_candidate(decided, 100.0, learned_name),)
            return SmelterMatch(
                row.row,
                MatchStatus.MATCHED,
                MatchMethod.LEARNED,
                decided.cid,
                100.0,
                note,
                candidates,
            )
    if found:
        candidates = tuple(_candidate(entry, 100.0, name) for entry in found[:MAX_CANDIDATES])
        local = [entry for entry in found if _same_country(row.country, entry)]
        if len(local) == 1:
            entry = local[0]
            note = notes.by_name_and_country(name, entry, len(found))
            return SmelterMatch(
                row.row, MatchStatus.MATCHED, MatchMethod.NAME, entry.cid, 100.0, note, candidates
            )
        note = notes.ambiguous(name, metal, len(found))
        return SmelterMatch(
            row.row, MatchStatus.REVIEW, MatchMethod.NAME, "", 100.0, note, candidates
        )
    return _fuzzy(row, names[0], metal, index, cache)


def smelter_match(
    row: SmelterRow, index: ReferenceIndex, *, cache: FuzzyCache | None = None
) -> SmelterMatch:
    """One row, by the methods in the module docstring. ``cache`` keeps similarity results
    between calls (``smelters_match`` passes one)."""
    if row.resolution is SmelterResolution.NOT_IDENTIFIED:
        return SmelterMatch(
            row.row, MatchStatus.NOT_IDENTIFIED, MatchMethod.NONE, note=notes.not_identified()
        )
    typed = reported_cid(row)
    cid = normalise_cid(typed)
    warning = ""
    if cid:
        entry = index.by_cid.get(cid) if CID_FORM.match(cid) else None
        if entry is not None:
            return _by_cid(row, entry, typed)
        warning = notes.cid_unknown(cid) if CID_FORM.match(cid) else notes.cid_malformed(typed)
    match = _by_name(row, index, cache)
    return replace(match, note=f"{warning} {match.note}") if warning else match


def smelters_match(rows: Iterable[SmelterRow], index: ReferenceIndex) -> tuple[SmelterMatch, ...]:
    """Every row; similarity results are computed once per (metal, name, country), so files
    that repeat the same names stay fast."""
    cache: FuzzyCache = {}
    return tuple(smelter_match(row, index, cache=cache) for row in rows)
