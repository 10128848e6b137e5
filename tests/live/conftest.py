"""Live tests: PostgreSQL, Redis and a real Celery worker process.

Run with DATABASE_URL and CELERY_BROKER_URL set and CELERY_TASK_ALWAYS_EAGER=false
(``make test-live``; .ci/run does this). The worker is started here, pointed at the test
database pytest-django created, and stopped after the session.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
# Uploads stored by the test process must be readable by the worker processes.
LIVE_MEDIA = ROOT / "var" / "live-media"


@pytest.fixture(autouse=True)
def _media_shared_with_the_worker(settings) -> None:
    settings.MEDIA_ROOT = LIVE_MEDIA


def worker_environment(**extra: str) -> dict[str, str]:
    """The environment of a worker process on the test database and the shared media."""
    database = settings.DATABASES["default"]
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    url = (
        f"postgres://{database['USER'] or ''}{password}"
        f"@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    return {
        **os.environ,
        "DATABASE_URL": url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(LIVE_MEDIA),
        **extra,
    }


def _require_live_configuration() -> None:
    problems = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        problems.append("DATABASE_URL must point at PostgreSQL")
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        problems.append("CELERY_BROKER_URL must point at Redis")
    if settings.CELERY_TASK_ALWAYS_EAGER:
        problems.append("CELERY_TASK_ALWAYS_EAGER must be false")
    if problems:
        pytest.fail("Live tests need real services: " + "; ".join(problems), pytrace=False)


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker) -> Iterator[subprocess.Popen[bytes]]:
    _require_live_configuration()
    env = worker_environment()
    LIVE_MEDIA.mkdir(parents=True, exist_ok=True)
    log = open(ROOT / "var" / "live-worker.log", "wb")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--hostname=live@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_worker(worker)
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()


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
