"""Bulk import end to end: N generated CMRT 6.5 workbooks in one zip, through real Celery
workers on Redis into PostgreSQL, with 1 and then 2 workers.

    .venv/bin/python bench/bulk_import.py                 # 100 files
    .venv/bin/python bench/bulk_import.py --files 1000    # the issue's target run

Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379. Creates a
throwaway database (dropped at the end), uses Redis database 12 (flushed before each run)
and a temporary MEDIA_ROOT. Each workbook declares one of 60 registry suppliers (some in
other spellings) or, one in ten, an unknown company, and lists 30-300 smelters drawn from a
400-smelter reference list that is loaded first (most with a smelter ID, some by name only,
some not listed). Generated files are cached under var/bench-bulk/.

Prints, per worker count: files/s, p50/p95 latency per file (uploaded_at -> finished_at,
so it includes the wait in the queue) and the service time per file split into reading
(the capped reader process: open, recognise, read, check), matching and building the row
objects (pure) and the rest, which is database work (claim, reference look-ups, saving the
rows, assigning the supplier). The split comes from timers around those functions inside
the workers: they are started through this script (``--worker``), which wraps them, then
runs the ordinary ``celery worker``. Prints only; asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/12"
METALS = ("Gold", "Tantalum", "Tin", "Tungsten")
COUNTRIES = ("CHINA", "GERMANY", "JAPAN", "PERU", "BRAZIL", "INDONESIA", "UNITED STATES OF AMERICA")
SUPPLIERS = [f"Bench Supplier {n:02d}" for n in range(60)]
SPELLINGS = ("{}", "{} GmbH", "{} Co., Ltd.", "{} INC.")


# --- Inside a worker ---------------------------------------------------------------------


def worker(argv: list[str]) -> None:
    """Wrap the ingestion stages with timers, then run ``celery worker`` with ``argv``."""
    import django

    django.setup()
    from cmrt.services import bulk, ingestion
    from config.celery import app

    out = Path(os.environ["BENCH_TIMINGS"])
    current: dict[str, float] = {}

    def timed(module: Any, name: str, key: str) -> None:
        original = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                current[key] = current.get(key, 0.0) + time.perf_counter() - start

        setattr(module, name, wrapper)

    for module, name, key in (
        (ingestion, "cmrt_check_bytes", "read"),
        (ingestion, "smelters_match", "match"),
        (ingestion, "_reference", "reference"),
        (ingestion, "_save", "save"),
        # Pure work inside _save (JSON report, row objects): not database time.
        (ingestion, "report_json", "rows"),
        (ingestion, "derived_rows", "rows"),
        (bulk, "bulk_submission_done", "assign"),
    ):
        timed(module, name, key)
    ingest = ingestion.submission_ingest

    def submission_ingest(submission_id: int) -> Any:
        current.clear()
        start = time.perf_counter()
        try:
            return ingest(submission_id)
        finally:
            current["total"] = time.perf_counter() - start
            with out.open("a") as log:  # one short line per file: appends do not interleave
                log.write(json.dumps({"id": submission_id, **current}) + "\n")

    ingestion.submission_ingest = submission_ingest
    app.worker_main(["worker", *argv])


# --- Test data ---------------------------------------------------------------------------


def reference_smelters() -> list[tuple[str, str, str, str]]:
    """(metal, CID, standard name, country) for 400 made-up smelters."""
    rng = random.Random(7)
    return [
        (
            METALS[n % 4],
            f"CID{n + 1:06d}",
            f"{rng.choice(('Golden', 'Eastern', 'Nordic', 'Pacific', 'Andes'))} "
            f"{rng.choice(('Refining', 'Smelting', 'Metals', 'Materials'))} Works {n:03d}",
            rng.choice(COUNTRIES),
        )
        for n in range(400)
    ]


def reference_csv() -> bytes:
    lines = ["METAL,SMELTER ID,STANDARD SMELTER NAME,COUNTRY,CITY,STATE PROVINCE"]
    lines += [
        f'{m},{cid},"{name}",{country},City,' for m, cid, name, country in reference_smelters()
    ]
    return ("\n".join(lines) + "\n").encode()


def workbook(number: int) -> tuple[str, bytes]:
    from tests.cmrt.build6x import COMPANY, cmrt_6x

    rng = random.Random(number)
    reference = reference_smelters()
    if number % 10 == 9:
        company = f"Unknown Trading {number:04d} Ltd"
    else:
        company = rng.choice(SPELLINGS).format(rng.choice(SUPPLIERS))
    rows = []
    for metal, cid, name, country in rng.sample(reference, rng.randint(30, 300)):
        kind = rng.random()
        if kind < 0.85:  # picked from the look-up list: the template fills the ID
            rows.append({"B": metal, "C": name, "D": name, "E": country, "F": cid, "G": "RMI"})
        elif kind < 0.95:  # typed by hand, another spelling, no ID
            rows.append({"B": metal, "C": "Smelter not listed", "D": name.upper(), "E": country})
        else:  # a smelter the list does not know
            rows.append({"B": metal, "C": "Smelter not listed", "D": f"Local Foundry {kind:.5f}"})
    lookup = tuple((m, name, name, country, cid) for m, cid, name, country in reference)
    content = cmrt_6x(
        company={**COMPANY, "name": company, "contact_email": f"cmrt{number}@example.com"},
        smelters=tuple(rows),
        lookup=lookup,
    )
    return f"bench/{number // 100:02d}/cmrt-{number:04d}.xlsx", content


def workbooks(count: int) -> list[tuple[str, bytes]]:
    cache = ROOT / "var" / "bench-bulk"
    cache.mkdir(parents=True, exist_ok=True)
    missing = [n for n in range(count) if not (cache / f"{n:04d}.xlsx").exists()]
    if missing:
        print(f"generating {len(missing)} workbooks (cached in {cache}) ...", flush=True)
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            for number, (_name, content) in zip(
                missing, pool.map(workbook, missing, chunksize=8), strict=True
            ):
                (cache / f"{number:04d}.xlsx").write_bytes(content)
    return [
        (f"bench/{n // 100:02d}/cmrt-{n:04d}.xlsx", (cache / f"{n:04d}.xlsx").read_bytes())
        for n in range(count)
    ]


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
                "-I",
                "cmrt.tasks.bulk",  # until cmrt/tasks/__init__.py imports it
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
    stop_workers(processes)
    raise SystemExit("the workers did not answer within a minute; see workers.log")


def stop_workers(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def run(files: list[tuple[str, bytes]], archive: bytes, count: int, env: dict[str, str]) -> None:
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
        bulk = bulk_start(files=[("bench.zip", archive)], by=None)
        unpacked = None
        deadline = time.monotonic() + 60 + 3 * len(files)
        while time.monotonic() < deadline:
            bulk.refresh_from_db()
            if unpacked is None and bulk.status not in ("queued", "expanding"):
                unpacked = time.perf_counter() - start
            if bulk.status in ("done", "failed"):
                break
            time.sleep(0.2)
        wall = time.perf_counter() - start
    finally:
        stop_workers(processes)
    latencies = [
        (finished - uploaded).total_seconds()
        for uploaded, finished in Submission.objects.exclude(finished_at=None).values_list(
            "uploaded_at", "finished_at"
        )
    ]
    statuses = dict(
        BulkItem.objects.filter(bulk=bulk)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    stages = [json.loads(line) for line in timings.read_text().splitlines() if line.strip()]
    stages = [s for s in stages if "read" in s]  # second deliveries that claimed nothing
    total = sum(s["total"] for s in stages) or 1.0
    read = sum(s.get("read", 0.0) for s in stages)
    match = sum(s.get("match", 0.0) for s in stages)
    save = sum(s.get("save", 0.0) for s in stages)
    assign = sum(s.get("assign", 0.0) for s in stages)
    reference = sum(s.get("reference", 0.0) for s in stages)
    rows = sum(s.get("rows", 0.0) for s in stages)
    save -= rows  # what is left of _save is the transaction: deletes, inserts, the update
    database = total - read - match - rows
    n = max(len(stages), 1)
    print(
        f"\n== {count} worker{'s' if count > 1 else ''} (celery -c 1 each), {len(files)} files, "
        f"job {bulk.status} at {timezone.now():%H:%M:%S}"
    )
    print(f"   items by status:        {statuses}")
    print(f"   wall time:              {wall:7.1f} s  (all queued after {unpacked or 0:.1f} s)")
    print(f"   throughput:             {len(files) / wall:7.2f} files/s")
    print(
        f"   latency per file:       p50 {percentile(latencies, 0.5):6.2f} s   "
        f"p95 {percentile(latencies, 0.95):6.2f} s   (uploaded_at -> finished_at, with queueing)"
    )
    totals = [s["total"] for s in stages]
    print(
        f"   service time per file:  p50 {percentile(totals, 0.5) * 1000:6.0f} ms  "
        f"p95 {percentile(totals, 0.95) * 1000:6.0f} ms  mean {total / n * 1000:6.0f} ms"
    )
    ms = {key: value / n * 1000 for key, value in locals().items() if isinstance(value, float)}
    print(
        "   mean per file:          read {read:.0f} ms | match {match:.0f} ms"
        " | build rows {rows:.0f} ms | reference look-ups {reference:.0f} ms"
        " | save {save:.0f} ms | assign supplier {assign:.0f} ms"
        " | all database work {database:.0f} ms".format(**ms)
    )
    print(
        f"   database share:         saving = {save / read:.0%} of reading; all database work = "
        f"{database / total:.0%} of the service time ({database / read:.0%} of reading)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 1,2")
    args = parser.parse_args()
    counts = [int(part) for part in args.workers.split(",")]
    files = workbooks(args.files)  # before Django starts: the pool forks cleanly

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

        from cmrt.services.reference import reference_import
        from suppliers.models import Supplier

        call_command("migrate", verbosity=0)
        reference_import(reference_csv(), "bench-smelters.csv")
        Supplier.objects.bulk_create(Supplier(name=name, country="DE") for name in SUPPLIERS)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for name, content in files:
                archive.writestr(name, content)
        sizes = [len(content) for _name, content in files]
        print(
            f"{len(files)} workbooks, {statistics.mean(sizes) / 1024:.0f} KiB on average, "
            f"zip {len(buffer.getvalue()) / 1024 / 1024:.1f} MiB; CPUs: {os.cpu_count()}"
        )
        for count in counts:
            run(files, buffer.getvalue(), count, env)
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
