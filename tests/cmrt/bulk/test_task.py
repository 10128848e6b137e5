"""The bulk unpacking task (cmrt/tasks/bulk.py): database faults retried, then a message."""

from __future__ import annotations

import pytest
from celery.exceptions import Retry
from django.db import OperationalError

from cmrt.models import BulkImport
from cmrt.tasks.bulk import bulk_expand
from tests.workers import last_retry

pytestmark = pytest.mark.django_db


def unreachable(bulk_id: int, supplier_id: int | None = None) -> None:
    raise OperationalError("server closed the connection")


def test_a_database_fault_is_retried_with_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cmrt.services.bulk.bulk_expand", unreachable)
    monkeypatch.setattr("config.tasks.random.uniform", lambda a, b: 0.5)
    retried: list[dict[str, object]] = []
    monkeypatch.setattr(bulk_expand, "retry", lambda **kw: retried.append(kw) or Retry())
    job = BulkImport.objects.create(original_name="x.zip")
    with pytest.raises(Retry):
        bulk_expand.run(job.pk)
    assert retried[0]["countdown"] == 1.0  # 2 s at the first retry, halved by the jitter
    job.refresh_from_db()
    assert job.status == "queued"


def test_after_the_last_retry_the_job_fails_with_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("cmrt.services.bulk.bulk_expand", unreachable)
    job = BulkImport.objects.create(original_name="x.zip")
    with last_retry(bulk_expand), pytest.raises(OperationalError):
        bulk_expand.run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.message) == (
        "failed",
        "The archive could not be unpacked because of a technical fault (OperationalError). "
        "Files already unpacked are being imported; upload the archive again for the rest.",
    )
