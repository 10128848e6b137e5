"""Re-send work whose task message was lost.

Every task of the app takes an id and keeps its state on a row, so the database knows what
is still to do even when the broker does not: Redis restarted without persistence, a
message dropped by a failover. Beat runs ``resume_stalled`` every
``CMRT_RESUME_SECONDS``. It re-sends only when the work has **stalled**: rows waiting
longer than ``CMRT_RESUME_AFTER_SECONDS`` while no row of their kind was claimed or
finished in that time. A healthy backlog keeps moving, so it is never sent twice; and a
message sent twice is harmless anyway (each task claims its row with a conditional
UPDATE).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from cmrt.models import BulkImport, Submission
from reports.models import ReportBuild

logger = logging.getLogger(__name__)
BATCH = 1_000  # at most this many of each kind per run; the next run sends the rest


@dataclass(frozen=True)
class Resumed:
    submissions: int = 0
    report_builds: int = 0
    bulk_imports: int = 0


def resume_after() -> timedelta:
    return timedelta(seconds=settings.CMRT_RESUME_AFTER_SECONDS)


def _submissions_moved(since: datetime) -> bool:
    return Submission.objects.filter(Q(claimed_at__gte=since) | Q(finished_at__gte=since)).exists()


def _stalled_submissions(now: datetime, since: datetime) -> list[int]:
    if _submissions_moved(since):
        return []
    from cmrt.services.ingestion import stale_claim

    waiting = Q(status=Submission.Status.QUEUED, uploaded_at__lt=since)
    orphaned = Q(status=Submission.Status.PROCESSING, claimed_at__lt=now - stale_claim())
    return list(
        Submission.objects.filter(waiting | orphaned)
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    )


def _stalled_report_builds(now: datetime, since: datetime) -> list[int]:
    from reports.services_builds import STALE_CLAIM

    moved = ReportBuild.objects.filter(Q(claimed_at__gte=since) | Q(finished_at__gte=since))
    if moved.exists():
        return []
    waiting = Q(status=ReportBuild.Status.QUEUED, created_at__lt=since)
    orphaned = Q(status=ReportBuild.Status.RUNNING, claimed_at__lt=now - STALE_CLAIM)
    return list(
        ReportBuild.objects.filter(waiting | orphaned)
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    )


def _stalled_bulk_imports(since: datetime) -> list[int]:
    """Jobs waiting to be unpacked, or whose unpacking made no progress (it stamps
    ``claimed_at`` every 50 files), since ``since``; none while any job moved."""
    moved = BulkImport.objects.filter(Q(claimed_at__gte=since) | Q(finished_at__gte=since))
    if moved.exists():
        return []
    waiting = Q(status=BulkImport.Status.QUEUED, created_at__lt=since)
    orphaned = Q(status=BulkImport.Status.EXPANDING, claimed_at__lt=since)
    return list(
        BulkImport.objects.filter(waiting | orphaned)
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    )


def resume_stalled(now: datetime | None = None) -> Resumed:
    """Re-send the tasks of stalled submissions, bulk imports (unpacking resumes where it
    stopped: the job keeps its supplier and items are unique per path) and report builds."""
    from cmrt.tasks import bulk_expand, ingest_submission
    from reports.tasks import build_report_documents

    now = now or timezone.now()
    since = now - resume_after()
    submissions = _stalled_submissions(now, since)
    bulk_imports = _stalled_bulk_imports(since)
    builds = _stalled_report_builds(now, since)
    for pk in submissions:
        ingest_submission.delay(pk)
    for pk in bulk_imports:
        bulk_expand.delay(pk)
    for pk in builds:
        build_report_documents.delay(pk)
    resumed = Resumed(
        submissions=len(submissions), report_builds=len(builds), bulk_imports=len(bulk_imports)
    )
    if submissions or builds or bulk_imports:
        logger.warning("Re-sent stalled work (lost task messages?): %s", resumed)
    return resumed
