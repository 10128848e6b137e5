"""Ingestion task: one submission id in, the service does the work."""

from __future__ import annotations

import contextlib
import random

from celery import shared_task
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.utils.translation import gettext as _

# A database blip (restart, failover, lock timeout) is worth waiting for; anything else is
# a bug or a bad file, which the service turns into a message.
TRANSIENT = (OperationalError, InterfaceError)
MAX_RETRIES = 8


@shared_task(
    name="cmrt.ingest_submission",
    bind=True,
    acks_late=True,  # a worker killed mid-file leaves the message to be delivered again
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=MAX_RETRIES,
)
def ingest_submission(self, submission_id: int) -> None:  # type: ignore[no-untyped-def]
    from cmrt.services.ingestion import (
        stale_claim,
        submission_busy,
        submission_fail,
        submission_ingest,
    )

    try:
        done = submission_ingest(submission_id)
        if done is None and submission_busy(submission_id):
            # Another worker holds it. If that worker dies mid-file, only this delivery is
            # left to finish the job: come back once its claim would be stale.
            raise self.retry(countdown=stale_claim().total_seconds() + 1)
    except TRANSIENT as exc:
        _drop_broken_connection()
        if self.request.retries >= MAX_RETRIES:
            # If the database is still away, the row stays queued for a manual rerun.
            with contextlib.suppress(DatabaseError):
                submission_fail(
                    submission_id,
                    _(
                        "The file could not be processed because of a technical fault (%(error)s). "
                        "It is stored; ask the compliance team to run it again."
                    )
                    % {"error": type(exc).__name__},
                )
            raise
        # Exponential backoff (2, 4, 8 ... s, at most 5 minutes) with jitter, so that files
        # that failed together do not all come back at the same moment.
        delay = min(2 ** (self.request.retries + 1), 300) * random.uniform(0.5, 1.0)
        raise self.retry(exc=exc, countdown=delay) from exc


def _drop_broken_connection() -> None:
    """Celery closes the database connection around every task unless CELERY_DB_REUSE_MAX
    keeps it (reconnecting costs more than a small file's queries); a kept connection that
    the fault left broken is closed here, so that the retry does not inherit it."""
    if not connection.in_atomic_block:  # tests run inside a transaction
        with contextlib.suppress(DatabaseError):
            connection.close_if_unusable_or_obsolete()
