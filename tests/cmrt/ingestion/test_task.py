"""The ingestion task (cmrt/tasks/ingestion.py): retries, giving up, enqueue on commit."""

from __future__ import annotations

import pytest
from celery.exceptions import Retry
from django.db import OperationalError
from django.utils.timezone import now

from cmrt.models import Submission
from cmrt.services import ingestion
from cmrt.services.ingestion import submission_receive
from cmrt.tasks.ingestion import ingest_submission
from suppliers.models import Supplier
from tests.cmrt.build6x import cmrt_6x
from tests.workers import last_retry

pytestmark = pytest.mark.django_db


def test_an_upload_is_ingested_once_its_row_is_committed(
    supplier_a: Supplier, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        outcome = submission_receive(
            content=cmrt_6x(), filename="a.xlsx", supplier=supplier_a, by=None
        )
    outcome.submission.refresh_from_db()
    assert outcome.submission.status == "checked"


def queued(supplier: Supplier) -> Submission:
    return submission_receive(
        content=cmrt_6x(), filename="a.xlsx", supplier=supplier, by=None, enqueue=False
    ).submission


def test_a_transient_fault_is_retried(
    supplier_a: Supplier, monkeypatch: pytest.MonkeyPatch
) -> None:
    submission = queued(supplier_a)
    monkeypatch.setattr(
        ingestion, "cmrt_check_bytes", lambda *a, **k: (_ for _ in ()).throw(OperationalError())
    )
    retried: list[dict[str, object]] = []

    def retry(**kwargs: object) -> Retry:
        retried.append(kwargs)
        return Retry()

    monkeypatch.setattr(ingest_submission, "retry", retry)
    with pytest.raises(Retry):
        ingest_submission.run(submission.pk)
    assert len(retried) == 1 and 1 <= retried[0]["countdown"] <= 2  # 2 s, with jitter
    submission.refresh_from_db()
    assert submission.status == "queued"  # the next try can claim it


def test_after_the_last_retry_the_submission_fails_with_a_message(
    supplier_a: Supplier, monkeypatch: pytest.MonkeyPatch
) -> None:
    submission = queued(supplier_a)
    monkeypatch.setattr(
        ingestion, "cmrt_check_bytes", lambda *a, **k: (_ for _ in ()).throw(OperationalError())
    )
    with last_retry(ingest_submission), pytest.raises(OperationalError):
        ingest_submission.run(submission.pk)
    submission.refresh_from_db()
    assert (submission.status, submission.message) == (
        "failed",
        "The file could not be processed because of a technical fault (OperationalError). It "
        "is stored; ask the compliance team to run it again.",
    )


def test_a_delivery_while_another_worker_holds_it_comes_back_later(
    supplier_a: Supplier, monkeypatch: pytest.MonkeyPatch, settings
) -> None:
    settings.CMRT_STALE_CLAIM_SECONDS = 30
    submission = queued(supplier_a)
    Submission.objects.filter(pk=submission.pk).update(status="processing", claimed_at=now())
    retried: list[dict[str, object]] = []
    monkeypatch.setattr(ingest_submission, "retry", lambda **kw: retried.append(kw) or Retry())
    with pytest.raises(Retry):
        ingest_submission.run(submission.pk)
    assert retried == [{"countdown": 31.0}]


def test_the_task_is_late_acknowledged() -> None:
    assert ingest_submission.acks_late and ingest_submission.reject_on_worker_lost
