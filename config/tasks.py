"""What every task of the app does with a database fault: wait and try again, then give up
with a message on the task's row. One place, so that ingestion, bulk unpacking and report
builds back off alike."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable
from typing import NoReturn

from celery import Task
from django.db import DatabaseError, InterfaceError, OperationalError

# A database blip (restart, failover, lock timeout) is worth waiting for; anything else is
# a bug or a bad file, which the services turn into a message.
TRANSIENT = (OperationalError, InterfaceError)


def retry_transient(task: Task, exc: Exception, give_up: Callable[[str], None]) -> NoReturn:
    """Call from ``except TRANSIENT as exc``: retry ``task`` with exponential backoff (2,
    4, 8 ... s, at most 5 minutes) and jitter, so that jobs that failed together do not
    all come back at the same moment; after ``task.max_retries``, ``give_up(name)`` records
    the failure with the error's class name (if the database lets it) and the error is
    raised. A connection the fault left broken is closed after the task, by
    ``config.celery`` (as after every task), so the retry does not inherit it."""
    if task.request.retries >= task.max_retries:
        with contextlib.suppress(DatabaseError):  # the database may still be away
            give_up(type(exc).__name__)
        raise exc
    delay = min(2 ** (task.request.retries + 1), 300) * random.uniform(0.5, 1.0)
    raise task.retry(exc=exc, countdown=delay) from exc
