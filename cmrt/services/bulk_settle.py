"""Bulk items after their submission was read: assign the supplier or queue the file.

Ingestion settles a file's items in the same transaction that saves its rows, so a file
costs one commit instead of two (each commit waits for the disk): ``bulk_settlement``
decides before the transaction (the queries and the name matching), ``settlement_apply``
writes inside it, and ``settlement_finish`` closes the job after the commit.
``bulk_submission_done`` does the three on its own for a submission that is already saved
(``bulk_settle``: items whose submission finished without telling us).

The job is closed only after the commit on purpose: two workers finishing the last two
files at the same moment would each still see the other's item pending from inside their
transactions, and neither would close it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from cmrt.bulk import SupplierGuess, supplier_guess
from cmrt.models import BulkImport, BulkItem, Submission
from cmrt.selectors.bulk import PENDING
from cmrt.services.bulk_directory import supplier_directory_cached


@dataclass(frozen=True)
class Settlement:
    """What reading a submission means for its pending bulk items."""

    item_ids: tuple[int, ...]
    bulk_ids: frozenset[int]
    failed: bool  # the file could not be read: the items fail with ``message``
    message: str
    guess: SupplierGuess | None  # for an unassigned file that was read


def bulk_settlement(
    submission: Submission,
    *,
    failed: bool,
    message: str,
    declared_company: str,
    directory_version: tuple[object, ...] | None = None,
) -> Settlement | None:
    """None when no bulk item waits for this submission (any file not from a bulk import:
    one query). ``directory_version``: ``supplier_directory_version()`` if already read."""
    pending = list(
        BulkItem.objects.filter(submission_id=submission.pk, status__in=PENDING)
        .order_by()  # the default ordering joins the job's table for nothing
        .values_list("pk", "bulk_id")
    )
    if not pending:
        return None
    guess = None
    if not failed and submission.supplier_id is None:
        guess = supplier_guess(declared_company, supplier_directory_cached(directory_version))
    return Settlement(
        item_ids=tuple(pk for pk, _bulk in pending),
        bulk_ids=frozenset(bulk for _pk, bulk in pending),
        failed=failed,
        message=message,
        guess=guess,
    )


def settlement_apply(submission: Submission, settlement: Settlement) -> None:
    """Write the settlement; inside the caller's transaction, or on its own."""
    items = BulkItem.objects.filter(pk__in=settlement.item_ids, status__in=PENDING)
    guess = settlement.guess
    if settlement.failed:
        items.update(status=BulkItem.Status.FAILED, message=settlement.message)
    elif guess is None:  # the supplier was chosen when the file was uploaded
        items.update(status=BulkItem.Status.DONE)
    elif guess.supplier_id is not None:
        submission_assign(
            submission, guess.supplier_id, note=guess.note, item_ids=list(settlement.item_ids)
        )
    else:
        items.update(
            status=BulkItem.Status.NEEDS_SUPPLIER,
            supplier_note=guess.note,
            candidates=[candidate.as_json() for candidate in guess.candidates],
        )


def settlement_finish(settlement: Settlement) -> None:
    """After the commit: close the jobs whose last file this was."""
    for bulk_id in sorted(settlement.bulk_ids):
        bulk_finish_if_settled(bulk_id)


def bulk_submission_done(submission_id: int, *, submission: Submission | None = None) -> None:
    """Settle the bulk items of a submission that has been read (and saved)."""
    if submission is None:
        submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None or not submission.is_finished:
        return
    settlement = bulk_settlement(
        submission,
        failed=submission.status == Submission.Status.FAILED,
        message=submission.message,
        declared_company=submission.declared_company,
    )
    if settlement is None:
        return
    with transaction.atomic():
        settlement_apply(submission, settlement)
    settlement_finish(settlement)


def bulk_settle(bulk: BulkImport) -> None:
    """Catch up on items whose submission finished without telling us (its task gave up
    after retries, or a worker died between the two steps). Cheap; safe at any time."""
    finished = (
        BulkItem.objects.filter(bulk=bulk, status__in=PENDING)
        .filter(submission__status__in=(Submission.Status.CHECKED, Submission.Status.FAILED))
        .values_list("submission_id", flat=True)
    )
    for submission_id in set(finished):
        bulk_submission_done(submission_id)
    bulk_finish_if_settled(bulk.pk)


def bulk_finish_if_settled(bulk_id: int) -> None:
    """RUNNING -> DONE once no item waits for a worker, in one statement (it runs after
    every file). Only from RUNNING: while the job is still unpacking, later files are not
    there yet."""
    pending = BulkItem.objects.filter(bulk_id=OuterRef("pk"), status__in=PENDING)
    BulkImport.objects.filter(pk=bulk_id, status=BulkImport.Status.RUNNING).exclude(
        Exists(pending)
    ).update(status=BulkImport.Status.DONE, finished_at=timezone.now())


def already_sent(submission: Submission) -> str:
    return _("%(supplier)s already sent this file (%(name)s, %(date)s).") % {
        "supplier": submission.supplier.name if submission.supplier else "",
        "name": submission.original_name,
        "date": timezone.localdate(submission.uploaded_at).isoformat(),
    }


def submission_assign(
    submission: Submission, supplier_id: int, *, note: str, item_ids: list[int]
) -> None:
    """Give an unassigned submission its supplier and settle the items ``item_ids`` as
    DONE, or as DUPLICATE when the supplier already has these bytes (the unique constraint
    says so): then every item of the submission points at the existing one and the orphan
    row is deleted, never its stored file, which is content-addressed and shared.

    Each try is its own transaction, or a savepoint inside the caller's."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                Submission.objects.filter(pk=submission.pk, supplier__isnull=True).update(
                    supplier_id=supplier_id
                )
                BulkItem.objects.filter(pk__in=item_ids).update(
                    status=BulkItem.Status.DONE, supplier_note=note, candidates=[], message=""
                )
            return
        except IntegrityError:
            pass
        existing = (
            Submission.objects.filter(supplier_id=supplier_id, sha256=submission.sha256)
            .exclude(pk=submission.pk)
            .select_related("supplier")
            .first()
        )
        if existing is None:  # deleted in the meantime: try the assignment again
            continue
        with transaction.atomic():
            BulkItem.objects.filter(submission=submission).update(submission=existing)
            BulkItem.objects.filter(pk__in=item_ids).update(
                status=BulkItem.Status.DUPLICATE,
                supplier_note=note,
                candidates=[],
                message=already_sent(existing),
            )
            Submission.objects.filter(pk=submission.pk, supplier__isnull=True).delete()
        return
    raise IntegrityError(f"submission {submission.pk}: supplier {supplier_id} kept changing")
