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
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cmrt.checks import CheckContext
from cmrt.matching import MatchStatus, ReferenceIndex, smelters_match
from cmrt.models import (
    DeclarationRecord,
    FindingRecord,
    ProductRecord,
    ReferenceSmelter,
    SmelterRecord,
    Submission,
)
from cmrt.pipeline import CheckReport, cmrt_check_bytes, report_json
from cmrt.services.ingestion_rows import derived_rows
from suppliers.models import Supplier

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
    """Take the submission if it is queued, or if its claim went stale; None otherwise."""
    now = timezone.now()
    claimable = Submission.objects.filter(pk=submission_id, status=Submission.Status.QUEUED)
    stale = Submission.objects.filter(
        pk=submission_id,
        status=Submission.Status.PROCESSING,
        claimed_at__lt=now - stale_claim(),
    )
    changes: dict[str, Any] = {
        "status": Submission.Status.PROCESSING,
        "stage": Submission.Stage.READING,
        "progress": 10,
        "claimed_at": now,
        "attempts": F("attempts") + 1,
    }
    if not (claimable.update(**changes) or stale.update(**changes)):
        return None
    return Submission.objects.select_related("request__campaign").get(pk=submission_id)


def _progress(submission: Submission, stage: Submission.Stage, percent: int) -> None:
    Submission.objects.filter(pk=submission.pk, claimed_at=submission.claimed_at).update(
        stage=stage, progress=percent
    )


def _release(submission: Submission) -> None:
    """Give the claim back so that a retry can take it."""
    Submission.objects.filter(pk=submission.pk, claimed_at=submission.claimed_at).update(
        status=Submission.Status.QUEUED, stage=Submission.Stage.WAITING, progress=0
    )


@dataclass(frozen=True)
class _Reference:
    """What reading, checking and matching need from the reference data."""

    reader: tuple[Any, ...]  # LookupEntry per smelter name, for the reader
    known: dict[str, Any]  # CID -> metal, for the checker
    index: ReferenceIndex  # for matching


# (version, reference) of this process: rebuilt only when the reference data changed, so a
# bulk import does not load the whole list again for every file.
_cached: tuple[tuple[object, ...], _Reference] | None = None


def _reference() -> _Reference:
    global _cached
    from cmrt.selectors.matching import reference_index
    from cmrt.selectors.reference import known_smelters, reader_reference, reference_version

    version = reference_version()
    if _cached is None or _cached[0] != version:
        _cached = (version, _Reference(reader_reference(), known_smelters(), reference_index()))
    return _cached[1]


def _context(submission: Submission, reference: _Reference) -> CheckContext:
    """The checks' settings: the campaign's (minimum release, reporting year) when the file
    answers a campaign request, else the installation's."""
    campaign = submission.request.campaign if submission.request_id else None
    return CheckContext(
        today=timezone.localdate(),
        minimum_version=campaign.minimum_version if campaign else settings.CMRT_MINIMUM_VERSION,
        reporting_year=campaign.reporting_year if campaign else None,
        known_smelters=reference.known or None,
    )


def submission_ingest(submission_id: int) -> Submission | None:
    """Read, check and match one submission; None when it was not ours to take (already
    done, or another worker is on it). Safe to run any number of times."""
    submission = _claim(submission_id)
    if submission is None:
        return None
    try:
        with submission.file.open("rb") as stored:
            content = stored.read()
        reference = _reference()
        report = cmrt_check_bytes(
            content, _context(submission, reference), reference=reference.reader
        )
        _progress(submission, Submission.Stage.MATCHING, 60)
        declaration = report.declaration
        matches = smelters_match(declaration.smelters, reference.index) if declaration else ()
        _progress(submission, Submission.Stage.SAVING, 80)
        saved = _save(submission, report, matches)
    except Exception:
        _release(submission)
        raise
    if saved is not None and saved.bulk_items.exists():
        from cmrt.services.bulk import bulk_submission_done

        bulk_submission_done(saved.pk)  # assign the supplier by the declared company name
    if saved is not None and saved.request_id is not None:
        from suppliers.services.campaigns import request_submission_checked

        request_submission_checked(saved.pk)  # the request moves on to review
    return saved


def _save(
    submission: Submission, report: CheckReport, matches: tuple[Any, ...]
) -> Submission | None:
    """Replace the derived rows and finish the submission, in one transaction."""
    data = report_json(report, submission.original_name)
    cids = {match.cid for match in matches if match.cid}
    references = dict(ReferenceSmelter.objects.filter(cid__in=cids).values_list("cid", "pk"))
    rows = derived_rows(report, data, matches, references)
    identity = report.identity
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        if (
            current.claimed_at != submission.claimed_at
            or current.status != Submission.Status.PROCESSING
        ):
            return None  # another run took this submission over; its result stands
        if current.attempts > 1:  # a first run has no earlier rows to replace
            DeclarationRecord.objects.filter(submission=current).delete()
            SmelterRecord.objects.filter(submission=current).delete()
            ProductRecord.objects.filter(submission=current).delete()
            FindingRecord.objects.filter(submission=current).delete()
        if rows.declaration is not None:
            rows.declaration.submission = current
            rows.declaration.save()
        for batch in (rows.smelters, rows.products, rows.findings):
            for row in batch:
                row.submission = current
        SmelterRecord.objects.bulk_create(rows.smelters, batch_size=500)
        ProductRecord.objects.bulk_create(rows.products, batch_size=500)
        FindingRecord.objects.bulk_create(rows.findings, batch_size=500)
        current.status = Submission.Status.CHECKED if report.readable else Submission.Status.FAILED
        current.stage = Submission.Stage.DONE
        current.progress = 100
        current.message = report.problem or ""
        current.template_kind = identity.kind.value if identity else ""
        current.template_version = identity.version if identity else ""
        current.template_language = (identity.language if identity else "")[:40]
        current.declared_company = rows.declaration.company_name if rows.declaration else ""
        current.error_count = report.error_count
        current.warning_count = report.warning_count
        current.smelter_count = len(rows.smelters)
        current.matched_count = sum(m.status is MatchStatus.MATCHED for m in matches)
        current.finished_at = timezone.now()
        current.save()
    return current


def submission_fail(submission_id: int, message: str) -> None:
    """End a submission whose task gave up after its retries (a lasting technical fault)."""
    Submission.objects.filter(pk=submission_id).exclude(status=Submission.Status.CHECKED).update(
        status=Submission.Status.FAILED,
        stage=Submission.Stage.DONE,
        progress=100,
        message=message,
        finished_at=timezone.now(),
    )
