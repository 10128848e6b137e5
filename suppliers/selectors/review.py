"""Read side of the review page: a request's latest submission with its findings, the
reviewer's notes and clarification threads per finding, and the facts behind the supplier
score, for one request or many at once (a fixed number of queries, not one per request)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.utils import timezone

from cmrt.models import FindingRecord, RmapSnapshot, RmapStatus, SmelterRecord, Submission
from cmrt.reading.smelters import normalise_cid
from cmrt.selectors.reference import rmap_snapshot_on, rmap_status_for
from suppliers.finding_keys import finding_key_of
from suppliers.models import CampaignRequest, Clarification, FindingReview
from suppliers.scoring import Score, ScoreFacts, supplier_score
from suppliers.selectors.registry import AnyUser, suppliers_visible_to


def review_requests_visible_to(user: AnyUser) -> QuerySet[CampaignRequest]:
    """Campaign requests of the suppliers ``user`` may see (none for anonymous users)."""
    return CampaignRequest.objects.filter(supplier__in=suppliers_visible_to(user)).select_related(
        "campaign", "campaign__rmap_snapshot", "supplier", "submission"
    )


def _latest_submissions(requests: Sequence[CampaignRequest]) -> dict[int, Submission]:
    """The request's ``submission`` (the latest one) or, where that is not set, the newest
    file uploaded for the request (one query for all of those)."""
    latest = {r.pk: r.submission for r in requests if r.submission_id is not None}
    missing = [r.pk for r in requests if r.submission_id is None]
    if missing:
        for submission in Submission.objects.filter(request_id__in=missing).order_by(
            "request_id", "-uploaded_at", "-pk"
        ):
            latest.setdefault(submission.request_id, submission)
    return latest  # type: ignore[return-value]


def _open_clarifications(request_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        Clarification.objects.filter(request_id__in=list(request_ids), resolved_at__isnull=True)
        .order_by()  # the default ordering (by request) joins campaign and supplier
        .values("request_id")
        .annotate(count=Count("pk"))
    )
    return {row["request_id"]: row["count"] for row in rows}


def score_facts_for(
    requests: Iterable[CampaignRequest], *, today: date | None = None
) -> dict[int, ScoreFacts]:
    """The score facts of each request, by request id.

    Queries: latest submissions (only for requests without ``submission`` set), matched
    smelters, open clarifications, and one status query per RMAP snapshot involved. Pass
    requests with ``campaign`` and ``submission`` selected (``review_requests_visible_to``).
    """
    requests = list(requests)
    today = today or timezone.localdate()
    latest = _latest_submissions(requests)
    checked = {
        request_id: submission
        for request_id, submission in latest.items()
        if submission.status == Submission.Status.CHECKED
    }
    # Distinct smelters (by CID) per submission: one smelter listed twice counts once.
    cids: dict[int, set[str]] = defaultdict(set)
    matched_rows = (
        SmelterRecord.objects.filter(
            submission_id__in=[s.pk for s in checked.values()],
            match_status=SmelterRecord.MatchStatus.MATCHED,
        )
        .order_by()  # the default ordering joins the submissions' table for nothing
        .values_list("submission_id", "reference__cid", "cid")
    )
    for submission_id, reference_cid, reported_cid in matched_rows:
        cid = normalise_cid(reference_cid or reported_cid or "")
        if cid:
            cids[submission_id].add(cid)
    fallback: list[RmapSnapshot | None] = []  # looked up at most once

    def snapshot_for(request: CampaignRequest) -> RmapSnapshot | None:
        if request.campaign.rmap_snapshot_id is not None:
            return request.campaign.rmap_snapshot
        if not fallback:
            fallback.append(rmap_snapshot_on(today))
        return fallback[0]

    wanted: dict[int, tuple[RmapSnapshot | None, set[str]]] = {}
    for request in requests:
        submission = checked.get(request.pk)
        if submission is None or not cids[submission.pk]:
            continue
        snapshot = snapshot_for(request)
        if snapshot is not None:
            entry = wanted.setdefault(snapshot.pk, (snapshot, set()))
            entry[1].update(cids[submission.pk])
    statuses = {pk: rmap_status_for(snapshot, found) for pk, (snapshot, found) in wanted.items()}
    open_counts = _open_clarifications(r.pk for r in requests)

    facts: dict[int, ScoreFacts] = {}
    for request in requests:
        submission = latest.get(request.pk)
        done = checked.get(request.pk)
        submitted_at = request.submitted_at or (submission.uploaded_at if submission else None)
        submitted_on = timezone.localdate(submitted_at) if submitted_at else None
        found = cids[done.pk] if done else set()
        snapshot = snapshot_for(request) if found else None
        by_cid = statuses.get(snapshot.pk, {}) if snapshot else {}
        conformant = sum(
            1
            for cid in found
            if cid in by_cid and by_cid[cid].status == RmapStatus.Canonical.CONFORMANT
        )
        facts[request.pk] = ScoreFacts(
            has_submission=done is not None,
            matched_smelters=len(found),
            conformant_smelters=conformant,
            errors=done.error_count if done else 0,
            warnings=done.warning_count if done else 0,
            due_date=request.campaign.due_date,
            submitted_on=submitted_on,
            today=today,
            open_clarifications=open_counts.get(request.pk, 0),
        )
    return facts


def request_scores(
    requests: Iterable[CampaignRequest], *, today: date | None = None
) -> dict[int, Score]:
    """The supplier score of each request, by request id (see ``score_facts_for``)."""
    return {pk: supplier_score(f) for pk, f in score_facts_for(requests, today=today).items()}


@dataclass(frozen=True)
class FindingLine:
    record: FindingRecord
    key: str
    review: FindingReview | None  # accepted as is, with a note
    clarifications: tuple[Clarification, ...]  # threads about this finding


@dataclass(frozen=True)
class ReviewPage:
    request: CampaignRequest
    submission: Submission | None
    findings: tuple[FindingLine, ...]
    clarifications: tuple[Clarification, ...]  # every thread of the request, oldest first
    score: Score

    @property
    def open_clarifications(self) -> int:
        return sum(c.resolved_at is None for c in self.clarifications)

    @property
    def accepted_findings(self) -> int:
        return sum(line.review is not None for line in self.findings)


def request_clarifications(request: CampaignRequest) -> tuple[Clarification, ...]:
    """A request's clarification threads, oldest first, with who asked, answered, resolved."""
    return tuple(
        Clarification.objects.filter(request=request)
        .select_related("asked_by", "answered_by", "resolved_by", "submission")
        .order_by("asked_at", "pk")
    )


def review_page(request: CampaignRequest, *, today: date | None = None) -> ReviewPage:
    """Everything the review page shows for one campaign request."""
    submission = _latest_submissions([request]).get(request.pk)
    clarifications = request_clarifications(request)
    lines: list[FindingLine] = []
    if submission is not None:
        reviews = {
            review.finding_key: review
            for review in FindingReview.objects.filter(submission=submission).select_related("by")
        }
        about: dict[str, list[Clarification]] = defaultdict(list)
        for clarification in clarifications:
            if clarification.finding_key and clarification.submission_id == submission.pk:
                about[clarification.finding_key].append(clarification)
        for record in FindingRecord.objects.filter(submission=submission).order_by("position"):
            key = finding_key_of(record)
            lines.append(FindingLine(record, key, reviews.get(key), tuple(about.get(key, ()))))
    score = request_scores([request], today=today)[request.pk]
    return ReviewPage(
        request=request,
        submission=submission,
        findings=tuple(lines),
        clarifications=clarifications,
        score=score,
    )
