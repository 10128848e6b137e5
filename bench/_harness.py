"""What the benchmarks that run the whole site share (bench/load.py, bench/reports.py): a
throwaway PostgreSQL database and temporary folders with the environment pointing at them,
the schema and static files, a gunicorn ``config.wsgi`` on a free loopback port, stopping
what was started, and percentiles.

Importing this module puts the checkout on ``sys.path``: the scripts run as
``bench/<name>.py``, and Django needs the project's packages importable.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from tests.workers import workers_stop  # noqa: E402 - after the path above

PG = "postgres://postgres@127.0.0.1:5432"
HOST = "127.0.0.1"

Process = subprocess.Popen[bytes]


def percentile(values: list[float], share: float) -> float:
    """Nearest rank, so a reported p95 is a time some request really took."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --- The database and the environment --------------------------------------------------


@dataclass(frozen=True)
class Site:
    scratch: Path  # VAR_DIR, MEDIA_ROOT, STATIC_ROOT and the servers' logs
    database: str
    env: dict[str, str]  # for the servers started; also applied to os.environ


@contextmanager
def throwaway_site(
    name: str, secret_key: str, extra: dict[str, str], keep: bool = False
) -> Iterator[Site]:
    """A database ``bench_<name>_<pid>`` and a temporary folder, dropped and removed at the
    end even on errors (``keep``: the folder stays, for its logs). The environment goes into
    ``os.environ`` as well, so Django in this process and the servers it starts agree."""
    scratch = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    database = f"bench_{name}_{os.getpid()}"
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "DEBUG": "false",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": HOST,
        "LOG_LEVEL": "WARNING",
        "VAR_DIR": str(scratch / "var"),
        "MEDIA_ROOT": str(scratch / "media"),
        "STATIC_ROOT": str(scratch / "static"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **extra,
    }
    (scratch / "var").mkdir()
    (scratch / "media").mkdir()  # web and workers share it: neither may race to create it
    os.environ.update(env)
    import psycopg

    try:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {database}")
        try:
            yield Site(scratch, database, env)
        finally:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # Django may not have started
                pass
            # FORCE: a server that did not stop in time must not keep the database alive.
            with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    finally:
        if keep:
            print(f"logs kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def schema_and_static() -> None:
    """Migrate and collect the static files: DEBUG is off, so whitenoise serves them."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


# --- Processes -------------------------------------------------------------------------


def venv_command(name: str) -> str:
    """A console script of this interpreter's virtualenv (gunicorn, celery)."""
    return str(Path(sys.executable).with_name(name))


def gunicorn_command(
    port: int, workers: int, timeout: int, threads: int | None = None
) -> list[str]:
    """The command line; without ``threads`` gunicorn keeps its default (sync workers)."""
    thread_options: list[str] = [] if threads is None else ["--threads", str(threads)]
    return [
        venv_command("gunicorn"),
        "config.wsgi",
        "-w",
        str(workers),
        *thread_options,
        "-b",
        f"{HOST}:{port}",
        "--timeout",
        str(timeout),
        "--log-level",
        "warning",
    ]


def spawn(command: list[str], env: dict[str, str], log: IO[bytes]) -> Process:
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_listening(process: Process, port: int, log: Path, seconds: float = 60.0) -> None:
    """Until the port accepts connections; raises if the process dies or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not listen within a minute")


def processes_stop(processes: Iterable[Process]) -> None:
    """Terminate all first, then wait (the tests' helper, with a longer grace period:
    gunicorn and workers finishing a request or a file)."""
    workers_stop(processes, timeout=30)
