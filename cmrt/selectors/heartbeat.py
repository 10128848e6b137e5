"""Is a worker alive: the last heartbeat and how old it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from cmrt.models import WorkerHeartbeat

# Beat sends a heartbeat every minute; three missed ones mean the workers are down.
HEARTBEAT_INTERVAL = timedelta(minutes=1)
HEARTBEAT_STALE_AFTER = 3 * HEARTBEAT_INTERVAL


@dataclass(frozen=True)
class WorkerStatus:
    last_seen: datetime | None
    hostname: str
    alive: bool


def worker_status(name: str = "default") -> WorkerStatus:
    heartbeat = WorkerHeartbeat.objects.filter(name=name).first()
    if heartbeat is None or heartbeat.last_seen is None:
        return WorkerStatus(last_seen=None, hostname="", alive=False)
    alive = timezone.now() - heartbeat.last_seen <= HEARTBEAT_STALE_AFTER
    return WorkerStatus(last_seen=heartbeat.last_seen, hostname=heartbeat.hostname, alive=alive)
