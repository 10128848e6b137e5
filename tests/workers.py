"""Real Celery worker processes for the live, fault and browser tests: one way to start,
wait for and stop them, and one check that the services they need are configured."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from celery import Task
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
# Uploads stored by the test process must be readable by the worker processes.
LIVE_MEDIA = ROOT / "var" / "live-media"
# Redis hands an unacknowledged task to another worker after the visibility timeout
# (looked for every second here); a claim this old is taken over. Hours, minutes and 100 s
# in production.
QUICK_TAKEOVER = {
    "CELERY_VISIBILITY_TIMEOUT": "3",
    "CELERY_UNACKED_RESTORE_INTERVAL": "1",
    "CELERY_UNACKED_RESTORE_THROTTLE": "1",
    "CMRT_STALE_CLAIM_SECONDS": "3",
}


def require_real_services(who: str, broker: str = "Redis") -> None:
    """Fail (not skip) when the session is not configured for real services: these tests
    are run on purpose, so a wrong setting must be said, not hidden."""
    problems = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        problems.append("DATABASE_URL must point at PostgreSQL")
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        problems.append(f"CELERY_BROKER_URL must point at {broker}")
    if settings.CELERY_TASK_ALWAYS_EAGER:
        problems.append("CELERY_TASK_ALWAYS_EAGER must be false")
    if problems:
        pytest.fail(f"{who} need real services: " + "; ".join(problems), pytrace=False)


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


def worker_start(
    hostname: str,
    log: Path,
    *,
    queue: str | None = None,
    beat_schedule: Path | None = None,
    **env: str,
) -> subprocess.Popen[bytes]:
    """``celery worker`` (solo pool) on the test database, logging to ``log``."""
    LIVE_MEDIA.mkdir(parents=True, exist_ok=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
        f"--hostname={hostname}@%h",
    ]
    if queue is not None:
        command.append(f"--queues={queue}")
    if beat_schedule is not None:
        command += ["--beat", f"--schedule={beat_schedule}"]
    with log.open("wb") as output:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=worker_environment(**env),
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def workers_stop(processes: Iterable[subprocess.Popen[bytes]], timeout: float = 20) -> None:
    """Terminate all first, then wait for each (killed after ``timeout`` seconds): they
    shut down side by side, not one after another. bench/_harness.py uses it too."""
    processes = list(processes)
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(predicate: Callable[[], bool], timeout: float = 60, every: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


@contextlib.contextmanager
def last_retry(task: Task) -> Iterator[None]:
    """Run ``task.run(...)`` inside as its final retry would run (``retries`` at the
    maximum), to see what it does when it gives up."""
    task.push_request(retries=task.max_retries)
    try:
        yield
    finally:
        task.pop_request()
