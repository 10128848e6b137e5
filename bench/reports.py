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
import os
import statistics
import sys
import time
import traceback
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Run as bench/reports.py: the checkout must be importable before bench.* is.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._harness import (
    Process,
    free_port,
    gunicorn_command,
    percentile,
    processes_stop,
    schema_and_static,
    spawn,
    throwaway_site,
    wait_listening,
)
from bench.reports_data import ROWS_PER_FILE, data_create

TARGET_AGGREGATION_S, TARGET_OUTPUTS_S, TARGET_DASHBOARD_P95_MS = 5.0, 30.0, 300.0


def timed(fn: Callable[[], Any], runs: int = 1) -> tuple[float, Any]:
    """(median seconds over ``runs``, the last result)."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# --- The pages -------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect (to the sign-in page) becomes an HTTPError


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

    with throwaway_site("reports", "bench", {"CACHE_URL": args.cache_url}) as site:
        servers: list[Process] = []
        try:
            measure(args, site.env, site.scratch, servers)
        finally:
            processes_stop(servers)


def measure(
    args: argparse.Namespace, env: dict[str, str], scratch: Path, servers: list[Process]
) -> None:
    """(1) aggregation, (2) outputs, (3) pages in gunicorn (appended to ``servers``), then
    the table; a part that fails is printed and marked FAILED, the others still run."""
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

    import django

    django.setup()
    from django.contrib.auth import get_user_model
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
    schema_and_static()
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
        user = get_user_model().objects.create_user("bench-compliance", "bench@example.com")
        roles_sync()
        user_set_roles(user, [Role.COMPLIANCE])
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"].value
        port = free_port()
        log = scratch / "gunicorn.log"
        servers.append(spawn(gunicorn_command(port, 2, 300), env, log.open("ab")))
        wait_listening(servers[-1], port, log)
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


if __name__ == "__main__":
    main()
