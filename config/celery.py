"""The Celery application: ``celery -A config worker``.

Settings come from Django's settings with the ``CELERY_`` prefix; tasks are found in
each app's ``tasks.py``.
"""

from __future__ import annotations

import contextlib
import os

from celery import Celery, Task
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _drop_unusable_connections(task: Task | None = None, **_kwargs: object) -> None:
    """Before and after each task, as Django does around each request: a connection that
    failed (the database restarted) or outlived CONN_MAX_AGE is closed; a healthy one is
    kept for the next task (CELERY_DB_REUSE_MAX) and health-checked on first use. Eager
    tasks run inside the caller's request or transaction: theirs is left alone."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    from django.db import DatabaseError, connections

    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            with contextlib.suppress(DatabaseError):  # closing a broken one may complain
                connection.close_if_unusable_or_obsolete()


task_prerun.connect(_drop_unusable_connections, weak=False)
task_postrun.connect(_drop_unusable_connections, weak=False)
