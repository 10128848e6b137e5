"""Write-side services of the cmrt app, one module per area. Only services and selectors
touch the ORM; views, commands and tasks call them."""

from cmrt.services.heartbeat import worker_heartbeat_record

__all__ = ["worker_heartbeat_record"]
