"""A task goes through Redis to a real worker process, which writes to PostgreSQL."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from cmrt.models import WorkerHeartbeat
from cmrt.tasks import worker_heartbeat

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_task_sent_through_redis_is_run_by_the_worker_and_lands_in_postgresql(
    celery_worker_process,
) -> None:
    assert connection.vendor == "postgresql"
    result = worker_heartbeat.delay("live-roundtrip")
    assert result.id  # it was published to the broker, not run in this process

    assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="live-roundtrip").exists())
    heartbeat = WorkerHeartbeat.objects.get(name="live-roundtrip")
    assert heartbeat.beats == 1
    assert heartbeat.hostname  # written by the worker process


def test_the_task_is_safe_to_deliver_twice(celery_worker_process) -> None:
    worker_heartbeat.delay("live-twice")
    worker_heartbeat.delay("live-twice")
    assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="live-twice", beats=2).exists())
    assert WorkerHeartbeat.objects.filter(name="live-twice").count() == 1
