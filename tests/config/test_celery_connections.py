"""Workers keep their database connection between tasks (config/celery.py), and drop it
when it failed or grew old, as Django does around requests. No database needed."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from celery.signals import task_postrun, task_prerun
from django.conf import settings

from config import celery as celery_config


@dataclass
class FakeConnection:
    in_atomic_block: bool = False
    checks: list[str] = field(default_factory=list)

    def close_if_unusable_or_obsolete(self) -> None:
        self.checks.append("checked")


class FakeTask:
    """What the signals pass as ``task``: only its request's ``is_eager`` is read."""

    def __init__(self, *, eager: bool) -> None:
        self.request = SimpleNamespace(is_eager=eager)


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[FakeConnection]:
    fakes = [FakeConnection(), FakeConnection(in_atomic_block=True)]
    from django import db

    monkeypatch.setattr(db.connections, "all", lambda initialized_only=False: fakes)
    return fakes


def test_celery_reuses_connections_across_tasks() -> None:
    assert settings.CELERY_DB_REUSE_MAX == 200


@pytest.mark.parametrize("signal", [task_prerun, task_postrun], ids=["before", "after"])
def test_each_task_checks_its_connections_outside_transactions(
    connections: list[FakeConnection], signal: object
) -> None:
    worker_task = FakeTask(eager=False)
    signal.send(sender=worker_task, task_id="1", task=worker_task, args=(), kwargs={})  # type: ignore[attr-defined]
    assert [fake.checks for fake in connections] == [["checked"], []]


def test_an_eager_task_leaves_the_callers_connection_alone(
    connections: list[FakeConnection],
) -> None:
    eager_task = FakeTask(eager=True)
    celery_config._drop_unusable_connections(task=eager_task)  # type: ignore[arg-type]
    assert [fake.checks for fake in connections] == [[], []]
