"""The load bench's output: the tables per kind of request, uploads, errors and verdicts,
and the in-process profile of each page (``--profile``)."""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import Any

from bench._harness import HOST, percentile
from bench.load_client import Record
from bench.load_sessions import Plan

TARGET_PAGE_P95_MS = 500.0
# Kinds of request; PAGE_KINDS are the ones the p95 < 500 ms target is about.
PAGE_KINDS = (
    "login form",
    "overview",
    "portal home",
    "request page",
    "submission page",
    "campaign dashboard",
    "campaign requests",
    "submissions list",
    "RCOI page",
)
OTHER_KINDS = ("sign-in POST", "upload POST", "status JSON")


def _table(title: str, samples: list[tuple[str, float, float, int]], duration: float) -> None:
    """Count, rate and p50/p95/max per kind, pages first and then all pages together."""
    times: dict[str, list[float]] = {}
    for kind, _started, seconds, _status in samples:
        times.setdefault(kind, []).append(seconds * 1000)

    def line(kind: str, ms: list[float]) -> str:
        return (
            f"   {kind:20} {len(ms):6} {len(ms) / duration:7.1f}  {percentile(ms, 0.5):7.0f} "
            f"{percentile(ms, 0.95):7.0f} {max(ms, default=0):7.0f}"
        )

    statuses = Counter(status for *_rest, status in samples)
    print(f"\n{title}: {len(samples)} requests, {len(samples) / duration:.1f}/s")
    print(f"   {'kind':20} {'count':>6} {'per s':>7}  {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    rows = [(kind, times[kind]) for kind in PAGE_KINDS if times.get(kind)]
    rows.append(("ALL PAGES", [t for kind in PAGE_KINDS for t in times.get(kind, [])]))
    rows += [(kind, times[kind]) for kind in OTHER_KINDS if times.get(kind)]
    for kind, ms in rows:
        print(line(kind, ms))
    print(
        "   HTTP statuses: "
        + ", ".join(f"{code or 'no answer'}: {n}" for code, n in sorted(statuses.items()))
    )


def summary(record: Record, plan: Plan, drained: tuple[float, int], args: Any) -> None:
    from django.db.models import Count

    from cmrt.models import Submission

    window = [s for s in record.samples if plan.window_start <= s[1] < plan.deadline]
    ramp = [s for s in record.samples if s[1] < plan.window_start]
    _table(
        f"== ramp: {args.suppliers} supplier + {args.compliance} compliance sessions "
        f"starting over {args.ramp:g} s and signing in; all signed in after "
        f"{plan.window_start - plan.start:.1f} s",
        ramp,
        max(0.1, plan.window_start - plan.start),
    )
    _table(f"== measured window: {plan.seconds:g} s, every session signed in", window, plan.seconds)

    submissions = Submission.objects.filter(request__campaign_id=plan.campaign_pk)
    by_status = dict(submissions.values_list("status").annotate(n=Count("pk")))
    stored = set(submissions.values_list("pk", flat=True))
    # Every workbook sent is valid: one the worker could not read is an error too.
    for pk, message in submissions.filter(status=Submission.Status.FAILED).values_list(
        "pk", "message"
    ):
        record.error("ingestion", "a valid workbook failed", f"submission {pk}: {message}")
    latencies = [
        (finished - uploaded).total_seconds()
        for uploaded, finished in submissions.exclude(finished_at=None).values_list(
            "uploaded_at", "finished_at"
        )
    ]
    pending = by_status.get("queued", 0) + by_status.get("processing", 0)
    missing = record.uploads_accepted - stored
    in_window = sum(1 for kind, *_rest in window if kind == "upload POST")
    print(
        f"\n   uploads: {record.uploads_sent} sent ({in_window} in the window, "
        f"{in_window / plan.seconds:.1f}/s), {len(record.uploads_accepted)} accepted, "
        f"{record.uploads_seen_finished} seen finished by their session before the end; "
        f"in the database: {len(stored)} submissions, "
        + ", ".join(f"{status} {n}" for status, n in sorted(by_status.items()))
    )
    print(
        f"   drain after the run: {drained[0]:.1f} s; upload -> finished (queue + check): "
        f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
        f"max {max(latencies, default=0) * 1000:.0f} ms"
    )
    if record.uploads_deferred:
        print(
            f"   upload limit: {record.uploads_deferred} loops browsed instead of uploading "
            f"(the session had sent {args.upload_limit} in 10 minutes)"
        )
    else:
        print(
            f"   upload limit: no session reached it ({args.upload_limit} per user per "
            "10 minutes, the app's own, unchanged)"
        )

    errors = sum(record.errors.values())
    print(f"\n   errors (whole run, ramp included): {errors}")
    for key, n in record.errors.most_common():
        example = record.error_examples.get(key, "")
        print(f"     {n:5}  {key}" + (f"   e.g. {example!r}" if example else ""))

    p95s = {}
    for kind in PAGE_KINDS:
        ms = [seconds * 1000 for k, _started, seconds, _status in window if k == kind]
        if ms:
            p95s[kind] = percentile(ms, 0.95)
    worst_kind, worst = max(p95s.items(), key=lambda item: item[1], default=("-", 0.0))
    all_p95 = percentile(
        [seconds * 1000 for kind, _started, seconds, _status in window if kind in PAGE_KINDS],
        0.95,
    )
    verdicts = (
        ("0 errors", f"{errors} errors", errors == 0),
        (
            f"p95 < {TARGET_PAGE_P95_MS:g} ms for pages",
            f"all pages {all_p95:.0f} ms; slowest kind: {worst_kind} {worst:.0f} ms",
            all_p95 < TARGET_PAGE_P95_MS and worst < TARGET_PAGE_P95_MS,
        ),
        (
            "every upload ingested",
            f"{len(stored) - pending} of {len(stored)} checked or failed ({pending} pending, "
            f"{len(missing)} accepted but not stored)",
            pending == 0 and not missing and len(stored) > 0,
        ),
    )
    print()
    for target, figure, ok in verdicts:
        print(f"   verdict: {target:26} {'ok' if ok else 'MISSED':7} {figure}")


def profile_pages(campaign_pk: int, requests: int) -> None:
    """Each page kind in this process (django.test.Client, the data as the run left it):
    median time and SQL queries per request, then where the time goes (cProfile)."""
    import cProfile
    import pstats
    import statistics

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cmrt.models import Submission
    from suppliers.models import CampaignRequest

    User = get_user_model()
    request = CampaignRequest.objects.filter(campaign_id=campaign_pk).order_by("pk").first()
    if request is None:
        print("!! profile: the campaign has no request")
        return
    submission = Submission.objects.filter(request=request).order_by("-pk").first()
    supplier = User.objects.get(supplier_membership__supplier_id=request.supplier_id)
    compliance = User.objects.filter(username__startswith="load-compliance-").first()
    pages: list[tuple[str, Any, str]] = [
        ("portal home", supplier, "/portal/"),
        ("request page", supplier, f"/portal/requests/{request.pk}/"),
    ]
    if submission is not None:
        pages += [
            ("submission page", supplier, f"/portal/files/{submission.pk}/"),
            ("status JSON", supplier, f"/cmrt/submissions/{submission.pk}/status/"),
        ]
    pages += [
        ("campaign dashboard", compliance, f"/campaigns/{campaign_pk}/"),
        ("campaign requests", compliance, f"/campaigns/{campaign_pk}/requests/"),
        ("submissions list", compliance, "/cmrt/submissions/"),
        ("RCOI page", compliance, f"/reports/{campaign_pk}/"),
    ]
    print(f"\n== profile: each page in this process, {requests} requests, median")
    for kind, user, path in pages:
        client = Client(SERVER_NAME=HOST)
        client.force_login(user)
        for _ in range(3):  # warm: templates, caches
            client.get(path)
        times = []
        with CaptureQueriesContext(connection) as queries:
            for _ in range(requests):
                start = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - start)
        print(
            f"   {kind:20} {path:32} HTTP {response.status_code} "
            f"{statistics.median(times) * 1000:6.1f} ms, "
            f"{len(queries.captured_queries) / requests:.0f} queries"
        )
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [client.get(path) for _ in range(requests)])  # noqa: B023
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(
            r"(cmrt|suppliers|reports|config)/", 12
        )
