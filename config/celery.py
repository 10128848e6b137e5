"""The Celery application: ``celery -A config worker``.

Settings come from Django's settings with the ``CELERY_`` prefix; tasks are found in
each app's ``tasks.py``.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
