"""Celery tasks of the cmrt app: thin, they load by id or name and call one service."""

from __future__ import annotations

import socket

from celery import shared_task


@shared_task(name="cmrt.worker_heartbeat", ignore_result=True)
def worker_heartbeat(name: str = "default") -> None:
    from cmrt.services import worker_heartbeat_record

    worker_heartbeat_record(name=name, hostname=socket.gethostname())
