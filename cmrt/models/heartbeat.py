from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """Last sign of life of the Celery workers, written by a task that beat schedules.

    CMRT ingestion and report generation run on the workers; if no heartbeat arrives,
    uploads would wait in the queue, so the overview page warns the compliance team.
    """

    name = models.CharField(_("name"), max_length=50, unique=True, default="default")
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)
    hostname = models.CharField(_("worker host"), max_length=200, blank=True)
    beats = models.PositiveBigIntegerField(_("heartbeats"), default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_seen or 'never'}"
