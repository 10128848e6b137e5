"""Bulk import task: a job id in, ``cmrt.services.bulk.bulk_expand`` does the work."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext as _

from cmrt.tasks.ingestion import MAX_RETRIES
from config.tasks import TRANSIENT, retry_transient


@shared_task(
    name="cmrt.bulk_expand",
    bind=True,
    # Safe to deliver twice: the job is claimed with a conditional UPDATE, an interrupted
    # run resumes, and items are unique per (job, path), so a worker lost mid-archive
    # leaves the message to be delivered again.
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=MAX_RETRIES,
)
def bulk_expand(self, bulk_id: int, supplier_id: int | None = None) -> None:  # type: ignore[no-untyped-def]
    from cmrt.services.bulk import bulk_expand as bulk_expand_service
    from cmrt.services.bulk import bulk_fail

    try:
        bulk_expand_service(bulk_id, supplier_id=supplier_id)
    except TRANSIENT as exc:
        retry_transient(
            self,
            exc,
            lambda error: bulk_fail(
                bulk_id,
                _(
                    "The archive could not be unpacked because of a technical fault "
                    "(%(error)s). Files already unpacked are being imported; upload the "
                    "archive again for the rest."
                )
                % {"error": error},
            ),
        )
