"""Submissions: store the original upload first, then read, check and match it on a worker.

``submission_receive`` keeps the file (content-addressed by SHA-256; the same bytes for the
same supplier are one submission) and enqueues ``cmrt.ingest_submission`` once the
transaction commits. ``submission_ingest`` is what the task runs: it claims the row with a
conditional UPDATE (a second delivery finds nothing to claim), reads and checks the file in
the capped reader process, matches the smelters, and replaces every derived row in one short
transaction. Domain failures (not a CMRT, unreadable) end in ``failed`` with the message;
database hiccups release the claim and let the task retry.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cmrt.checks import CheckContext
from cmrt.matching import MatchStatus, ReferenceIndex, smelters_match
from cmrt.models import DeclarationRecord, ReferenceSmelter, Submission
from cmrt.pipeline import CheckReport, cmrt_check_bytes, report_json
from cmrt.selectors.versions import stamps_grouped
from cmrt.services.bulk_settle import (
    Settlement,
    bulk_settlement,
    settlement_apply,
    settlement_finish,
)
from cmrt.services.cached import VersionedCache
from cmrt.services.claim import row_claim
from cmrt.services.ingestion_rows import derived_rows
from cmrt.services.rows_copy import commit_without_waiting, rows_insert
from config.collector import collector_paused
from suppliers.models import Campaign, Supplier

logger = logging.getLogger(__name__)

_SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls"})


class UploadRejected(ValueError):
    """The upload was not stored; the message says why and what to do."""


@dataclass(frozen=True)
class Received:
    submission: Submission
    duplicate: bool  # the same bytes were already submitted for this supplier


def _storage_name(sha256: str, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"submissions/{sha256[:2]}/{sha256}{suffix if suffix in _SPREADSHEET_SUFFIXES else ''}"


def _original_name(filename: str) -> str:
    # Only the last path component, never a path, and bounded like the column.
    return PurePath(filename.replace("\\", "/")).name[-255:] or "upload"


def submission_receive(
    *,
    content: bytes,
    filename: str,
    supplier: Supplier | None,
    by: AbstractBaseUser | None,
    enqueue: bool = True,
    request_id: int | None = None,
) -> Received:
    """Keep the upload (before anything reads it) and queue its ingestion.

    The same bytes for the same supplier return the existing submission (``duplicate``).
    ``supplier`` may be None for a bulk-imported file that waits to be assigned;
    ``request_id`` names the campaign request the file answers (portal uploads).
    """
    if not content:
        raise UploadRejected(_("The file is empty. Choose the CMRT workbook and upload it again."))
    limit = settings.MAX_UPLOAD_BYTES
    if len(content) > limit:
        raise UploadRejected(
            _("The file is larger than %(limit)s MB, far larger than a CMRT. Upload the CMRT.")
            % {"limit": limit // (1024 * 1024)}
        )
    sha256 = hashlib.sha256(content).hexdigest()
    if supplier is not None:
        existing = Submission.objects.filter(supplier=supplier, sha256=sha256).first()
        if existing is not None:
            return Received(existing, duplicate=True)
    name = _storage_name(sha256, filename)
    if not default_storage.exists(name):  # content-addressed: identical bytes share a file
        name = default_storage.save(name, ContentFile(content))
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                supplier=supplier,
                file=name,
                sha256=sha256,
                original_name=_original_name(filename),
                size=len(content),
                uploaded_by=by if by is not None and by.is_authenticated else None,
                request_id=request_id,
            )
    except IntegrityError:  # the same file at the same moment: one submission
        existing = Submission.objects.get(supplier=supplier, sha256=sha256)
        return Received(existing, duplicate=True)
    if enqueue:
        submission_enqueue(submission.pk)
    return Received(submission, duplicate=False)


def submission_enqueue(submission_id: int) -> None:
    """Send the ingestion task once the surrounding transaction (if any) has committed."""
    from cmrt.tasks.ingestion import ingest_submission

    transaction.on_commit(lambda: ingest_submission.delay(submission_id))


def submission_requeue(submission: Submission) -> None:
    """Run a submission again from the start (after new reference data, or a failure)."""
    Submission.objects.filter(pk=submission.pk).update(
        status=Submission.Status.QUEUED,
        stage=Submission.Stage.WAITING,
        progress=0,
        claimed_at=None,
    )
    submission_enqueue(submission.pk)


# --- The task's work -------------------------------------------------------------------


def stale_claim() -> timedelta:
    """A claim older than this is taken over: the worker that made it died mid-file (a read
    is capped at 30 s by cmrt.workbook.isolation, so a live run never gets this old)."""
    return timedelta(seconds=settings.CMRT_STALE_CLAIM_SECONDS)


def submission_busy(submission_id: int) -> bool:
    """Another run holds the submission (a duplicate delivery, or a worker that died)."""
    return Submission.objects.filter(pk=submission_id, status=Submission.Status.PROCESSING).exists()


def _claim(submission_id: int) -> Submission | None:
    """Take the submission if it is queued, or if its claim went stale; None otherwise.

    The stage and progress are set by the same UPDATE: "reading" is the only stage a
    person can see, because matching and saving take milliseconds after a read of up to
    30 s (the page polls every few seconds), so they get no UPDATE of their own."""
    now = timezone.now()
    claimable = Q(status=Submission.Status.QUEUED) | Q(
        status=Submission.Status.PROCESSING, claimed_at__lt=now - stale_claim()
    )
    changes = {
        "status": Submission.Status.PROCESSING,
        "stage": Submission.Stage.READING,
        "progress": 10,
        "claimed_at": now,
        "attempts": F("attempts") + 1,
    }
    # A claim lost in a crash: the file is simply queued again, so no wait for the disk.
    return row_claim(Submission, submission_id, claimable, changes, unflushed=True)


def _release(submission: Submission) -> None:
    """Give the claim back so that a retry can take it."""
    Submission.objects.filter(
        pk=submission.pk, claimed_at=submission.claimed_at, status=Submission.Status.PROCESSING
    ).update(status=Submission.Status.QUEUED, stage=Submission.Stage.WAITING, progress=0)


@dataclass(frozen=True)
class _Reference:
    """What reading, checking and matching need from the reference data."""

    reader: tuple[Any, ...]  # LookupEntry per smelter name, for the reader
    known: dict[str, Any]  # CID -> metal, for the checker
    index: ReferenceIndex  # for matching
    ids: dict[str, int]  # CID -> ReferenceSmelter id, for the saved rows


def _reference_build() -> _Reference:
    from cmrt.selectors.matching import reference_index
    from cmrt.selectors.reference import known_smelters, reader_reference

    return _Reference(
        reader_reference(),
        known_smelters(),
        reference_index(),
        dict(ReferenceSmelter.objects.values_list("cid", "pk")),
    )


def _reference_version() -> tuple[object, ...]:
    from cmrt.selectors.reference import reference_version

    return reference_version()


# Rebuilt only when the reference data changed, so a bulk import does not load the whole
# list again for every file.
_references: VersionedCache[_Reference] = VersionedCache(_reference_version, _reference_build)


def _reference() -> tuple[_Reference, tuple[object, ...]]:
    """The reference data, and the version of the supplier directory (a bulk file is
    assigned by name against it): both versions in one query, one round trip per file."""
    from cmrt.selectors.bulk import SUPPLIER_TABLES
    from cmrt.selectors.reference import REFERENCE_TABLES

    reference, suppliers = stamps_grouped(REFERENCE_TABLES, SUPPLIER_TABLES)
    return _references.get(reference), suppliers


def _context(submission: Submission, reference: _Reference) -> CheckContext:
    """The checks' settings: the campaign's (minimum release, reporting year) when the file
    answers a campaign request, else the installation's."""
    campaign = (
        Campaign.objects.only("minimum_version", "reporting_year")
        .filter(requests=submission.request_id)
        .first()
        if submission.request_id
        else None
    )
    return CheckContext(
        today=timezone.localdate(),
        minimum_version=campaign.minimum_version if campaign else settings.CMRT_MINIMUM_VERSION,
        reporting_year=campaign.reporting_year if campaign else None,
        known_smelters=reference.known or None,
    )


@collector_paused  # one file builds ~100,000 short-lived objects: collect once, after
def submission_ingest(submission_id: int) -> Submission | None:
    """Read, check and match one submission; None when it was not ours to take (already
    done, or another worker is on it). Safe to run any number of times."""
    submission = _claim(submission_id)
    if submission is None:
        return None
    try:
        with submission.file.open("rb") as stored:
            content = stored.read()
        reference, directory_version = _reference()
        report = cmrt_check_bytes(
            content, _context(submission, reference), reference=reference.reader
        )
        declaration = report.declaration
        matches = smelters_match(declaration.smelters, reference.index) if declaration else ()
        outcome = _save(submission, report, matches, reference.ids, directory_version)
    except Exception:
        _release(submission)
        raise
    if outcome is None:
        return None
    saved, settlement = outcome
    if settlement is not None:  # after the commit, out of the claim: the file is done
        settlement_finish(settlement)
    if saved.request_id is not None:
        from suppliers.services.campaigns import request_submission_checked

        request_submission_checked(saved.pk)  # the request moves on to review
    return saved


def _save(
    submission: Submission,
    report: CheckReport,
    matches: tuple[Any, ...],
    references: dict[str, int],
    directory_version: tuple[object, ...] | None = None,
) -> tuple[Submission, Settlement | None] | None:
    """Replace the derived rows, settle the file's bulk items and finish the submission,
    in one transaction (one commit: each costs a wait for the disk).

    The finishing UPDATE comes first and only applies while the claim is still ours: it
    locks the row (as SELECT ... FOR UPDATE would), and when another run took the
    submission over it changes nothing and this run leaves the rows to that one."""
    data = report_json(report, submission.original_name)
    rows = derived_rows(report, data, matches, references, submission.pk)
    identity = report.identity
    declared = rows.declaration.company_name if rows.declaration else ""
    finished = {
        "status": Submission.Status.CHECKED if report.readable else Submission.Status.FAILED,
        "stage": Submission.Stage.DONE,
        "progress": 100,
        "message": report.problem or "",
        "template_kind": identity.kind.value if identity else "",
        "template_version": identity.version if identity else "",
        "template_language": (identity.language if identity else "")[:40],
        "declared_company": declared,
        "error_count": report.error_count,
        "warning_count": report.warning_count,
        "smelter_count": len(rows.smelters),
        "matched_count": sum(m.status is MatchStatus.MATCHED for m in matches),
        "finished_at": timezone.now(),
    }
    # Decided before the transaction, which then only writes (a file of a bulk import:
    # which supplier by the declared name; any other file: one query that finds nothing).
    settlement = bulk_settlement(
        submission,
        failed=not report.readable,
        message=finished["message"],
        declared_company=declared,
        directory_version=directory_version,
    )
    with transaction.atomic():
        # Derived rows: rebuilt from the stored file if a crash lost this commit.
        commit_without_waiting()
        ours = Submission.objects.filter(
            pk=submission.pk,
            claimed_at=submission.claimed_at,
            status=Submission.Status.PROCESSING,
        ).update(**finished)
        if not ours:
            return None  # another run took this submission over; its result stands
        if submission.attempts > 1:  # a first run has no earlier rows to replace
            DeclarationRecord.objects.filter(submission_id=submission.pk).delete()
            for table in rows.tables:
                table.model._default_manager.filter(submission_id=submission.pk).delete()
        if rows.declaration is not None:
            rows.declaration.save(force_insert=True)
        for table in rows.tables:
            rows_insert(table.model, table.fields, table.rows)
        for name, value in finished.items():
            setattr(submission, name, value)
        if settlement is not None:
            settlement_apply(submission, settlement)
    return submission, settlement


def submission_fail(submission_id: int, message: str) -> None:
    """End a submission whose task gave up after its retries (a lasting technical fault)."""
    Submission.objects.filter(pk=submission_id).exclude(status=Submission.Status.CHECKED).update(
        status=Submission.Status.FAILED,
        stage=Submission.Stage.DONE,
        progress=100,
        message=message,
        finished_at=timezone.now(),
    )
