"""Worker heartbeat: the sign of life the overview page checks."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from cmrt.models import WorkerHeartbeat


def worker_heartbeat_record(*, name: str, hostname: str) -> WorkerHeartbeat:
    """Record that a worker is alive (one row per name; safe to run any number of times)."""
    heartbeat, _created = WorkerHeartbeat.objects.get_or_create(name=name)
    WorkerHeartbeat.objects.filter(pk=heartbeat.pk).update(
        last_seen=timezone.now(), hostname=hostname[:200], beats=F("beats") + 1
    )
    heartbeat.refresh_from_db()
    return heartbeat
