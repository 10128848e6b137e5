"""Read-side queries of the cmrt app, one module per area."""

from cmrt.selectors.heartbeat import (
    HEARTBEAT_INTERVAL,
    HEARTBEAT_STALE_AFTER,
    WorkerStatus,
    worker_status,
)

__all__ = ["HEARTBEAT_INTERVAL", "HEARTBEAT_STALE_AFTER", "WorkerStatus", "worker_status"]
