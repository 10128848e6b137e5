"""Reports at full size: one campaign of 5,000 suppliers, 5,000 checked CMRT submissions
and 300,000 reported smelter rows in PostgreSQL. Times the aggregation, each report
output and the campaign pages.

    .venv/bin/python bench/reports.py                     # the issue's size
    .venv/bin/python bench/reports.py --suppliers 500     # a quick run (60 rows each)

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth). Creates a throwaway
database (dropped at the end, even on errors) and a temporary VAR_DIR / STATIC_ROOT.

The data is written with bulk_create and, for the smelter rows, COPY: 2,000 reference
smelters over the four metals, an RMAP snapshot listing 90% of them (bound to the
campaign), N suppliers, one campaign request per supplier and one checked CMRT 6.5
submission per request (linked as ``request.submission``, with its DeclarationRecord).
Every request has answered (submitted, under review, clarification, needs correction or
accepted; the due date is past and a tenth came in late), so every row is in scope: the
worst case for the report. Each file lists 60 smelters: ~88% matched by CID (most of them
from 600 "popular" smelters), 5% to review, 5% not recognised, 2% not yet identified.

Then, in this process: (1) ``reports.selectors.campaign_inputs`` and
``reports.aggregation.campaign_report`` alone and together (median of --runs);
(2) ``reports.services.report_documents`` (all four files, with the aggregation) and each
renderer alone on the same report; (3) in a ``gunicorn config.wsgi -w 2`` on a free
loopback port (DEBUG off), signed in as a Compliance user: the campaign dashboard
``/campaigns/<pk>/`` and the RCOI page ``/reports/<pk>/``, p50/p95 of 50 sequential
requests each (fewer for the RCOI page if one request takes over a second; said in the
output). Targets (issue): aggregation < 5 s, all four outputs < 30 s, dashboard p95 < 300 ms.
Prints only; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432"
METALS = ("Gold", "Tantalum", "Tin", "Tungsten")
COUNTRIES = ("CHINA", "GERMANY", "JAPAN", "PERU", "BRAZIL", "INDONESIA", "UNITED STATES OF AMERICA")
SUPPLIER_COUNTRIES = ("DE", "CN", "JP", "US", "TW", "KR", "MY", "TH", "FR", "IT")
REFERENCE_SMELTERS, POPULAR, ROWS_PER_FILE = 2_000, 600, 60
BATCH = 5_000
TARGET_AGGREGATION_S, TARGET_OUTPUTS_S, TARGET_DASHBOARD_P95_MS = 5.0, 30.0, 300.0
# (state, share) of the requests; all of them have a file.
STATES = (
    ("accepted", 0.50),
    ("under_review", 0.20),
    ("submitted", 0.15),
    ("clarification", 0.08),
    ("rejected", 0.07),
)
RMAP = (  # (canonical, as listed, share)
    ("conformant", "Conformant", 0.70),
    ("active", "Active", 0.15),
    ("not_conformant", "Non Conformant", 0.10),
    ("unknown", "In Communication", 0.05),
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def timed(fn: Callable[[], Any], runs: int = 1) -> tuple[float, Any]:
    """(median seconds over ``runs``, the last result)."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# --- Test data ---------------------------------------------------------------------------


def weighted(rng: random.Random, table: tuple) -> tuple:
    return rng.choices(table, weights=[row[-1] for row in table])[0]


def data_create(suppliers: int, today: date) -> Any:
    from django.db import connection
    from django.utils import timezone

    from cmrt.models import (
        DeclarationRecord,
        ReferenceImport,
        ReferenceSmelter,
        RmapSnapshot,
        RmapStatus,
        SmelterRecord,
        Submission,
    )
    from suppliers.models import Campaign, CampaignRequest, Supplier

    rng = random.Random(2025)
    now = timezone.now()

    # Reference list and RMAP snapshot.
    facility = ReferenceImport.objects.create(
        kind=ReferenceImport.Kind.FACILITY_LIST,
        sha256=hashlib.sha256(b"bench facility list").hexdigest(),
        original_name="bench-facilities.csv",
        file="reference/bench-facilities.csv",
        as_of=today - timedelta(days=60),
    )
    reference = ReferenceSmelter.objects.bulk_create(
        (
            ReferenceSmelter(
                cid=f"CID{n + 1:06d}",
                metal=METALS[n % 4],
                standard_name=(
                    f"{rng.choice(('Golden', 'Eastern', 'Nordic', 'Pacific', 'Andes'))} "
                    f"{rng.choice(('Refining', 'Smelting', 'Metals', 'Materials'))} Works {n:04d}"
                ),
                country=rng.choice(COUNTRIES),
                city="City",
                source="RMI",
                first_import=facility,
                last_import=facility,
            )
            for n in range(REFERENCE_SMELTERS)
        ),
        batch_size=BATCH,
    )
    status_import = ReferenceImport.objects.create(
        kind=ReferenceImport.Kind.STATUS_LIST,
        sha256=hashlib.sha256(b"bench status list").hexdigest(),
        original_name="bench-rmap.csv",
        file="reference/bench-rmap.csv",
        as_of=today - timedelta(days=30),
    )
    snapshot = RmapSnapshot.objects.create(
        source_import=status_import, as_of=today - timedelta(days=30), label="bench"
    )
    statuses = []
    for smelter in reference:
        if rng.random() < 0.9:
            canonical, raw, _share = weighted(rng, RMAP)
            statuses.append(
                RmapStatus(
                    snapshot=snapshot,
                    cid=smelter.cid,
                    smelter=smelter,
                    metal=smelter.metal,
                    name=smelter.standard_name,
                    country=smelter.country,
                    status_raw=raw,
                    status=canonical,
                    last_audit_date=(
                        today - timedelta(days=rng.randint(30, 900))
                        if canonical == "conformant"
                        else None
                    ),
                )
            )
    RmapStatus.objects.bulk_create(statuses, batch_size=BATCH)

    # Suppliers, the campaign, its requests.
    supplier_rows = Supplier.objects.bulk_create(
        (
            Supplier(name=f"Bench Supplier {n:05d}", country=rng.choice(SUPPLIER_COUNTRIES))
            for n in range(suppliers)
        ),
        batch_size=BATCH,
    )
    year = today.year - 1
    due = today - timedelta(days=14)
    campaign = Campaign.objects.create(
        name="Bench campaign",
        reporting_year=year,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        due_date=due,
        rmap_snapshot=snapshot,
        status=Campaign.Status.OPEN,
    )
    Campaign.objects.filter(pk=campaign.pk).update(created_at=now - timedelta(days=90))
    campaign.refresh_from_db()

    def moment(days_ago: float) -> datetime:
        return now - timedelta(days=days_ago)

    requests = []
    for supplier in supplier_rows:
        state = weighted(rng, STATES)[0]
        invited = rng.uniform(75, 85)
        # A tenth came in after the due date (14 days ago), the rest before it.
        submitted = rng.uniform(1, 13) if rng.random() < 0.1 else rng.uniform(15, invited - 1)
        requests.append(
            CampaignRequest(
                campaign=campaign,
                supplier=supplier,
                state=state,
                invited_at=moment(invited),
                opened_at=moment(rng.uniform(submitted, invited)),
                submitted_at=moment(submitted),
                decided_at=moment(submitted - 0.5) if state in ("accepted", "rejected") else None,
                reminders_sent=rng.choice((0, 0, 1, 2)),
            )
        )
    requests = CampaignRequest.objects.bulk_create(requests, batch_size=BATCH)

    # One checked CMRT 6.5 per request, with its declaration.
    submissions = []
    for number, request in enumerate(requests):
        errors = rng.choice((1, 2, 5)) if rng.random() < 0.05 else 0
        submissions.append(
            Submission(
                supplier_id=request.supplier_id,
                request=request,
                file=f"submissions/bench/{number:05d}.xlsx",
                sha256=hashlib.sha256(f"bench {number}".encode()).hexdigest(),
                original_name=f"CMRT 6.5 {request.supplier.name}.xlsx",
                size=rng.randint(300_000, 1_500_000),
                status=Submission.Status.CHECKED,
                stage=Submission.Stage.DONE,
                progress=100,
                attempts=1,
                finished_at=request.submitted_at,
                template_kind="cmrt",
                template_version="6.5",
                template_language="English",
                declared_company=request.supplier.name,
                error_count=errors,
                warning_count=rng.choice((0, 0, 1, 3)),
                smelter_count=ROWS_PER_FILE,
                matched_count=round(ROWS_PER_FILE * 0.88),
            )
        )
    submissions = Submission.objects.bulk_create(submissions, batch_size=BATCH)
    for request, submission in zip(requests, submissions, strict=True):
        request.submission = submission
    CampaignRequest.objects.bulk_update(requests, ["submission"], batch_size=BATCH)

    def answers() -> dict[str, dict[str, dict[str, str]]]:
        result = {}
        for question in range(1, 9):
            by_metal = {}
            for metal in METALS:
                if question == 1:
                    value = "Yes" if rng.random() < 0.7 else "No"
                elif question in (3, 4):  # covered countries, CAHRAs: few Yes
                    value = rng.choices(("No", "Yes", "Unknown"), (0.85, 0.05, 0.10))[0]
                else:
                    value = rng.choice(("Yes", "No", "Unknown"))
                by_metal[metal] = {"value": value, "comment": ""}
            result[f"Q{question}"] = by_metal
        return result

    DeclarationRecord.objects.bulk_create(
        (
            DeclarationRecord(
                submission=submission,
                company_name=submission.declared_company,
                scope="A",
                effective_date=date(year + 1, 1, 15),
                company={"name": submission.declared_company},
                answers=answers(),
                company_answers={"A": {"value": "Yes", "comment": ""}},
            )
            for submission in submissions
        ),
        batch_size=BATCH,
    )

    # 60 smelter rows per file, by COPY.
    popular, rest = reference[:POPULAR], reference[POPULAR:]
    columns = (
        "submission_id", "row", "metal", "lookup_name", "name", "country", "cid", "resolution",
        "reference_id", "match_method", "match_status", "match_score", "match_note", "candidates",
    )  # fmt: skip
    table = SmelterRecord._meta.db_table
    count = 0
    copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        for submission in submissions:
            picked = rng.sample(popular, 40) + rng.sample(rest, ROWS_PER_FILE - 40)
            rng.shuffle(picked)
            for index, smelter in enumerate(picked):
                row = 5 + index
                kind = rng.random()
                if kind < 0.88:
                    values = (
                        smelter.metal, smelter.standard_name, smelter.standard_name,
                        smelter.country, smelter.cid, "lookup", smelter.pk, "cid",
                        "matched", 1.0, "", "[]",
                    )  # fmt: skip
                elif kind < 0.93:
                    name = smelter.standard_name.upper() + " CO"
                    values = (
                        smelter.metal, "Smelter not listed", name, smelter.country, "",
                        "typed", smelter.pk, "fuzzy", "review", 0.86,
                        "similar name", json.dumps([{"cid": smelter.cid, "score": 0.86}]),
                    )  # fmt: skip
                elif kind < 0.98:
                    values = (
                        smelter.metal, "Smelter not listed", f"Local Foundry {row}-{kind:.4f}",
                        "PERU", "", "typed", None, "none", "unmatched", None, "", "[]",
                    )  # fmt: skip
                else:
                    values = (
                        smelter.metal, "Smelter not yet identified",
                        "Smelter not yet identified", "", "", "not_identified", None,
                        "none", "not_identified", None, "", "[]",
                    )  # fmt: skip
                copy.write_row((submission.pk, row, *values))
                count += 1
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"data: {len(reference)} reference smelters, {len(statuses)} RMAP statuses, "
        f"{len(supplier_rows)} suppliers, {len(requests)} requests, {len(submissions)} "
        f"submissions, {count} smelter rows"
    )
    return campaign


# --- The pages -------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect (to the sign-in page) becomes an HTTPError


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_start(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not listen within a minute")


def server_stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def page_times(
    url: str, cookie: str, count: int, budget_s: float | None
) -> tuple[list[float], int]:
    """Seconds per request (warm: two untimed requests first, one per gunicorn worker),
    and the size of the last page. With ``budget_s``, fewer requests if they are slow."""
    opener = urllib.request.build_opener(_NoRedirect)

    def fetch() -> tuple[float, int]:
        request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
        start = time.perf_counter()
        with opener.open(request, timeout=300) as response:
            body = response.read()
            status = response.status
        elapsed = time.perf_counter() - start
        if status != 200:
            raise RuntimeError(f"{url}: HTTP {status}")
        return elapsed, len(body)

    first, _ = fetch()
    fetch()
    if budget_s is not None and first > 1.0:
        count = max(10, min(count, int(budget_s / first)))
    times, size = [], 0
    for _ in range(count):
        elapsed, size = fetch()
        times.append(elapsed)
    return times, size


# --- The run -----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suppliers", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of the aggregation (median)")
    parser.add_argument("--requests", type=int, default=50, help="requests per page")
    parser.add_argument(
        "--profile", action="store_true", help="print where campaign_inputs spends its time"
    )
    parser.add_argument(
        "--cache-url",
        default="redis://127.0.0.1:6379/13",
        help="the web processes' shared cache, as in production ('' = one per process)",
    )
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    database = f"bench_reports_{os.getpid()}"
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "DEBUG": "false",
        "SECRET_KEY": "bench",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "VAR_DIR": str(scratch / "var"),
        "MEDIA_ROOT": str(scratch / "media"),
        "STATIC_ROOT": str(scratch / "static"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CACHE_URL": args.cache_url,
    }
    (scratch / "var").mkdir()
    os.environ.update(env)
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {database}")
    server = None
    results: list[tuple[str, str, str, str]] = []  # (what, figure, target, verdict)

    def result(what: str, figure: str, target: str = "", ok: bool | None = None) -> None:
        verdict = "" if ok is None else ("ok" if ok else "MISSED")
        results.append((what, figure, target, verdict))

    def attempt(label: str, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception:  # prints, never stops the run: the table says what is missing
            print(f"!! {label} failed:")
            traceback.print_exc(file=sys.stdout)
            result(label, "FAILED", "", False)

    try:
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        from reports.aggregation import campaign_report
        from reports.rendering.cmr_docx import cmr_docx
        from reports.rendering.cmr_pdf import cmr_pdf
        from reports.rendering.company_cmrt import company_cmrt_xlsx
        from reports.rendering.rcoi_xlsx import rcoi_summary_xlsx
        from reports.selectors import campaign_inputs, profile_from_settings
        from reports.services import report_documents
        from reports.texts import sections_build
        from suppliers.roles import Role
        from suppliers.services.registry import roles_sync, user_set_roles

        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.core.cache import cache

        cache.clear()  # a previous run's pages must not be served from the cache
        print(f"migrate + collectstatic: {time.perf_counter() - start:.1f} s")
        today = timezone.localdate()
        start = time.perf_counter()
        campaign = data_create(args.suppliers, today)
        print(f"data written in {time.perf_counter() - start:.1f} s; CPUs: {os.cpu_count()}")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            print(f"database size: {cursor.fetchone()[0]}")

        # (1) Aggregation.
        state: dict[str, Any] = {}

        def aggregation() -> None:
            timed(lambda: campaign_inputs(campaign, today))  # warm: connection, imports
            t_inputs, inputs = timed(lambda: campaign_inputs(campaign, today), args.runs)
            t_report, report = timed(lambda: campaign_report(inputs, today), args.runs)
            t_both, report = timed(
                lambda: campaign_report(campaign_inputs(campaign, today), today), args.runs
            )
            state["report"] = report
            if args.profile:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.runcall(campaign_inputs, campaign, today)
                pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
            print(
                f"\n(1) aggregation, median of {args.runs}: campaign_inputs {t_inputs:.2f} s "
                f"({len(inputs.suppliers)} suppliers, {len(inputs.smelters)} rows) + "
                f"campaign_report {t_report:.2f} s; together {t_both:.2f} s "
                f"({len(report.smelter_list)} smelters in the list)"
            )
            result("campaign_inputs", f"{t_inputs:.2f} s")
            result("campaign_report", f"{t_report:.2f} s")
            result(
                "aggregation (inputs + report)",
                f"{t_both:.2f} s",
                f"< {TARGET_AGGREGATION_S:g} s",
                t_both < TARGET_AGGREGATION_S,
            )

        attempt("aggregation", aggregation)

        # (2) Outputs.
        def outputs() -> None:
            t_all, documents = timed(lambda: report_documents(campaign, today=today))
            sizes = ", ".join(f"{n} {len(b) / 1024:.0f} KiB" for n, b in documents.files.items())
            print(f"\n(2) report_documents (aggregation + all four files): {t_all:.2f} s ({sizes})")
            result(
                "all four outputs (report_documents)",
                f"{t_all:.2f} s",
                f"< {TARGET_OUTPUTS_S:g} s",
                t_all < TARGET_OUTPUTS_S,
            )
            report = state.get("report") or documents.report
            profile = profile_from_settings()
            labels = {"version_label": "draft", "status_label": "draft, not approved"}
            version, effective = {"version_label": "draft"}, {"effective_date": today}
            t_sections, sections = timed(lambda: sections_build(report, profile, {}))
            result("  sections_build", f"{t_sections * 1000:.0f} ms")
            total = t_sections
            renderers: tuple[tuple[str, Callable[[], bytes]], ...] = (
                ("rcoi_summary_xlsx", lambda: rcoi_summary_xlsx(report, profile, **version)),
                ("cmr_docx", lambda: cmr_docx(report, profile, sections, **labels)),
                ("cmr_pdf", lambda: cmr_pdf(report, profile, sections, **labels)),
                ("company_cmrt_xlsx", lambda: company_cmrt_xlsx(report, profile, **effective)),
            )
            for name, render in renderers:
                try:
                    seconds, content = timed(render)
                except Exception:
                    print(f"!! {name} failed:")
                    traceback.print_exc(file=sys.stdout)
                    result(f"  {name}", "FAILED", "", False)
                    continue
                total += seconds
                print(f"    {name:18} {seconds:6.2f} s  {len(content) / 1024:7.0f} KiB")
                result(f"  {name}", f"{seconds:.2f} s")
            result("  renderers alone, summed", f"{total:.2f} s")

        attempt("outputs", outputs)

        # (3) Pages, in gunicorn.
        def pages() -> None:
            nonlocal server
            user = get_user_model().objects.create_user("bench-compliance", "bench@example.com")
            roles_sync()
            user_set_roles(user, [Role.COMPLIANCE])
            client = Client()
            client.force_login(user)
            cookie = client.cookies["sessionid"].value
            port = free_port()
            server = server_start(env, port, scratch / "gunicorn.log")
            print(f"\n(3) gunicorn config.wsgi -w 2 on 127.0.0.1:{port}, DEBUG off")
            for label, path, target, budget in (
                ("dashboard", f"/campaigns/{campaign.pk}/", TARGET_DASHBOARD_P95_MS, None),
                ("RCOI page", f"/reports/{campaign.pk}/", None, 120.0),
            ):
                try:
                    times, size = page_times(
                        f"http://127.0.0.1:{port}{path}", cookie, args.requests, budget
                    )
                except Exception:
                    print(f"!! {label} {path} failed:")
                    traceback.print_exc(file=sys.stdout)
                    result(f"{label} p95", "FAILED", "", False)
                    continue
                p50, p95 = percentile(times, 0.5) * 1000, percentile(times, 0.95) * 1000
                print(
                    f"    {label:10} {path:18} {len(times)} requests: p50 {p50:.0f} ms, "
                    f"p95 {p95:.0f} ms, max {max(times) * 1000:.0f} ms ({size / 1024:.0f} KiB)"
                )
                result(f"{label} p50 ({len(times)} req)", f"{p50:.0f} ms")
                if target is None:
                    result(f"{label} p95 ({len(times)} req)", f"{p95:.0f} ms")
                else:
                    result(
                        f"{label} p95 ({len(times)} req)",
                        f"{p95:.0f} ms",
                        f"< {target:g} ms",
                        p95 < target,
                    )

        attempt("pages", pages)

        print(f"\n== {args.suppliers} suppliers x {ROWS_PER_FILE} rows, {today}")
        print(f"   {'measure':38} {'figure':>10}  {'target':>10}  verdict")
        for what, figure, target, verdict in results:
            print(f"   {what:38} {figure:>10}  {target:>10}  {verdict}")
    finally:
        if server is not None:
            server_stop(server)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django may not have started
            pass
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
