"""Celery tasks of the cmrt app (autodiscovered here): thin, they load by id and call one
service. One module per area, so each stays small."""

from cmrt.tasks.heartbeat import worker_heartbeat

__all__ = ["worker_heartbeat"]
