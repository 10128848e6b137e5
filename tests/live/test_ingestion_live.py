"""Ingestion through Redis, real worker processes and PostgreSQL, including a worker that
is killed in the middle of a file."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest
from django.db import connection

from cmrt.models import FindingRecord, SmelterRecord, Submission
from cmrt.services.ingestion import submission_receive
from cmrt.tasks.ingestion import ingest_submission
from suppliers.models import Supplier
from tests.cmrt.build6x import cmrt_6x
from tests.cmrt.filling import big_products
from tests.workers import QUICK_TAKEOVER, ROOT, wait_for, worker_start

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def status_of(submission: Submission) -> str:
    return Submission.objects.values_list("status", flat=True).get(pk=submission.pk)


def test_an_upload_is_read_by_the_worker_and_lands_in_postgresql(
    celery_worker_process, supplier_a: Supplier
) -> None:
    assert connection.vendor == "postgresql"
    submission = submission_receive(
        content=cmrt_6x(), filename="acme.xlsx", supplier=supplier_a, by=None
    ).submission
    assert wait_for(lambda: status_of(submission) == "checked")
    submission.refresh_from_db()
    assert (submission.smelter_count, submission.progress, submission.attempts) == (4, 100, 1)


def start_worker(queue: str, log_name: str) -> subprocess.Popen[bytes]:
    return worker_start(
        f"{queue}-{log_name}", ROOT / "var" / log_name, queue=queue, **QUICK_TAKEOVER
    )


def test_a_worker_killed_mid_file_leaves_it_to_the_next_worker(supplier_a: Supplier) -> None:
    # A large declaration, so that the worker is still reading it when it is killed.
    content = cmrt_6x(products=tuple(big_products(15_000)), footer=False)
    queue = f"kill-{os.getpid()}"
    first = start_worker(queue, "live-kill-first.log")
    submission = submission_receive(
        content=content, filename="big.xlsx", supplier=supplier_a, by=None, enqueue=False
    ).submission
    ingest_submission.apply_async(args=[submission.pk], queue=queue)
    try:
        assert wait_for(lambda: status_of(submission) == "processing", every=0.01)
        first.send_signal(signal.SIGKILL)  # mid-file: no chance to finish or acknowledge
        first.wait(timeout=10)
        assert status_of(submission) == "processing"
        second = start_worker(queue, "live-kill-second.log")
        try:
            assert wait_for(lambda: status_of(submission) == "checked", timeout=90)
        finally:
            second.terminate()
            second.wait(timeout=20)
    finally:
        if first.poll() is None:
            first.kill()
    submission.refresh_from_db()
    assert submission.attempts == 2
    assert Submission.objects.filter(supplier=supplier_a).count() == 1
    rows = SmelterRecord.objects.filter(submission=submission)
    assert rows.count() == 4 and rows.values("row").distinct().count() == 4
    positions = FindingRecord.objects.filter(submission=submission).values_list(
        "position", flat=True
    )
    assert sorted(positions) == list(range(len(positions)))  # one set of findings, no leftovers
