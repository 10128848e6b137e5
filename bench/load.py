"""Load: concurrent supplier sessions uploading and polling, plus compliance dashboards,
against gunicorn and real Celery workers on PostgreSQL and Redis, for a bounded time.

    .venv/bin/python bench/load.py                              # issue 7: 50 sessions, 60 s
    .venv/bin/python bench/load.py --seconds 10 --suppliers 5   # a smoke run
    .venv/bin/python bench/load.py --think 5 10                 # suppliers wait longer
    .venv/bin/python bench/load.py --profile                    # then each page in-process

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) and Redis on 127.0.0.1:6379.
On a shared machine run it under ``flock /tmp/cmrt-live.lock`` like the live tests. Creates
a throwaway database (dropped at the end, even on errors), uses Redis database 14 as the
Celery broker and 15 as the shared cache (both flushed at the start and the end) and a
temporary VAR_DIR / MEDIA_ROOT / STATIC_ROOT shared by the web server and the workers
(``LOAD_KEEP_LOGS=1`` keeps that folder and its servers.log).

Seeds the demo smelter reference list and its RMAP snapshot, one open campaign, N suppliers
(each with a contact, a supplier user and an invited campaign request) and the compliance
users. Starts ``gunicorn config.wsgi -w 4 --threads 2`` (DEBUG off; ``--web-workers``,
``--web-threads``) and two ``celery -A config worker -c 1`` processes, and waits until the
login page answers and both workers answer a ping. On 2 cores: 4 processes keep both cores
busy while some requests wait on PostgreSQL, and a second thread per process overlaps
those waits without another process's memory. 2x4, 3x2 and 4x2 measured the same within
noise here (the run is CPU-bound); one try of sync workers (5x1) was no better, though other
jobs shared the machine then.

- each supplier session (a thread) signs in through the login form (CSRF token), then loops:
  portal home, the request page, upload its CMRT the way upload.js does (multipart POST with
  X-Requested-With, which answers the submission page's address as JSON), open the
  submission page, poll the status JSON the way progress.js does (after 1 s, then every
  1.5 s) until finished, open the submission page again for the result, think ``--think``
  seconds (2-5 by default);
- each compliance session signs in and loops over the campaign dashboard, its request list,
  the submissions list and the RCOI page, thinking 0.5-2 s between pages.

Sessions start spread over ``--ramp`` seconds and begin their loops once signed in. The
measured window of ``--seconds`` opens when the last session has signed in: 50 sign-ins of
~0.4 s CPU each (PBKDF2 at Django's default cost, by design) are a storm of their own, so
the ramp gets its own table. Every request is a new connection (no keep-alive), timed from
connect to the last byte of the body.

"Pages" are the GET requests for HTML a person waits for: the login form, the overview
redirect, portal home, request page, submission page, and the four compliance pages. The
sign-in POSTs, the upload POSTs and the status polls (JSON) are reported separately.

Each upload is unique bytes (a per-supplier workbook, generated once, with a counter in the
zip comment), so none is a duplicate. The app limits uploads to 20 per user per 10 minutes
(``suppliers.views.portal.UPLOAD_LIMIT``, not configurable); the sessions stay under it
themselves (counted per session over a sliding 10 minutes; a session at the limit browses
instead of uploading, and the output says how often), so any 429 is an error.

After the window the workers get ``--drain`` seconds to finish the queue; then the database
is checked: every submission of the campaign must be checked or failed (a failed one is also
an error: every workbook sent is valid). Prints throughput, p50/p95/max per kind and for all
pages, errors by kind (over the whole run), the CPU each part used in the window (and what
else ran on the machine meanwhile), and a verdict per target (issue 7: 0 errors, p95 <
500 ms for pages, every upload ingested). Prints only; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
import uuid
from pathlib import Path

# Run as bench/load.py: the checkout must be importable before bench.* is.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._harness import (
    Process,
    Site,
    free_port,
    processes_stop,
    schema_and_static,
    throwaway_site,
)
from bench.load_client import REQUEST_TIMEOUT_S, Record
from bench.load_data import Seeded, data_create, drain
from bench.load_machine import (
    CELERY_WORKERS,
    cpu_report,
    cpu_snapshot,
    postmaster_pid,
    servers_start,
    wait_ready,
)
from bench.load_report import profile_pages, summary
from bench.load_sessions import (
    SUPPLIER_THINK_S,
    Plan,
    compliance_session,
    supplier_session,
)

BROKER_URL = "redis://127.0.0.1:6379/14"
CACHE_URL = "redis://127.0.0.1:6379/15"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load")
    parser.add_argument("--suppliers", type=int, default=50, help="supplier sessions")
    parser.add_argument("--compliance", type=int, default=4, help="compliance sessions")
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn processes")
    parser.add_argument("--web-threads", type=int, default=2, help="threads per gunicorn process")
    parser.add_argument(
        "--ramp", type=float, default=10.0, help="seconds over which sessions start"
    )
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=SUPPLIER_THINK_S,
        metavar=("MIN", "MAX"),
        help="seconds a supplier session waits between uploads (uniform; default 2 5)",
    )
    parser.add_argument("--drain", type=float, default=180.0, help="most seconds to drain")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="after the run: time, count the queries of and cProfile each page in-process",
    )
    return parser.parse_args()


def sessions_start(
    seeded: Seeded, plan: Plan, limit: tuple[int, float], record: Record
) -> list[threading.Thread]:
    """One thread per session; daemons, so one stuck past its timeout cannot hang the end."""
    threads = [
        threading.Thread(
            target=supplier_session,
            args=(n, len(seeded.suppliers), username, workbook, plan, limit, record),
            daemon=True,
        )
        for n, (username, workbook) in enumerate(seeded.suppliers)
    ] + [
        threading.Thread(
            target=compliance_session,
            args=(n, len(seeded.compliance), username, plan, record),
            daemon=True,
        )
        for n, username in enumerate(seeded.compliance)
    ]
    for thread in threads:
        thread.start()
    return threads


def window_cpu(plan: Plan, processes: list[Process]) -> tuple[dict[str, float], dict[str, float]]:
    """CPU per part sampled at the edges of the measured window (waits for its end)."""
    groups = {
        "gunicorn": [processes[0].pid],
        "Celery workers": [p.pid for p in processes[1:]],
    }
    postmaster = postmaster_pid()
    if postmaster is not None:
        groups["PostgreSQL (all databases)"] = [postmaster]
    while time.monotonic() < plan.window_start:
        time.sleep(0.05)
    cpu_before = cpu_snapshot(groups)
    while time.monotonic() < plan.deadline:
        time.sleep(0.05)
    return cpu_before, cpu_snapshot(groups)


def run(args: argparse.Namespace, site: Site, processes: list[Process]) -> None:
    import django

    django.setup()
    from suppliers.views.portal import UPLOAD_LIMIT

    args.upload_limit = UPLOAD_LIMIT.limit
    start = time.perf_counter()
    schema_and_static()
    seeded = data_create(args.suppliers, args.compliance)
    print(f"migrate + collectstatic + data: {time.perf_counter() - start:.1f} s")

    port = free_port()
    log = site.scratch / "servers.log"
    web_command = servers_start(processes, site.env, port, log, args.web_workers, args.web_threads)
    ready = wait_ready(processes[0], processes[1:], port, log)
    print(
        f"ready in {ready:.1f} s: {' '.join(web_command[1:])} (DEBUG off), "
        f"{CELERY_WORKERS} x celery -A config worker -c 1; {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}"
    )

    record = Record()
    sessions = len(seeded.suppliers) + len(seeded.compliance)
    print(
        f"load: {args.suppliers} supplier and {args.compliance} compliance sessions "
        f"starting over {args.ramp:g} s, then {args.seconds:g} s measured; suppliers "
        f"think {args.think[0]:g}-{args.think[1]:g} s between uploads ..."
    )
    plan = Plan(port, args.seconds, args.ramp, sessions, seeded.campaign_pk, tuple(args.think))
    limit = (UPLOAD_LIMIT.limit, float(UPLOAD_LIMIT.window))
    threads = sessions_start(seeded, plan, limit, record)
    cpu_before, cpu_after = window_cpu(plan, processes)
    for thread in threads:
        # A request in flight at the deadline may take up to its timeout.
        thread.join(timeout=max(0.1, plan.deadline + REQUEST_TIMEOUT_S - time.monotonic()))
    alive = sum(thread.is_alive() for thread in threads)
    drained = drain(seeded.campaign_pk, args.drain)

    summary(record, plan, drained, args)
    print(f"\n   {cpu_report(cpu_before, cpu_after, args.seconds)}")
    print(f"   load average at the end: {os.getloadavg()[0]:.2f}")
    if alive:
        print(f"   !! {alive} sessions still running after the request timeout")
    if args.profile:
        profile_pages(seeded.campaign_pk, 20)


def main() -> None:
    args = arguments()
    env = {
        # Plain HTTP on loopback: cookies must not be Secure-only or no client sends them.
        "SECURE_COOKIES": "false",
        "CACHE_URL": CACHE_URL,
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    import redis

    # Flushed before and after: a previous run's queue or cached pages must not leak in.
    for url in (BROKER_URL, CACHE_URL):
        redis.Redis.from_url(url).flushdb()
    processes: list[Process] = []
    keep = bool(os.environ.get("LOAD_KEEP_LOGS"))
    try:
        with throwaway_site("load", "bench-load-" + uuid.uuid4().hex, env, keep) as site:
            try:
                run(args, site, processes)
            finally:
                processes_stop(processes)
    finally:
        for url in (BROKER_URL, CACHE_URL):
            redis.Redis.from_url(url).flushdb()


if __name__ == "__main__":
    main()
