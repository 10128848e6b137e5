"""Import smelter reference files: the only code that writes reference data.

1. The same bytes twice are one import (``ReferenceImport.sha256``): the second call
   changes nothing and answers with the first import's counts.
2. The file is parsed before anything is written (``cmrt.reference``, pure).
3. One transaction stores the original file, the import row and what it carries; a
   preview (``commit=False``) runs the same code and rolls back, so its counts are real.
4. Smelters are never deleted. A newer full list of the kind that last listed a smelter
   marks it removed when it no longer carries it; a renamed smelter keeps its old
   standard name as a "former" alias, so old files still match.
5. A status list becomes one RmapSnapshot; snapshots never change afterwards, so the
   status "as of" a past day stays what it was.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cmrt.models import (
    ReferenceImport,
    ReferenceSmelter,
    SmelterAlias,
)
from cmrt.reading.values import fold
from cmrt.recognition import version_key
from cmrt.reference import ParsedReference, ReferenceFileError, ReferenceKind, reference_parse
from cmrt.reference.model import SmelterEntry
from cmrt.services.reference_common import ImportCounts, clip
from cmrt.services.reference_statuses import statuses_apply, statuses_link

__all__ = [
    "FULL_LIST_SHARE",
    "ReferenceFileError",
    "ReferenceImportResult",
    "reference_import",
]

# A facility list carrying at least this share of the smelters that lists of its kind
# carry now is a full list (may mark the rest removed); a smaller one is an extract.
FULL_LIST_SHARE = 0.8
_FIELDS = ("metal", "standard_name", "country", "street", "city", "state", "source")


@dataclass(frozen=True)
class ReferenceImportResult:
    kind: str
    import_id: int | None
    created: int
    updated: int
    unchanged: int
    removed: int
    problems: tuple[str, ...]
    as_of: date | None
    source_label: str = ""
    notes: tuple[str, ...] = ()
    committed: bool = False
    already_imported: bool = False
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "import_id": self.import_id,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "problems": list(self.problems),
            "notes": list(self.notes),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "source": self.source_label,
            "committed": self.committed,
            "already_imported": self.already_imported,
            "statuses": dict(self.statuses),
        }


class _Preview(Exception):
    """Raised inside the preview transaction to roll it back."""


def _existing(record: ReferenceImport) -> ReferenceImportResult:
    summary = record.summary or {}
    when = timezone.localtime(record.created_at).date().isoformat()
    return ReferenceImportResult(
        kind=record.kind,
        import_id=record.pk,
        created=record.created_count,
        updated=record.updated_count,
        unchanged=record.unchanged_count,
        removed=record.removed_count,
        problems=tuple(summary.get("problems", ())),
        as_of=record.as_of,
        source_label=record.source_label,
        notes=(
            _("This file was already imported on %(date)s; nothing changed.") % {"date": when},
            *summary.get("notes", ()),
        ),
        committed=False,
        already_imported=True,
        statuses=dict(summary.get("statuses", {})),
    )


def reference_import(
    content: bytes,
    filename: str,
    *,
    as_of: date | None = None,
    by: Any = None,
    commit: bool = True,
) -> ReferenceImportResult:
    """Import (or with ``commit=False`` preview) one reference file.

    Raises ReferenceFileError when the file is no reference list; nothing is written then.
    """
    sha256 = hashlib.sha256(content).hexdigest()
    existing = ReferenceImport.objects.filter(sha256=sha256).first()
    if existing is not None:
        return _existing(existing)
    parsed = reference_parse(content)
    day = as_of or parsed.as_of or timezone.localdate()
    try:
        with transaction.atomic():
            record, counts = _apply(parsed, content, sha256, filename, day, by, commit)
            if not commit:
                raise _Preview
    except _Preview:
        record = None
    except IntegrityError:
        # Another request imported the same bytes meanwhile (the unique sha256).
        existing = ReferenceImport.objects.filter(sha256=sha256).first()
        if existing is None:
            raise
        return _existing(existing)
    return ReferenceImportResult(
        kind=parsed.kind.value,
        import_id=record.pk if record is not None else None,
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        removed=counts.removed,
        problems=parsed.problems,
        as_of=day,
        source_label=parsed.source_label,
        notes=(*parsed.notes, *counts.notes),
        committed=record is not None,
        statuses=dict(counts.summary.get("statuses", {})),
    )


def _apply(
    parsed: ParsedReference,
    content: bytes,
    sha256: str,
    filename: str,
    day: date,
    by: Any,
    commit: bool,
) -> tuple[ReferenceImport, ImportCounts]:
    record = ReferenceImport(
        kind=parsed.kind.value,
        sha256=sha256,
        original_name=clip(PurePath(filename).name or "upload", 255),
        source_label=clip(parsed.source_label, 200),
        as_of=day,
        created_by=by if getattr(by, "pk", None) else None,
    )
    stored = ""
    if commit:
        suffix = PurePath(filename).suffix.lower()[:8] if PurePath(filename).suffix else ""
        record.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(content), save=False)
        stored = record.file.name
    try:
        record.save()
        if parsed.kind is ReferenceKind.STATUS_LIST:
            counts = statuses_apply(record, parsed, day)
        else:
            counts = _smelters_apply(record, parsed, day)
        record.created_count = counts.created
        record.updated_count = counts.updated
        record.unchanged_count = counts.unchanged
        record.removed_count = counts.removed
        record.summary = {
            **counts.summary,
            "release": parsed.release,
            "problems": list(parsed.problems),
            "notes": [*parsed.notes, *counts.notes],
            "unmapped_statuses": list(parsed.unmapped_statuses),
        }
        record.save()
    except BaseException:
        if stored:
            record.file.storage.delete(stored)  # the transaction rolls back; so does the file
        raise
    return record, counts


def _is_newer(record: ReferenceImport, parsed: ParsedReference, day: date) -> bool:
    """Whether this list is at least as recent as every earlier list of its kind: the
    release for a Look-up tab, the as-of date for a facility list."""
    earlier = ReferenceImport.objects.filter(kind=record.kind).exclude(pk=record.pk)
    if parsed.kind is ReferenceKind.LOOKUP_TAB:
        keys = [version_key(r.summary.get("release", "")) for r in earlier.only("summary")]
        return not keys or version_key(parsed.release) >= max(keys)
    dates = [d for d in earlier.values_list("as_of", flat=True) if d]
    return not dates or day >= max(dates)


def _alias(smelter: ReferenceSmelter, name: str, kind: str, record: ReferenceImport) -> None:
    SmelterAlias.objects.create(
        smelter=smelter,
        metal=smelter.metal,
        name=clip(name, 255),
        folded=clip(fold(name), 255),
        kind=kind,
        source_import=record,
    )


def _new_smelter(entry: SmelterEntry, record: ReferenceImport) -> ReferenceSmelter:
    smelter = ReferenceSmelter.objects.create(
        cid=entry.cid,
        metal=entry.metal.value,
        standard_name=clip(entry.standard_name, 255),
        country=clip(entry.country, 100),
        street=clip(entry.street, 255),
        city=clip(entry.city, 120),
        state=clip(entry.state, 120),
        source=clip(entry.source, 120),
        first_import=record,
        last_import=record,
    )
    _alias(smelter, entry.standard_name, SmelterAlias.Kind.STANDARD, record)
    for name in entry.lookup_names:
        if fold(name) != fold(entry.standard_name):
            _alias(smelter, name, SmelterAlias.Kind.LOOKUP, record)
    return smelter


def _rename(smelter: ReferenceSmelter, new_name: str, record: ReferenceImport) -> None:
    """The old standard name becomes a "former" alias; the new one the "standard"."""
    aliases = {alias.folded: alias for alias in smelter.aliases.all()}
    old = aliases.get(fold(smelter.standard_name))
    if fold(new_name) != fold(smelter.standard_name):
        if old is None:
            _alias(smelter, smelter.standard_name, SmelterAlias.Kind.FORMER, record)
        elif old.kind == SmelterAlias.Kind.STANDARD:
            old.kind = SmelterAlias.Kind.FORMER
            old.save(update_fields=["kind"])
    current = aliases.get(fold(new_name))
    if current is None:
        _alias(smelter, new_name, SmelterAlias.Kind.STANDARD, record)
    else:
        current.kind = SmelterAlias.Kind.STANDARD
        current.name = clip(new_name, 255)
        current.save(update_fields=["kind", "name"])


def _lookup_names_add(
    smelter: ReferenceSmelter, entry: SmelterEntry, record: ReferenceImport, *, older: bool = False
) -> bool:
    """Add the entry's names the smelter lacks. From an ``older`` list, its standard name
    is one the smelter had before: a "former" name."""
    # Fresh from the database: a rename just now may have added aliases.
    known = set(SmelterAlias.objects.filter(smelter=smelter).values_list("folded", flat=True))
    known.add(fold(smelter.standard_name))
    added = False
    if fold(entry.standard_name) not in known:
        if older:
            _alias(smelter, entry.standard_name, SmelterAlias.Kind.FORMER, record)
            added = True
        known.add(fold(entry.standard_name))
    for name in entry.lookup_names:
        if fold(name) not in known:
            _alias(smelter, name, SmelterAlias.Kind.LOOKUP, record)
            known.add(fold(name))
            added = True
    return added


def _smelter_update(
    smelter: ReferenceSmelter, entry: SmelterEntry, record: ReferenceImport
) -> bool:
    wanted = {
        "metal": entry.metal.value,
        "standard_name": clip(entry.standard_name, 255),
        "country": clip(entry.country, 100),
        "street": clip(entry.street, 255),
        "city": clip(entry.city, 120),
        "state": clip(entry.state, 120),
        "source": clip(entry.source, 120),
    }
    changed = [name for name in _FIELDS if getattr(smelter, name) != wanted[name]]
    if "standard_name" in changed:
        _rename(smelter, wanted["standard_name"], record)
    added = _lookup_names_add(smelter, entry, record)
    relisted = smelter.removed_at is not None
    for name in changed:
        setattr(smelter, name, wanted[name])
    smelter.removed_at = None
    smelter.last_import = record
    smelter.save()
    return bool(changed) or added or relisted


def _smelters_apply(record: ReferenceImport, parsed: ParsedReference, day: date) -> ImportCounts:
    counts = ImportCounts()
    newer = _is_newer(record, parsed, day)
    cids = {entry.cid for entry in parsed.smelters}
    listed_by_kind = set(
        ReferenceSmelter.objects.filter(
            removed_at__isnull=True, last_import__kind=record.kind
        ).values_list("cid", flat=True)
    )
    existing = {
        smelter.cid: smelter
        for smelter in ReferenceSmelter.objects.filter(cid__in=cids).prefetch_related("aliases")
    }
    created: list[str] = []
    for entry in parsed.smelters:
        smelter = existing.get(entry.cid)
        if smelter is None:
            _new_smelter(entry, record)
            created.append(entry.cid)
            counts.created += 1
        elif newer:
            if _smelter_update(smelter, entry, record):
                counts.updated += 1
            else:
                counts.unchanged += 1
        # An older list adds the names it knew, never its older fields.
        elif _lookup_names_add(smelter, entry, record, older=True):
            counts.updated += 1
        else:
            counts.unchanged += 1
    if not newer:
        counts.notes.append(
            _(
                "A newer list of this kind was imported before: existing smelters kept their "
                "names and details, and none was marked removed."
            )
        )
    else:
        counts.removed = _removed_mark(record, parsed, day, cids, listed_by_kind, counts)
    statuses_link(created)
    counts.summary = {"newer": newer}
    return counts


def _removed_mark(
    record: ReferenceImport,
    parsed: ParsedReference,
    day: date,
    cids: set[str],
    listed_by_kind: set[str],
    counts: ImportCounts,
) -> int:
    missing = listed_by_kind - cids
    if not missing:
        return 0
    if parsed.kind is ReferenceKind.FACILITY_LIST:
        share = len(listed_by_kind & cids) / len(listed_by_kind)
        if share < FULL_LIST_SHARE:
            counts.notes.append(
                _(
                    "This list carries %(carried)d of the %(listed)d smelters listed so far, so it "
                    "is taken as an extract: no smelter was marked removed."
                )
                % {"carried": len(listed_by_kind & cids), "listed": len(listed_by_kind)}
            )
            return 0
    return ReferenceSmelter.objects.filter(cid__in=missing, removed_at__isnull=True).update(
        removed_at=day, updated_at=timezone.now()
    )
