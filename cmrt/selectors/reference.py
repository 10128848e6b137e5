"""Read side of the smelter reference data: snapshots by date, the reader's look-up
list, the checker's CID index, and the queries behind the reference pages."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from cmrt.declaration import LookupEntry, Metal
from cmrt.models import (
    ReferenceImport,
    ReferenceSmelter,
    RmapSnapshot,
    RmapStatus,
    SmelterAlias,
    SmelterNameDecision,
)
from cmrt.reading.smelters import normalise_cid
from cmrt.reading.values import fold
from cmrt.selectors.versions import Stamped, table_stamps

# What ``reference_version`` watches (``cmrt.selectors.versions``).
REFERENCE_TABLES: tuple[Stamped, ...] = (
    (ReferenceSmelter, ("updated_at",)),
    (SmelterAlias, ("id",)),
    (SmelterNameDecision, ("decided_at",)),
)


def reference_version() -> tuple[object, ...]:
    """Changes whenever anything matching or reading depends on changes: smelters, their
    names, reviewers' decisions (one query; lets callers cache the rest)."""
    return table_stamps(*REFERENCE_TABLES)


def rmap_snapshot_on(day: date) -> RmapSnapshot | None:
    """The status list in force on ``day``: the latest ``as_of`` on or before it; of two
    lists with the same date, the one imported last. Importing a newer list later never
    changes the answer for an earlier day."""
    return (
        RmapSnapshot.objects.filter(as_of__lte=day)
        .order_by("-as_of", "-source_import__created_at", "-pk")
        .first()
    )


def rmap_status_for(snapshot: RmapSnapshot | None, cids: Iterable[str]) -> dict[str, RmapStatus]:
    """Each CID's status in ``snapshot`` (CIDs normalised; absent CIDs are left out)."""
    wanted = {normalise_cid(cid) for cid in cids if cid}
    if snapshot is None or not wanted:
        return {}
    return {status.cid: status for status in snapshot.statuses.filter(cid__in=wanted)}


def reader_reference() -> tuple[LookupEntry, ...]:
    """The app's list in the CMRT reader's form: one entry per smelter and per standard
    or look-up name (the reader resolves a row by CID, or by metal + look-up name).
    Removed smelters stay: older files still name them."""
    entries: list[LookupEntry] = []
    aliases = SmelterAlias.objects.filter(
        kind__in=(SmelterAlias.Kind.STANDARD, SmelterAlias.Kind.LOOKUP)
    ).select_related("smelter")
    seen: set[tuple[int, str]] = set()
    for alias in aliases.order_by("smelter__metal", "smelter__cid", "kind", "name"):
        smelter = alias.smelter
        key = (smelter.pk, alias.folded)
        if key in seen:
            continue
        seen.add(key)
        entries.append(_entry(smelter, alias.name))
    for smelter in ReferenceSmelter.objects.exclude(
        Exists(SmelterAlias.objects.filter(smelter=OuterRef("pk"), kind="standard"))
    ):
        entries.append(_entry(smelter, smelter.standard_name))
    return tuple(entries)


def _entry(smelter: ReferenceSmelter, name: str) -> LookupEntry:
    return LookupEntry(
        metal=Metal(smelter.metal),
        lookup_name=name,
        standard_name=smelter.standard_name,
        country=smelter.country,
        cid=smelter.cid,
        source=smelter.source,
        street=smelter.street,
        city=smelter.city,
        state=smelter.state,
    )


def known_smelters() -> dict[str, Metal]:
    """CID -> metal of every smelter the app knows (removed ones too)."""
    return {
        cid: Metal(metal) for cid, metal in ReferenceSmelter.objects.values_list("cid", "metal")
    }


def reference_imports() -> QuerySet[ReferenceImport]:
    return ReferenceImport.objects.select_related("created_by").order_by("-created_at")


def rmap_snapshots() -> QuerySet[RmapSnapshot]:
    return (
        RmapSnapshot.objects.select_related("source_import")
        .annotate(status_count=Count("statuses"))
        .order_by("-as_of", "-created_at")
    )


def reference_counts() -> dict[str, int]:
    smelters = ReferenceSmelter.objects.aggregate(
        total=Count("pk"), removed=Count("pk", filter=Q(removed_at__isnull=False))
    )
    return {
        "smelters": smelters["total"],
        "removed": smelters["removed"],
        "imports": ReferenceImport.objects.count(),
        "snapshots": RmapSnapshot.objects.count(),
    }


def reference_smelters_search(
    *,
    query: str = "",
    metal: str = "",
    status: str = "",
    snapshot: RmapSnapshot | None = None,
    include_removed: bool = True,
) -> QuerySet[ReferenceSmelter]:
    """Smelters matching a CID or any of their names (case and spacing ignored), a metal,
    and a canonical status in ``snapshot``."""
    smelters = ReferenceSmelter.objects.all()
    query = query.strip()
    if query:
        folded = fold(query)
        smelters = smelters.filter(
            Q(cid__icontains=normalise_cid(query))
            | Q(standard_name__icontains=query)
            | Q(aliases__folded__contains=folded)
        ).distinct()
    if metal:
        smelters = smelters.filter(metal=metal)
    if not include_removed:
        smelters = smelters.filter(removed_at__isnull=True)
    if snapshot is not None and status:
        listed = RmapStatus.objects.filter(snapshot=snapshot, status=status)
        smelters = smelters.filter(cid__in=listed.values("cid"))
    elif status:
        smelters = smelters.none()
    return smelters.order_by("metal", "standard_name")


def reference_smelter_get(pk: int) -> ReferenceSmelter | None:
    return (
        ReferenceSmelter.objects.select_related("first_import", "last_import").filter(pk=pk).first()
    )


def smelter_aliases(smelter: ReferenceSmelter) -> QuerySet[SmelterAlias]:
    return smelter.aliases.select_related("source_import").order_by("kind", "name")


def smelter_status_history(
    smelter: ReferenceSmelter,
) -> list[tuple[RmapSnapshot, RmapStatus | None]]:
    """Every snapshot, newest first, with this smelter's status in it (None: not listed)."""
    statuses = {status.snapshot_id: status for status in RmapStatus.objects.filter(cid=smelter.cid)}
    return [
        (snapshot, statuses.get(snapshot.pk))
        for snapshot in RmapSnapshot.objects.order_by("-as_of", "-created_at")
    ]
