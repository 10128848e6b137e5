"""Fault tests: real workers on PostgreSQL and a Redis of their own, which the tests kill,
restart and cut off (``make test-faults``; .ci/run runs them).

They run in their own pytest session, apart from the live tests: the workers they start
take the default queue of their own Redis (``CELERY_BROKER_URL``, port 6390 by default),
which this conftest starts when nothing listens there, and restarts on demand. The
database is the test database pytest-django creates on ``DATABASE_URL``; a worker can be
pointed at it through ``PgProxy``, a TCP relay the tests switch off for a moment.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.workers import (
    LIVE_MEDIA,
    QUICK_TAKEOVER,
    ROOT,
    require_real_services,
    wait_for,
    worker_start,
    workers_stop,
)

LOGS = ROOT / "var" / "faults"
NO_PERSISTENCE = ("--save", "", "--appendonly", "no")


@pytest.fixture(autouse=True)
def _media_shared_with_the_workers(settings) -> None:
    settings.MEDIA_ROOT = LIVE_MEDIA


def _require_fault_configuration() -> None:
    require_real_services("Fault tests", broker="a Redis the tests may restart")


class RedisServer:
    """The broker of the fault tests: a redis-server without persistence, like production's
    default, so a restart loses every queued message."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    def _listening(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
            return True
        return False

    def start(self) -> None:
        if self._listening():
            return
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed", pytrace=False)
        self.process = subprocess.Popen(
            [binary, *("--port", str(self.port), "--bind", "127.0.0.1"), *NO_PERSISTENCE],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for(self._listening, timeout=10, every=0.05):
            pytest.fail(f"redis-server did not listen on {self.port}", pytrace=False)

    def stop(self) -> None:
        """Stop it without saving: whatever was queued is gone."""
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", self.port), 1) as s,
        ):
            s.sendall(b"SHUTDOWN NOSAVE\r\n")
            with contextlib.suppress(OSError):
                s.recv(64)
        if self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
            self.process = None
        wait_for(lambda: not self._listening(), timeout=10, every=0.05)

    def restart(self) -> None:
        self.stop()
        self.start()

    def flush(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port), 1) as s:
            s.sendall(b"FLUSHALL\r\n")
            s.recv(64)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    _require_fault_configuration()
    server = RedisServer(urlsplit(settings.CELERY_BROKER_URL).port or 6379)
    server.start()
    server.flush()
    yield server
    if server.process is not None:
        server.stop()


class PgProxy:
    """A TCP relay in front of PostgreSQL. ``cut(seconds)`` drops every relayed connection
    and refuses new ones for that long: the database "unavailable for a moment"."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._open = threading.Event()
        self._open.set()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self._open.is_set():
                client.close()  # refused while the database is "down"
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.append((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self, seconds: float) -> None:
        self._open.clear()
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for end in pair:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                    end.close()
        time.sleep(seconds)
        self._open.set()

    def close(self) -> None:
        self._stopped = True
        self._listener.close()


def database_url(port: int | None = None) -> str:
    database = settings.DATABASES["default"]
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    host, real_port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return (
        f"postgres://{database['USER'] or ''}{password}@"
        f"{'127.0.0.1' if port else host}:{port or real_port}/{database['NAME']}"
    )


@pytest.fixture
def pg_proxy() -> Iterator[PgProxy]:
    database = settings.DATABASES["default"]
    proxy = PgProxy(database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))
    yield proxy
    proxy.close()


class Workers:
    """Worker processes started by a test, each with its own log under var/faults/."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen[bytes]] = []
        LOGS.mkdir(parents=True, exist_ok=True)

    def start(self, name: str, *, beat: bool = False, **env: str) -> subprocess.Popen[bytes]:
        process = worker_start(
            f"{name}-{os.getpid()}",
            LOGS / f"{name}.log",
            beat_schedule=LOGS / f"{name}-beat" if beat else None,
            **{**QUICK_TAKEOVER, **env},
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        process.send_signal(signal.SIGKILL)  # no chance to finish or acknowledge anything
        process.wait(timeout=10)

    def stop_all(self) -> None:
        workers_stop(self.processes)


@pytest.fixture
def workers(redis_server: RedisServer) -> Iterator[Workers]:
    LIVE_MEDIA.mkdir(parents=True, exist_ok=True)
    started = Workers()
    yield started
    started.stop_all()
    redis_server.flush()  # nothing left over for the next test


__all__ = ["LOGS", "Path", "database_url", "wait_for"]
