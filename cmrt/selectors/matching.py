"""Read side of smelter matching: the reference index for a run, and the review queue
(reported names that matching could not settle, grouped by metal and name)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cmrt.declaration import Metal
from cmrt.matching import (
    MAX_CANDIDATES,
    Candidate,
    LearnedName,
    MatchMethod,
    MatchStatus,
    ReferenceEntry,
    ReferenceIndex,
    reference_index_build,
    reported_name,
)
from cmrt.models import ReferenceSmelter, SmelterAlias, SmelterNameDecision, SmelterRecord
from cmrt.reading.values import fold

# How many reported rows the decide page lists as examples.
EXAMPLE_ROWS = 20


def user_label(first_name: str, last_name: str, username: str) -> str:
    """How notes name a reviewer: full name, else user name."""
    return f"{first_name} {last_name}".strip() or username


def reference_index() -> ReferenceIndex:
    """The whole reference list with every known name and every reviewer decision, in three
    queries. Removed smelters stay in: suppliers keep reporting them by ID or old name."""
    names: dict[int, list[str]] = {}
    former: dict[int, list[str]] = {}
    for smelter_id, name, kind in SmelterAlias.objects.values_list("smelter_id", "name", "kind"):
        if kind != SmelterAlias.Kind.STANDARD:
            names.setdefault(smelter_id, []).append(name)
        if kind == SmelterAlias.Kind.FORMER:
            former.setdefault(smelter_id, []).append(name)
    smelters = ReferenceSmelter.objects.values_list(
        "pk", "cid", "metal", "standard_name", "country", "removed_at"
    )
    entries = [
        ReferenceEntry(
            cid=cid,
            metal=Metal(metal),
            standard_name=standard_name,
            country=country,
            names=tuple(names.get(pk, ())),
            active=removed_at is None,
            former_names=tuple(former.get(pk, ())),
        )
        for pk, cid, metal, standard_name, country, removed_at in smelters
    ]
    decisions = SmelterNameDecision.objects.values_list(
        "metal",
        "name",
        "smelter__cid",
        "decided_by__first_name",
        "decided_by__last_name",
        "decided_by__username",
        "decided_at",
    )
    learned = [
        LearnedName(
            metal=Metal(metal),
            name=name,
            cid=cid or "",
            decided_by=user_label(first or "", last or "", username or ""),
            decided_on=timezone.localdate(decided_at) if decided_at else None,
        )
        for metal, name, cid, first, last, username, decided_at in decisions
    ]
    return reference_index_build(entries, learned)


@dataclass(frozen=True)
class ReviewRow:
    """One reported row behind a review item."""

    record_id: int
    submission_id: int
    row: int
    file_name: str
    supplier: str
    country: str
    cid: str
    note: str


@dataclass(frozen=True)
class ReviewItem:
    """A reported (metal, name) waiting for a decision, with everything that reported it."""

    metal: str
    folded: str
    name: str  # the most common spelling
    country: str  # the most common reported country ("" if none)
    status: str  # review, or unmatched when no row of it is ambiguous or close
    rows: int
    submissions: int
    suppliers: int
    candidates: tuple[Candidate, ...]
    example: ReviewRow
    examples: tuple[ReviewRow, ...] = ()


def candidates_from_json(items: Iterable[Mapping[str, Any]]) -> tuple[Candidate, ...]:
    """Stored candidates back as ``Candidate``s; tolerant of missing keys."""
    found = []
    for item in items or ():
        if not isinstance(item, Mapping) or not item.get("cid"):
            continue
        found.append(
            Candidate(
                cid=str(item["cid"]),
                name=str(item.get("name", "")),
                country=str(item.get("country", "")),
                score=float(item.get("score") or 0.0),
                matched_name=str(item.get("matched_name", "")),
            )
        )
    return tuple(found)


_FIELDS = (
    "pk",
    "metal",
    "name",
    "lookup_name",
    "resolution",
    "country",
    "cid",
    "row",
    "match_status",
    "match_note",
    "candidates",
    "submission_id",
    "submission__original_name",
    "submission__supplier_id",
    "submission__supplier__name",
)


def _open_rows(metal: str, include_unmatched: bool) -> Iterable[dict[str, Any]]:
    """Rows of open items, newest submission first. Rows a reviewer already decided
    (method learned) are settled, even when the decision was "not a listed smelter"."""
    statuses = [MatchStatus.REVIEW.value]
    if include_unmatched:
        statuses.append(MatchStatus.UNMATCHED.value)
    query = (
        SmelterRecord.objects.filter(match_status__in=statuses)
        .exclude(metal="")
        .exclude(match_method=MatchMethod.LEARNED.value)
    )
    if metal:
        query = query.filter(metal=metal)
    return query.order_by("-submission_id", "row").values(*_FIELDS).iterator(chunk_size=2000)


def _item(metal: str, folded: str, rows: list[dict[str, Any]], examples: int) -> ReviewItem:
    spellings = Counter(
        reported_name(row["name"], row["lookup_name"], row["resolution"]) for row in rows
    )
    countries = Counter(row["country"].strip() for row in rows if row["country"].strip())
    best: dict[str, Candidate] = {}
    for row in rows:
        for candidate in candidates_from_json(row["candidates"]):
            if candidate.cid not in best or best[candidate.cid].score < candidate.score:
                best[candidate.cid] = candidate
    ranked = sorted(best.values(), key=lambda item: (-item.score, item.cid))[:MAX_CANDIDATES]
    review_rows = tuple(
        ReviewRow(
            record_id=row["pk"],
            submission_id=row["submission_id"],
            row=row["row"],
            file_name=row["submission__original_name"],
            supplier=row["submission__supplier__name"] or "",
            country=row["country"],
            cid=row["cid"],
            note=row["match_note"],
        )
        for row in rows[: max(examples, 1)]
    )
    review = any(row["match_status"] == MatchStatus.REVIEW.value for row in rows)
    return ReviewItem(
        metal=metal,
        folded=folded,
        name=spellings.most_common(1)[0][0],
        country=countries.most_common(1)[0][0] if countries else "",
        status=MatchStatus.REVIEW.value if review else MatchStatus.UNMATCHED.value,
        rows=len(rows),
        submissions=len({row["submission_id"] for row in rows}),
        suppliers=len({row["submission__supplier_id"] for row in rows} - {None}),
        candidates=tuple(ranked),
        example=review_rows[0],
        examples=review_rows if examples else (),
    )


def _grouped(
    metal: str, include_unmatched: bool, folded: str | None = None
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in _open_rows(metal, include_unmatched):
        key = fold(reported_name(row["name"], row["lookup_name"], row["resolution"]))
        if key and (folded is None or key == folded):
            groups.setdefault((row["metal"], key), []).append(row)
    return groups


def review_queue(metal: str = "", *, include_unmatched: bool = False) -> list[ReviewItem]:
    """Open items, the most reported first. ``include_unmatched`` adds names that matched
    nothing at all (a reviewer may still know the smelter's ID)."""
    items = [
        _item(item_metal, folded, rows, examples=0)
        for (item_metal, folded), rows in _grouped(metal, include_unmatched).items()
    ]
    return sorted(items, key=lambda item: (-item.rows, item.metal, item.name.casefold()))


def review_item(metal: str, folded: str) -> ReviewItem | None:
    """One open item (review or unmatched) with up to ``EXAMPLE_ROWS`` example rows; None
    when nothing open reports that name any more."""
    rows = _grouped(metal, True, folded).get((metal, folded))
    if not metal or not rows:
        return None
    return _item(metal, folded, rows, examples=EXAMPLE_ROWS)
