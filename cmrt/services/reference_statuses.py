"""Status lists: one RmapSnapshot per import, one RmapStatus per CID, linked to the
reference smelter when it is known (and later, when it arrives)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.utils.translation import gettext as _

from cmrt.models import ReferenceImport, ReferenceSmelter, RmapSnapshot, RmapStatus
from cmrt.reference import ParsedReference
from cmrt.services.reference_common import ImportCounts, clip


def statuses_link(cids: list[str]) -> None:
    """Statuses imported before their smelter was known point to it from now on."""
    if not cids:
        return
    by_cid = dict(ReferenceSmelter.objects.filter(cid__in=cids).values_list("cid", "pk"))
    for cid, pk in by_cid.items():
        RmapStatus.objects.filter(cid=cid, smelter__isnull=True).update(smelter_id=pk)


def statuses_apply(record: ReferenceImport, parsed: ParsedReference, day: date) -> ImportCounts:
    snapshot = RmapSnapshot.objects.create(
        source_import=record, as_of=day, label=clip(record.original_name, 200)
    )
    cids = [entry.cid for entry in parsed.statuses]
    smelters = dict(ReferenceSmelter.objects.filter(cid__in=cids).values_list("cid", "pk"))
    RmapStatus.objects.bulk_create(
        RmapStatus(
            snapshot=snapshot,
            cid=entry.cid,
            smelter_id=smelters.get(entry.cid),
            metal=entry.metal.value if entry.metal else "",
            name=clip(entry.name, 255),
            country=clip(entry.country, 100),
            status_raw=clip(entry.status_raw, 120),
            status=entry.status.value,
            last_audit_date=entry.last_audit_date,
            audit_cycle=clip(entry.audit_cycle, 120),
            cross_recognition=clip(entry.cross_recognition, 120),
        )
        for entry in parsed.statuses
    )
    counts = ImportCounts(created=len(parsed.statuses))
    statuses = Counter(entry.status.value for entry in parsed.statuses)
    unknown_cids = len(cids) - len(smelters)
    if unknown_cids:
        counts.notes.append(
            _("%(count)d smelter IDs of this list are not on the reference list yet.")
            % {"count": unknown_cids}
        )
    counts.summary = {"statuses": dict(statuses), "linked": len(smelters)}
    return counts
