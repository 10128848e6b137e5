"""Live tests: PostgreSQL, Redis and a real Celery worker process.

Run with DATABASE_URL and CELERY_BROKER_URL set and CELERY_TASK_ALWAYS_EAGER=false
(``make test-live``; .ci/run does this). The worker is started here, pointed at the test
database pytest-django created, and stopped after the session.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator

import pytest

from tests.workers import (
    LIVE_MEDIA,
    ROOT,
    require_real_services,
    worker_environment,
    worker_start,
    workers_stop,
)

__all__ = ["LIVE_MEDIA", "ROOT", "celery_worker_process", "worker_environment"]


@pytest.fixture(autouse=True)
def _media_shared_with_the_worker(settings) -> None:
    settings.MEDIA_ROOT = LIVE_MEDIA


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker) -> Iterator[subprocess.Popen[bytes]]:
    require_real_services("Live tests")
    worker = worker_start("live", ROOT / "var" / "live-worker.log")
    try:
        _wait_for_worker(worker)
        yield worker
    finally:
        workers_stop([worker])


def _wait_for_worker(worker: subprocess.Popen[bytes], timeout: float = 60) -> None:
    from config.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(
                f"The Celery worker exited with {worker.returncode}; see var/live-worker.log"
            )
        if app.control.ping(timeout=1.0):
            return
    pytest.fail("The Celery worker did not answer a ping within a minute; see var/live-worker.log")
