"""Ingestion task: one submission id in, the service does the work."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext as _

from config.tasks import TRANSIENT, retry_transient

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
        # If the database is still away at the end, the row stays queued for a manual rerun.
        retry_transient(
            self,
            exc,
            lambda error: submission_fail(
                submission_id,
                _(
                    "The file could not be processed because of a technical fault (%(error)s). "
                    "It is stored; ask the compliance team to run it again."
                )
                % {"error": error},
            ),
        )
