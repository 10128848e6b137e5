"""Read side of campaigns: the list, the dashboard (figures with the filters that list the
rows behind each one), the filtered request table and a request's page.

The figures come from ``suppliers.campaign_stats`` over plain rows built here, and the
request table filters the same rows with the same predicates, so a dashboard number and
the list it links to always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from cmrt.models import DeclarationRecord, RmapSnapshot, SmelterRecord, Submission
from cmrt.selectors.reference import rmap_snapshot_on, rmap_status_for
from suppliers.campaign_states import OWING_STATES, RESPONDED_STATES, has_responded, is_overdue
from suppliers.campaign_stats import (
    NOT_LISTED,
    UNMATCHED,
    Figures,
    RequestRow,
    RowFilter,
    SmelterRow,
    figures_compute,
    metals_answering_yes,
    question_keys,
    responses_cumulative,
    row_matches,
    rows_matching,
)
from suppliers.models import Campaign, CampaignRequest, Clarification, RequestEvent
from suppliers.selectors.registry import AnyUser, is_supplier_user

State = CampaignRequest.State
_FINISHED = (Submission.Status.CHECKED, Submission.Status.FAILED)


def campaigns_visible_to(user: AnyUser) -> QuerySet[Campaign]:
    """Staff with ``view_campaign`` see every campaign; supplier users and others none
    (the supplier portal has its own filter by membership)."""
    if not user.is_authenticated or not user.is_active or is_supplier_user(user):
        return Campaign.objects.none()
    if not user.has_perm("suppliers.view_campaign"):
        return Campaign.objects.none()
    return Campaign.objects.all()


def requests_visible_to(user: AnyUser) -> QuerySet[CampaignRequest]:
    if not user.has_perm("suppliers.view_campaignrequest"):
        return CampaignRequest.objects.none()
    return CampaignRequest.objects.filter(campaign__in=campaigns_visible_to(user))


def campaign_list(user: AnyUser, today: date) -> QuerySet[Campaign]:
    """Campaigns, newest year first, with their request counts."""
    return (
        campaigns_visible_to(user)
        .select_related("rmap_snapshot")
        .annotate(
            in_scope=Count("requests"),
            responded=Count("requests", filter=Q(requests__state__in=RESPONDED_STATES)),
            overdue=Count(
                "requests",
                filter=Q(requests__state__in=OWING_STATES) & Q(due_date__lt=today),
            ),
        )
        .order_by("-reporting_year", "name")
    )


# ROWS ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignData:
    rows: tuple[RequestRow, ...]
    smelters: tuple[SmelterRow, ...]
    requests: dict[int, CampaignRequest]
    latest: dict[int, Submission]  # request id -> latest finished submission
    snapshot: RmapSnapshot | None
    snapshot_bound: bool


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def campaign_data(campaign: Campaign, today: date) -> CampaignData:
    """Every request of the campaign as a ``RequestRow``, and every smelter row of the
    latest checked files as a ``SmelterRow`` (a handful of queries, whatever the size)."""
    requests = {
        r.pk: r
        # The submission too: the request list's scores read each request's latest file.
        for r in campaign.requests.select_related("supplier", "submission").order_by(
            "supplier__name"
        )
    }
    # By the requests' ids, not request__campaign: no join to the requests' table.
    submissions = Submission.objects.filter(status__in=_FINISHED).filter(
        Q(request_id__in=list(requests)) | Q(pk__in=[r.submission_id for r in requests.values()])
    )
    # Every version of every request takes part in picking the latest, but only the picked
    # ones are used: the others come as plain values, and just the picked rows (at most two
    # a request) as model instances. Loading every version as an instance made this most
    # of the request list's time once suppliers had sent a dozen versions each
    # (bench/load.py).
    versions: dict[int, list[tuple[datetime, int, str]]] = {pk: [] for pk in requests}
    pointed = {r.submission_id: pk for pk, r in requests.items() if r.submission_id}
    for pk, request_id, uploaded_at, status in submissions.values_list(
        "pk", "request_id", "uploaded_at", "status"
    ):
        owner = request_id if request_id in requests else None
        owner = owner or pointed.get(pk)
        if owner is not None:
            versions[owner].append((uploaded_at, pk, status))
    # The newest by upload time, then id (a tuple compares in that order).
    latest_pk = {pk: max(items)[1] for pk, items in versions.items() if items}
    checked_pk = {
        pk: max(good)[1]
        for pk, items in versions.items()
        if (good := [v for v in items if v[2] == Submission.Status.CHECKED])
    }
    picked = Submission.objects.defer("message").in_bulk(
        set(latest_pk.values()) | set(checked_pk.values())
    )
    latest = {pk: picked[sub_pk] for pk, sub_pk in latest_pk.items()}
    checked = {pk: picked[sub_pk] for pk, sub_pk in checked_pk.items()}
    owner_of = {s.pk: pk for pk, s in checked.items()}
    answers = dict(
        DeclarationRecord.objects.filter(submission_id__in=owner_of).values_list(
            "submission_id", "answers"
        )
    )
    snapshot = campaign.rmap_snapshot or rmap_snapshot_on(today)
    smelter_values = list(
        SmelterRecord.objects.filter(submission_id__in=owner_of)
        .order_by()  # the default ordering joins the submissions' table for nothing
        .values_list("submission_id", "metal", "name", "lookup_name", "reference__cid")
    )
    statuses = rmap_status_for(snapshot, {cid for *_rest, cid in smelter_values if cid})
    smelters = []
    for submission_id, metal, name, lookup_name, cid in smelter_values:
        if cid:
            status = statuses.get(cid)
            bucket, key = (status.status if status else NOT_LISTED), cid
        else:
            bucket, key = UNMATCHED, f"{metal}|{_folded(name or lookup_name)}"
        smelters.append(SmelterRow(owner_of[submission_id], metal, key, bucket))
    buckets: dict[int, set[str]] = {}
    for smelter in smelters:
        buckets.setdefault(smelter.request_id, set()).add(smelter.bucket)
    first_response = dict(
        RequestEvent.objects.filter(
            request__campaign=campaign,
            kind=RequestEvent.Kind.STATE,
            to_state__in=(State.SUBMITTED, State.DECLINED),
        )
        .order_by()  # the default ordering (by request) joins campaign and supplier
        .values("request_id")
        .annotate(first=Min("at"))
        .values_list("request_id", "first")
    )
    rows = []
    for pk, request in requests.items():
        sub, good = latest.get(pk), checked.get(pk)
        intentional, risky = question_keys(good.template_version if good else "")
        declared = answers.get(good.pk) if good else None
        # The first recorded response; rows set without events (demo data, the admin)
        # fall back to the request's own times, so the chart ends at the responded count.
        responded_at = (
            first_response.get(pk)
            or request.submitted_at
            or request.decided_at
            or request.updated_at
        )
        risk: frozenset[str] = frozenset()
        for key in risky:
            risk |= metals_answering_yes(declared or {}, key)
        rows.append(
            RequestRow(
                request_id=pk,
                supplier_id=request.supplier_id,
                supplier_name=request.supplier.name,
                state=request.state,
                responded_on=(
                    timezone.localdate(responded_at)
                    if responded_at and has_responded(request.state)
                    else None
                ),
                submission_status=sub.status if sub else "",
                error_count=sub.error_count if sub else 0,
                warning_count=sub.warning_count if sub else 0,
                has_declaration=declared is not None,
                metals_used=metals_answering_yes(declared or {}, intentional),
                high_risk_metals=risk,
                smelter_buckets=frozenset(buckets.get(pk, ())),
            )
        )
    return CampaignData(
        rows=tuple(rows),
        smelters=tuple(smelters),
        requests=requests,
        latest=latest,
        snapshot=snapshot,
        snapshot_bound=campaign.rmap_snapshot_id is not None,
    )


# DASHBOARD ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Drill:
    """A number on the dashboard and the query string of the request list behind it."""

    key: str
    count: int
    query: str
    percent: int | None = None
    of: int | None = None


def _query(**params: str) -> str:
    return urlencode({k: v for k, v in params.items() if v})


@dataclass(frozen=True)
class CampaignDashboard:
    campaign: Campaign
    today: date
    figures: Figures
    in_scope: Drill
    responded: Drill
    overdue: Drill
    with_errors: Drill
    high_risk: Drill
    states: tuple[Drill, ...]
    metals: tuple[Drill, ...]
    smelters: tuple[Drill, ...]
    overdue_rows: tuple[RequestRow, ...]
    error_rows: tuple[RequestRow, ...]
    high_risk_rows: tuple[RequestRow, ...]
    responses: tuple[tuple[date, int], ...]
    snapshot: RmapSnapshot | None
    snapshot_bound: bool


def campaign_dashboard(campaign: Campaign, today: date) -> CampaignDashboard:
    data = campaign_data(campaign, today)
    due = campaign.due_date
    figures = figures_compute(data.rows, data.smelters, due_date=due, today=today)

    def matching(f: RowFilter) -> tuple[RequestRow, ...]:
        return tuple(rows_matching(data.rows, f, due_date=due, today=today))

    starts = [timezone.localdate(campaign.created_at)] + [
        timezone.localdate(r.invited_at) for r in data.requests.values() if r.invited_at
    ]
    responses = responses_cumulative(
        (row.responded_on for row in data.rows), start=min([*starts, today]), end=today
    )
    return CampaignDashboard(
        campaign=campaign,
        today=today,
        figures=figures,
        in_scope=Drill("in_scope", figures.in_scope, ""),
        responded=Drill(
            "responded",
            figures.responded,
            _query(responded="1"),
            figures.response_percent,
            figures.in_scope,
        ),
        overdue=Drill("overdue", figures.overdue, _query(overdue="1")),
        with_errors=Drill("errors", figures.with_errors, _query(errors="1")),
        high_risk=Drill("high_risk", figures.high_risk, _query(high_risk="1")),
        states=tuple(Drill(s, n, _query(state=s)) for s, n in figures.by_state),
        metals=tuple(
            Drill(m.metal, m.uses, _query(metal=m.metal), m.percent, m.of) for m in figures.by_metal
        ),
        smelters=tuple(Drill(b, n, _query(rmap=b)) for b, n in figures.smelters),
        overdue_rows=matching(RowFilter(overdue=True)),
        error_rows=matching(RowFilter(errors=True)),
        high_risk_rows=matching(RowFilter(high_risk=True)),
        responses=responses,
        snapshot=data.snapshot,
        snapshot_bound=data.snapshot_bound,
    )


# REQUEST LIST AND DETAIL --------------------------------------------------------------


@dataclass(frozen=True)
class RequestListRow:
    row: RequestRow
    request: CampaignRequest
    overdue: bool
    submission: Submission | None


def campaign_requests(
    campaign: Campaign, filters: RowFilter, today: date, query: str = ""
) -> list[RequestListRow]:
    """The campaign's requests that pass ``filters`` (and whose supplier name contains
    ``query``), in supplier-name order."""
    data = campaign_data(campaign, today)
    wanted = query.strip().casefold()
    return [
        RequestListRow(
            row=row,
            request=data.requests[row.request_id],
            overdue=is_overdue(row.state, campaign.due_date, today),
            submission=data.latest.get(row.request_id),
        )
        for row in data.rows
        if row_matches(row, filters, due_date=campaign.due_date, today=today)
        and (not wanted or wanted in row.supplier_name.casefold())
    ]


@dataclass(frozen=True)
class RequestDetail:
    request: CampaignRequest
    events: tuple[RequestEvent, ...]
    submissions: tuple[Submission, ...]
    clarifications: tuple[Clarification, ...]
    overdue: bool


def campaign_request_detail(request: CampaignRequest, today: date) -> RequestDetail:
    events = request.events.select_related("by").order_by("at", "pk")
    submissions = (
        Submission.objects.filter(Q(request=request) | Q(pk=request.submission_id or 0))
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk")
    )
    clarifications = request.clarifications.select_related("asked_by", "answered_by", "resolved_by")
    return RequestDetail(
        request=request,
        events=tuple(events),
        submissions=tuple(submissions),
        clarifications=tuple(clarifications),
        overdue=is_overdue(request.state, request.campaign.due_date, today),
    )
