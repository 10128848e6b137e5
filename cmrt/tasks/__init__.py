"""Celery tasks of the cmrt app (autodiscovered here): thin, they load by id and call one
service. One module per area, so each stays small."""

from cmrt.tasks.bulk import bulk_expand
from cmrt.tasks.heartbeat import worker_heartbeat
from cmrt.tasks.ingestion import ingest_submission
from cmrt.tasks.resume import resume_stalled

__all__ = ["bulk_expand", "ingest_submission", "resume_stalled", "worker_heartbeat"]
