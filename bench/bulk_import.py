"""Bulk import end to end: N CMRT 6.5 workbooks in one zip, through real Celery workers on
Redis into PostgreSQL, with 1 and then 2 workers.

    .venv/bin/python bench/bulk_import.py                     # 100 generated files
    .venv/bin/python bench/bulk_import.py --files 1000        # the issue's target run
    .venv/bin/python bench/bulk_import.py --large --files 200 # real-size files (~2 MB)

Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379. Creates a
throwaway database (dropped at the end), uses Redis database 12 (flushed before each run)
and a temporary MEDIA_ROOT. Each workbook declares one of 60 registry suppliers (some in
other spellings) or, one in ten, an unknown company.

- Default: small generated files (~26 KiB) with 30-300 smelters drawn from a 400-smelter
  reference list that is loaded first (most with a smelter ID, some by name only, some not
  listed). Cached under var/bench-bulk/.
- ``--large``: real-size supplier files: the RMI 6.5 template of ../shared/corpus filled
  the way suppliers do (tests/cmrt/filling.py: 400 smelters in every entry mode, 200
  products), against that template's own Smelter Look-up as the reference list. 20 files
  are filled (slow: openpyxl), the others are copies with another company name and
  e-mail. Cached under var/bench-bulk-large/.

Prints, per worker count: files/s, p50/p95 latency per file (uploaded_at -> finished_at,
so it includes the wait in the queue) and the service time per file split into reading
(the capped reader process: open, recognise, read, check), matching and building the rows
(pure), finding the supplier by its declared name (pure) and the rest, which is database
work: the claim, the reference data's version, saving the rows, assigning the supplier;
and how much of that database work is the worker waiting on PostgreSQL (every statement,
COPY and commit, timed around psycopg's ``Connection.wait``) rather than the ORM, the
encoding of the rows and the garbage collector in the worker itself. The split
comes from timers around those functions inside the workers: they are started through this
script (``--worker``), which wraps them, then runs the ordinary ``celery worker``.
``--queries`` adds the time per SQL statement and in Python's garbage collector.
``--db-reuse N`` runs the workers with ``CELERY_DB_REUSE_MAX=N`` instead of the project's
setting (200: a worker keeps its database connection across tasks); ``--db-reuse 0`` shows
what reconnecting for every task costs. Prints only; asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._harness import processes_stop  # noqa: E402
from bench.bulk_import_data import SUPPLIERS, TEMPLATE, reference_csv, workbooks  # noqa: E402

PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/12"


# --- Inside a worker ---------------------------------------------------------------------


def worker(argv: list[str]) -> None:
    """Wrap the ingestion stages with timers, then run ``celery worker`` with ``argv``."""
    import gc

    import django

    django.setup()
    import psycopg
    from django.db import connection

    from cmrt.services import bulk, bulk_settle, ingestion
    from config.celery import app

    queries = bool(os.environ.get("BENCH_QUERIES"))
    out = Path(os.environ["BENCH_TIMINGS"])
    current: dict[str, float] = {}

    def add(key: str, seconds: float) -> None:
        current[key] = current.get(key, 0.0) + seconds

    def timed(module: Any, name: str, key: str) -> None:
        original = getattr(module, name, None)
        if original is None:  # an older version of the code (the bench compares them)
            return

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                add(key, time.perf_counter() - start)

        setattr(module, name, wrapper)

    for name, key in (
        ("cmrt_check_bytes", "read"),
        ("smelters_match", "match"),
        ("_claim", "claim"),
        ("_reference", "reference"),
        ("_save", "save"),
        # Pure work inside _save (JSON report, rows): not database time.
        ("report_json", "rows"),
        ("derived_rows", "rows"),
        # Inside _save: which items, which supplier, and their writes in its transaction.
        ("bulk_settlement", "assign_in"),
        ("settlement_apply", "assign_in"),
        ("settlement_finish", "assign_out"),  # after the commit: close the job
    ):
        timed(ingestion, name, key)
    # Before issue 4 the assignment ran after _save, in its own transaction.
    timed(bulk, "bulk_submission_done", "assign_out")
    # Inside assign_in: the supplier by its declared name, pure work (no query).
    timed(bulk_settle, "supplier_guess", "guess")
    # Every wait of the worker on PostgreSQL (statements, COPY, commits) goes through
    # psycopg's Connection.wait: the time the database itself takes for the file.
    timed(psycopg.Connection, "wait", "waiting")

    def statement(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = "SAVEPOINT/RELEASE" if "SAVEPOINT" in sql else sql[:90]
            add("q:" + key, time.perf_counter() - start)

    collecting = [0.0]

    def collector(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            collecting[0] = time.perf_counter()
        else:
            add(f"gc: generation {info['generation']}", time.perf_counter() - collecting[0])

    if queries:
        gc.callbacks.append(collector)
    ingest = ingestion.submission_ingest

    def submission_ingest(submission_id: int) -> Any:
        current.clear()
        start = time.perf_counter()
        try:
            if queries:
                with connection.execute_wrapper(statement):
                    return ingest(submission_id)
            return ingest(submission_id)
        finally:
            current["total"] = time.perf_counter() - start
            with out.open("a") as log:  # one line per file: appends do not interleave
                log.write(json.dumps({"id": submission_id, **current}) + "\n")

    ingestion.submission_ingest = submission_ingest
    app.worker_main(["worker", *argv])


# --- The run -----------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def start_workers(count: int, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    from config.celery import app

    log = open(Path(env["VAR_DIR"]) / "workers.log", "ab")  # noqa: SIM115 - kept for the run
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--worker",
                "-c",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=bench{index}@%h",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for index in range(count)
    ]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if len(app.control.ping(timeout=1.0)) >= count:
            return processes
    processes_stop(processes)
    raise SystemExit("the workers did not answer within a minute; see workers.log")


def archives_pack(files: list[tuple[str, bytes]], limit: int) -> list[bytes]:
    """The files in as few zips as the bulk upload limit allows (as a user would split a
    large import: 1,000 real-size files are 2.2 GB)."""
    archives: list[bytes] = []
    chunk: list[tuple[str, bytes]] = []
    size = 0
    for name, content in files:
        if chunk and size + len(content) > limit * 0.95:  # 5 %: the zip's own headers
            archives.append(_zip(chunk))
            chunk, size = [], 0
        chunk.append((name, content))
        size += len(content)
    return [*archives, _zip(chunk)] if chunk else archives


def _zip(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()


def run(
    files: list[tuple[str, bytes]], archives: list[bytes], count: int, env: dict[str, str]
) -> None:
    import redis
    from django.db.models import Count
    from django.utils import timezone

    from cmrt.models import BulkImport, BulkItem, Submission
    from cmrt.services.bulk import bulk_start

    BulkImport.objects.all().delete()
    Submission.objects.all().delete()
    shutil.rmtree(env["MEDIA_ROOT"], ignore_errors=True)
    redis.Redis.from_url(REDIS).flushdb()
    timings = Path(env["BENCH_TIMINGS"])
    timings.unlink(missing_ok=True)
    processes = start_workers(count, env)
    try:
        start = time.perf_counter()
        bulks = [
            bulk_start(files=[(f"bench{n}.zip", archive)], by=None)
            for n, archive in enumerate(archives)
        ]
        unpacked = None
        states: set[str] = set()
        deadline = time.monotonic() + 60 + 3 * len(files)
        while time.monotonic() < deadline:
            states = set(
                BulkImport.objects.filter(pk__in=[b.pk for b in bulks]).values_list(
                    "status", flat=True
                )
            )
            if unpacked is None and not states & {"queued", "expanding"}:
                unpacked = time.perf_counter() - start
            if states <= {"done", "failed"}:
                break
            time.sleep(0.2)
        wall = time.perf_counter() - start
    finally:
        processes_stop(processes)
    latencies = [
        (finished - uploaded).total_seconds()
        for uploaded, finished in Submission.objects.exclude(finished_at=None).values_list(
            "uploaded_at", "finished_at"
        )
    ]
    statuses = dict(
        BulkItem.objects.filter(bulk__in=bulks)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    lines = [json.loads(line) for line in timings.read_text().splitlines() if line.strip()]
    stages = [s for s in lines if "read" in s]  # not second deliveries that claimed nothing
    n = max(len(stages), 1)

    def mean(*keys: str) -> float:
        return sum(s.get(key, 0.0) for s in stages for key in keys) / n * 1000

    def median(*keys: str) -> float:
        return statistics.median(sum(s.get(key, 0.0) for key in keys) for s in stages) * 1000

    print(
        f"\n== {count} worker{'s' if count > 1 else ''} (celery -c 1 each), {len(files)} files"
        f" in {len(bulks)} import{'s' if len(bulks) > 1 else ''}, jobs {'/'.join(sorted(states))}"
        f" at {timezone.now():%H:%M:%S}"
    )
    print(f"   items by status:        {statuses}")
    print(f"   wall time:              {wall:7.1f} s  (all queued after {unpacked or 0:.1f} s)")
    print(f"   throughput:             {len(files) / wall:7.2f} files/s")
    print(
        f"   latency per file:       p50 {percentile(latencies, 0.5):6.2f} s   "
        f"p95 {percentile(latencies, 0.95):6.2f} s   (uploaded_at -> finished_at, with queueing)"
    )
    totals = [s["total"] * 1000 for s in stages]
    print(
        f"   service time per file:  p50 {percentile(totals, 0.5):6.0f} ms  "
        f"p95 {percentile(totals, 0.95):6.0f} ms  mean {mean('total'):6.0f} ms"
    )
    for label, of in (("mean", mean), ("median", median)):
        read, database = of("read"), of("total") - of("read", "match", "rows", "guess")
        # What is left of _save is its transaction: the update, deletes, inserts, commit.
        save = of("save") - of("rows", "assign_in")
        waiting = of("waiting")
        print(
            f"   {label + ' per file:':24s}read {read:.1f} ms | match {of('match'):.1f} ms"
            f" | build rows {of('rows'):.1f} ms | supplier by name {of('guess'):.1f} ms"
            f" || database {database:.1f} ms: claim {of('claim'):.1f}"
            f" | reference {of('reference'):.1f} | save {save:.1f}"
            f" | assign supplier {of('assign_in', 'assign_out') - of('guess'):.1f}"
            f" || database / read = {database / read:.2f}"
        )
        print(
            f"   {'':24s}of the database time, waiting on PostgreSQL {waiting:.1f} ms"
            f" (statements, COPY, commits: waiting / read = {waiting / read:.2f}), the rest"
            f" {database - waiting:.1f} ms in the worker (ORM, encoding, garbage collection)"
        )
    if any(key.startswith(("q:", "gc:")) for s in stages for key in s):
        print("   per statement (mean ms per file, all its executions; COPY and COMMIT not seen):")
        keys = {key for s in stages for key in s if key.startswith(("q:", "gc:"))}
        for key in sorted(keys, key=lambda key: -mean(key)):
            print(f"   {mean(key):8.2f}  {key.removeprefix('q:')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 1,2")
    parser.add_argument("--large", action="store_true", help="real-size files (see above)")
    parser.add_argument("--queries", action="store_true", help="time each SQL statement")
    parser.add_argument(
        "--db-reuse", type=int, default=None, help="CELERY_DB_REUSE_MAX (default: the setting)"
    )
    args = parser.parse_args()
    counts = [int(part) for part in args.workers.split(",")]
    files = workbooks(args.files, large=args.large)  # before Django starts: forks cleanly

    scratch = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
    database = f"bench_bulk_{os.getpid()}"
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "CELERY_BROKER_URL": REDIS,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-0123456789abcdef",
        "ALLOWED_HOSTS": "localhost",
        "LOG_LEVEL": "WARNING",
        "VAR_DIR": str(scratch / "var"),
        "MEDIA_ROOT": str(scratch / "media"),
        "BENCH_TIMINGS": str(scratch / "timings.jsonl"),
        "BENCH_QUERIES": "1" if args.queries else "",
        **({} if args.db_reuse is None else {"CELERY_DB_REUSE_MAX": str(args.db_reuse)}),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    (scratch / "var").mkdir()
    os.environ.update(env)
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {database}")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from cmrt.services.bulk import bulk_archive_limit
        from cmrt.services.reference import reference_import
        from suppliers.models import Supplier

        call_command("migrate", verbosity=0)
        if args.large:  # the template's own look-up tab: what real files are filled from
            reference_import(TEMPLATE.read_bytes(), TEMPLATE.name)
        else:
            reference_import(reference_csv(), "bench-smelters.csv")
        Supplier.objects.bulk_create(Supplier(name=name, country="DE") for name in SUPPLIERS)
        archives = archives_pack(files, bulk_archive_limit())
        sizes = [len(content) for _name, content in files]
        print(
            f"{len(files)} workbooks, {statistics.mean(sizes) / 1024:.0f} KiB on average, "
            f"{len(archives)} zip(s) of {sum(map(len, archives)) / 1024 / 1024:.1f} MiB in all"
            f"; CPUs: {os.cpu_count()}"
            + f"; CELERY_DB_REUSE_MAX={env.get('CELERY_DB_REUSE_MAX', 'the setting (200)')}"
        )
        for count in counts:
            run(files, archives, count, env)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2:])
    else:
        main()
