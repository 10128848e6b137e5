"""Bulk imports: one job for an uploaded zip (or several files), one item per file in it.

1. ``bulk_start`` stores the upload (several files are packed into one zip first, so a job
   always has exactly one stored archive), creates the job and queues ``cmrt.bulk_expand``
   when the transaction commits.
2. ``bulk_expand`` (the task) claims the job, walks the archive (``cmrt.bulk.archive``) and,
   per file, creates the item and its unassigned submission in one short transaction, so
   workers start on the first files while later ones are still being unpacked. Running it
   again creates nothing new: items are unique per (job, path) and looked up first.
3. When a submission is read, ingestion settles its items in the transaction that saves
   its rows (``cmrt.services.bulk_settle``): the supplier is assigned from the declared
   company name (``cmrt.bulk.naming``) or the file goes to the "assign supplier" queue;
   ``bulk_item_assign`` is the person's answer and teaches the name to the registry as a
   ``SupplierAlias``.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cmrt.bulk import (
    ArchiveEntry,
    EntryKind,
    archive_entries,
    archive_pack,
    company_fold,
    is_archive,
)
from cmrt.models import BulkImport, BulkItem, Submission
from cmrt.selectors.bulk import bulk_waiting_items
from cmrt.services.bulk_settle import already_sent, bulk_finish_if_settled, submission_assign

# After ingestion (cmrt.services.bulk_settle), kept importable from here.
from cmrt.services.bulk_settle import bulk_settle as bulk_settle
from cmrt.services.bulk_settle import bulk_submission_done as bulk_submission_done
from cmrt.services.ingestion import UploadRejected, submission_receive
from config.uploads import UnsafeArchive
from suppliers.models import Supplier, SupplierAlias

logger = logging.getLogger(__name__)

# A bulk archive may be this many times a single upload (a zip of typical 0.1-2 MB CMRTs
# holds hundreds of files well below it) and unpack to twice that: workbooks are already
# compressed, so a real archive unpacks to about its own size.
ARCHIVE_FACTOR = 20
UNPACKED_FACTOR = 2 * ARCHIVE_FACTOR


class BulkRejected(ValueError):
    """Nothing was stored; the message says why and what to do."""


class BulkAssignError(ValueError):
    """The item cannot be assigned (any more); the message says why."""


def bulk_archive_limit() -> int:
    return settings.MAX_UPLOAD_BYTES * ARCHIVE_FACTOR


def bulk_start(
    *,
    files: list[tuple[str, bytes]],
    by: AbstractBaseUser | None,
    supplier: Supplier | None = None,
    enqueue: bool = True,
) -> BulkImport:
    """Store the upload, create the job and (with ``enqueue``) queue its expansion.

    ``supplier`` forces every file onto that supplier instead of matching names.
    """
    if not files:
        raise BulkRejected(_("Choose a zip file or one or more CMRT workbooks."))
    if len(files) == 1 and is_archive(*files[0]):
        name, content = files[0]
        original = _display_name(name)
    else:
        content = archive_pack(files)
        original = (
            _display_name(files[0][0])
            if len(files) == 1
            else _("%(count)d files") % {"count": len(files)}
        )
    limit = bulk_archive_limit()
    if len(content) > limit:
        raise BulkRejected(
            _("The upload is larger than %(limit)d MB; split it into several imports.")
            % {"limit": limit // (1024 * 1024)}
        )
    with transaction.atomic():
        bulk = BulkImport(
            created_by=by if by is not None and by.is_authenticated else None,
            original_name=original,
            supplier=supplier,
        )
        # Stored before anything reads it; the name is ours, never the user's.
        bulk.file.save(f"{uuid.uuid4().hex}.zip", ContentFile(content), save=False)
        bulk.save()
        if enqueue:
            bulk_enqueue(bulk.pk)
    return bulk


def bulk_enqueue(bulk_id: int) -> None:
    from cmrt.tasks.bulk import bulk_expand as bulk_expand_task

    transaction.on_commit(lambda: bulk_expand_task.delay(bulk_id))


def bulk_expand(
    bulk_id: int, *, supplier_id: int | None = None, enqueue: bool = True
) -> BulkImport | None:
    """Unpack the job's archive into items and submissions. None when there was nothing
    to claim (already unpacked, or gone). An interrupted run (status still "unpacking")
    is resumed: items that exist are kept, the rest are created.

    The supplier for every file is the job's own (``supplier_id`` is only read from task
    messages sent before the job kept it)."""
    claimed = BulkImport.objects.filter(
        pk=bulk_id, status__in=(BulkImport.Status.QUEUED, BulkImport.Status.EXPANDING)
    ).update(status=BulkImport.Status.EXPANDING, claimed_at=timezone.now())
    if not claimed:
        return None
    bulk = BulkImport.objects.select_related("created_by", "supplier").get(pk=bulk_id)
    supplier = bulk.supplier or (
        Supplier.objects.filter(pk=supplier_id).first() if supplier_id else None
    )
    try:
        with bulk.file.open("rb") as stored:
            content = stored.read()
        entries = archive_entries(
            content,
            max_file_bytes=settings.MAX_UPLOAD_BYTES,
            max_total_bytes=settings.MAX_UPLOAD_BYTES * UNPACKED_FACTOR,
        )
    except UnsafeArchive as exc:
        return _bulk_fail(bulk, str(exc))
    except (OSError, ValueError):  # the stored archive went missing
        logger.exception("Bulk import %s: the stored archive cannot be read", bulk_id)
        return _bulk_fail(bulk, _("The uploaded archive is no longer stored; upload it again."))
    first_items: dict[str, BulkItem] = {}
    for count, entry in enumerate(entries, start=1):
        item = _item_create(bulk, entry, supplier, first_items, enqueue=enqueue)
        if entry.kind is EntryKind.WORKBOOK:
            first_items[entry.sha256] = item
        if count % 50 == 0:  # the progress page shows the count while unpacking
            BulkImport.objects.filter(pk=bulk_id).update(total=count, claimed_at=timezone.now())
    BulkImport.objects.filter(pk=bulk_id, status=BulkImport.Status.EXPANDING).update(
        status=BulkImport.Status.RUNNING, total=BulkItem.objects.filter(bulk_id=bulk_id).count()
    )
    bulk_finish_if_settled(bulk_id)  # workers may have finished every file already
    bulk.refresh_from_db()
    return bulk


def _item_create(
    bulk: BulkImport,
    entry: ArchiveEntry,
    supplier: Supplier | None,
    first_items: dict[str, BulkItem],
    *,
    enqueue: bool,
) -> BulkItem:
    existing = BulkItem.objects.filter(bulk=bulk, path=entry.path).first()
    if existing is not None:  # a resumed run
        return existing
    fields: dict[str, object] = {"sha256": entry.sha256, "size": entry.size}
    try:
        with transaction.atomic():  # the submission's task is sent when this commits
            if entry.kind is EntryKind.SKIPPED:
                fields |= {"status": BulkItem.Status.SKIPPED, "message": entry.message}
            elif entry.kind is EntryKind.DUPLICATE:
                first = first_items.get(entry.sha256)
                fields |= {
                    "status": BulkItem.Status.DUPLICATE,
                    "message": entry.message,
                    "submission": first.submission if first is not None else None,
                }
            else:
                fields |= _receive(bulk, entry, supplier, enqueue=enqueue)
            return BulkItem.objects.create(bulk=bulk, path=entry.path, **fields)
    except IntegrityError:  # another run of this job created it a moment ago
        return BulkItem.objects.get(bulk=bulk, path=entry.path)


def _receive(
    bulk: BulkImport, entry: ArchiveEntry, supplier: Supplier | None, *, enqueue: bool
) -> dict[str, object]:
    try:
        received = submission_receive(
            content=entry.content,
            filename=entry.path,
            supplier=supplier,
            by=bulk.created_by,
            enqueue=enqueue,
        )
    except UploadRejected as exc:
        return {"status": BulkItem.Status.FAILED, "message": str(exc)}
    note = _("Chosen when the import was started.") if supplier is not None else ""
    if received.duplicate:
        return {
            "status": BulkItem.Status.DUPLICATE,
            "submission": received.submission,
            "supplier_note": note,
            "message": already_sent(received.submission),
        }
    return {
        "status": BulkItem.Status.QUEUED,
        "submission": received.submission,
        "supplier_note": note,
    }


def _bulk_fail(bulk: BulkImport, message: str) -> BulkImport:
    BulkImport.objects.filter(pk=bulk.pk).update(
        status=BulkImport.Status.FAILED, message=message, finished_at=timezone.now()
    )
    bulk.refresh_from_db()
    return bulk


def bulk_fail(bulk_id: int, message: str) -> None:
    """End a job whose expansion task gave up (a lasting technical fault)."""
    BulkImport.objects.filter(
        pk=bulk_id, status__in=(BulkImport.Status.QUEUED, BulkImport.Status.EXPANDING)
    ).update(status=BulkImport.Status.FAILED, message=message, finished_at=timezone.now())


def _waiting_ids(submission: Submission) -> list[int]:
    return list(
        BulkItem.objects.filter(
            submission=submission, status=BulkItem.Status.NEEDS_SUPPLIER
        ).values_list("pk", flat=True)
    )


def bulk_item_assign(item: BulkItem, supplier: Supplier, by: AbstractBaseUser | None) -> int:
    """A person assigns a waiting file to ``supplier``. The declared name is recorded as
    an alias of the supplier, and other waiting files that declare the same name (in any
    job) are assigned with it. Returns how many files were assigned."""
    item = BulkItem.objects.select_related("submission").get(pk=item.pk)
    if item.status != BulkItem.Status.NEEDS_SUPPLIER or item.submission is None:
        raise BulkAssignError(_("This file is no longer waiting for a supplier."))
    who = by.get_username() if by is not None and by.is_authenticated else "?"
    declared = item.submission.declared_company
    submission_assign(
        item.submission,
        supplier.pk,
        note=_("Assigned by %(user)s.") % {"user": who},
        item_ids=_waiting_ids(item.submission),
    )
    key = company_fold(declared)
    if not key:  # files without a company name are not alike
        return 1
    _alias_record(declared, key, supplier)
    others = [
        other
        for other in bulk_waiting_items().exclude(pk=item.pk)
        if other.submission is not None and company_fold(other.submission.declared_company) == key
    ]
    for other in others:
        submission_assign(
            other.submission,
            supplier.pk,
            note=_('Same company name as "%(path)s", assigned by %(user)s.')
            % {"path": item.path, "user": who},
            item_ids=_waiting_ids(other.submission),
        )
    return 1 + len(others)


def _alias_record(declared: str, key: str, supplier: Supplier) -> None:
    """Remember the declared name, unless the supplier's own name already finds it alone.
    A later decision for the same name replaces an earlier one (the alias is unique)."""
    same_name = [
        pk for pk, name in Supplier.objects.values_list("pk", "name") if company_fold(name) == key
    ]
    if same_name == [supplier.pk]:
        return
    # Replaced rather than edited in place: workers keep the directory until its version
    # (count and highest id of the aliases) changes, and an edit would leave both alone.
    with transaction.atomic():
        SupplierAlias.objects.filter(folded=key[:255]).delete()
        SupplierAlias.objects.create(
            folded=key[:255], supplier=supplier, name=declared.strip()[:255]
        )


def _display_name(name: str) -> str:
    return (name.replace("\\", "/").rsplit("/", 1)[-1] or "upload")[-255:]
