"""Read side of the supplier portal: what a supplier user may see of their organisation.

Every function starts from ``portal_supplier_id(user)``, which is ``supplier_id_of`` (the
membership) confirmed by ``suppliers_visible_to`` (the one permission filter): staff users,
who see every supplier in the registry, have no portal and get nothing here. Anything of
another organisation is simply not in the querysets, so views answer 404 for it.

The plain-language statuses are decided by two pure functions (``request_status`` and
``version_result``) over plain values, so they are tested without the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cmrt.models import FindingRecord, Submission
from suppliers.campaign_states import is_overdue
from suppliers.models import (
    Campaign,
    CampaignRequest,
    Clarification,
    Contact,
    Supplier,
)
from suppliers.selectors.registry import (
    PORTAL_SUPPLIER_CACHE,
    AnyUser,
    supplier_id_of,
    suppliers_visible_to,
)

State = CampaignRequest.State

# Requests the supplier can no longer act on: nothing to upload, nothing to decline.
FINISHED_STATES = frozenset({State.ACCEPTED, State.DECLINED})


class PortalStatus(StrEnum):
    """Where a request (or one uploaded version) stands, in the supplier's words."""

    WAITING = "waiting"
    UNDER_REVIEW = "under_review"
    CHECKING = "checking"
    NEEDS_CORRECTION = "needs_correction"
    QUESTION = "question"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REPLACED = "replaced"


STATUS_LABELS: dict[PortalStatus, Promise] = {
    PortalStatus.WAITING: _("Waiting for your CMRT"),
    PortalStatus.UNDER_REVIEW: _("Under review"),
    PortalStatus.CHECKING: _("Being checked"),
    PortalStatus.NEEDS_CORRECTION: _("Needs correction"),
    PortalStatus.QUESTION: _("Waiting for your answer"),
    PortalStatus.ACCEPTED: _("Accepted"),
    PortalStatus.DECLINED: _("Declined"),
    PortalStatus.REPLACED: _("Replaced by a newer version"),
}


def request_status(state: str, latest_status: str | None, latest_errors: int) -> PortalStatus:
    """The request's status in plain words (a ``PortalStatus`` code).

    1. A decision by the customer wins: declined, accepted, needs correction, a question.
    2. Without a file: waiting for the CMRT.
    3. A file that could not be read, or that the checker found errors in: needs correction.
    4. Otherwise (being checked, or checked without errors): under review.
    """
    decided: dict[str, PortalStatus] = {
        State.DECLINED: PortalStatus.DECLINED,
        State.ACCEPTED: PortalStatus.ACCEPTED,
        State.REJECTED: PortalStatus.NEEDS_CORRECTION,
        State.CLARIFICATION: PortalStatus.QUESTION,
    }
    if state in decided:
        return decided[state]
    if latest_status is None:
        return PortalStatus.WAITING
    if latest_status == Submission.Status.FAILED or (
        latest_status == Submission.Status.CHECKED and latest_errors > 0
    ):
        return PortalStatus.NEEDS_CORRECTION
    return PortalStatus.UNDER_REVIEW


def version_result(
    status: str, error_count: int, *, is_latest: bool, request_state: str | None
) -> PortalStatus:
    """The result of one uploaded version (a ``PortalStatus`` code). The customer's decision
    applies to the latest version only; older ones keep their check result."""
    if status in (Submission.Status.QUEUED, Submission.Status.PROCESSING):
        return PortalStatus.CHECKING
    if status == Submission.Status.FAILED:
        return PortalStatus.NEEDS_CORRECTION
    if is_latest and request_state == State.ACCEPTED:
        return PortalStatus.ACCEPTED
    if is_latest and request_state == State.REJECTED:
        return PortalStatus.NEEDS_CORRECTION
    if error_count > 0:
        return PortalStatus.NEEDS_CORRECTION
    if not is_latest and request_state is not None:
        return PortalStatus.REPLACED
    return PortalStatus.UNDER_REVIEW


# --- The organisation -------------------------------------------------------------------


def _portal_organisation(user: AnyUser) -> Supplier | None:
    """The supplier user's organisation through the permission filter, or None. Cached on
    the user object like ``supplier_id_of``: every portal selector starts here, several
    times a page, and the row itself proves the filter lets the user see it."""
    if not user.is_authenticated:
        return None
    if PORTAL_SUPPLIER_CACHE not in user.__dict__:
        supplier_id = supplier_id_of(user)
        user.__dict__[PORTAL_SUPPLIER_CACHE] = (
            None
            if supplier_id is None
            else suppliers_visible_to(user).filter(pk=supplier_id).first()
        )
    return user.__dict__[PORTAL_SUPPLIER_CACHE]


def portal_supplier_id(user: AnyUser) -> int | None:
    """The supplier user's organisation, or None (not signed in, inactive, not a member)."""
    supplier = _portal_organisation(user)
    return None if supplier is None else supplier.pk


def portal_supplier(user: AnyUser) -> Supplier:
    """The supplier user's organisation; 404 for everybody else."""
    supplier = _portal_organisation(user)
    if supplier is None:
        raise Http404  # the portal is for supplier users only
    return supplier


def portal_contacts(user: AnyUser) -> QuerySet[Contact]:
    """The organisation's contacts, active ones first."""
    return Contact.objects.filter(supplier_id=portal_supplier_id(user)).order_by(
        "-is_active", "-is_primary", "name"
    )


# --- Requests ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PortalRequest:
    request: CampaignRequest
    latest: Submission | None
    version_count: int
    is_open: bool  # the campaign is open and the request not finished
    overdue: bool
    status: PortalStatus

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def campaign(self) -> Campaign:
        return self.request.campaign

    @property
    def products(self) -> list[str]:
        return [
            line.strip() for line in self.request.requested_products.splitlines() if line.strip()
        ]

    @property
    def can_upload(self) -> bool:
        return self.is_open

    @property
    def can_decline(self) -> bool:
        return self.is_open


def _requests(user: AnyUser) -> QuerySet[CampaignRequest]:
    # Draft campaigns are still being prepared by the customer: not shown yet.
    return (
        CampaignRequest.objects.filter(supplier_id=portal_supplier_id(user))
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .select_related("campaign", "submission")
        .prefetch_related(
            Prefetch(
                "submissions",
                Submission.objects.order_by("-uploaded_at", "-id"),
                to_attr="versions_newest_first",
            )
        )
    )


def _portal_request(request: CampaignRequest, today: date) -> PortalRequest:
    versions: list[Submission] = request.versions_newest_first  # type: ignore[attr-defined]
    # The request names its latest file; older rows (or a missing link) fall back to the
    # newest upload for this request.
    latest = request.submission or (versions[0] if versions else None)
    is_open = request.campaign.status == Campaign.Status.OPEN and request.state not in (
        FINISHED_STATES
    )
    return PortalRequest(
        request=request,
        latest=latest,
        version_count=len(versions),
        is_open=is_open,
        overdue=is_open and is_overdue(request.state, request.campaign.due_date, today),
        status=request_status(
            request.state,
            latest.status if latest is not None else None,
            latest.error_count if latest is not None else 0,
        ),
    )


def portal_requests(user: AnyUser, *, today: date | None = None) -> list[PortalRequest]:
    """The organisation's requests: open ones first, soonest due first; then the others,
    newest campaign first."""
    day = today or timezone.localdate()
    rows = [_portal_request(r, day) for r in _requests(user)]
    open_rows = sorted(
        (r for r in rows if r.is_open), key=lambda r: (r.campaign.due_date, r.request.pk)
    )
    other_rows = sorted(
        (r for r in rows if not r.is_open),
        key=lambda r: (r.campaign.due_date, r.request.pk),
        reverse=True,
    )
    return open_rows + other_rows


def portal_request(user: AnyUser, pk: int, *, today: date | None = None) -> PortalRequest:
    """One request of the organisation; 404 for anything else."""
    request = _requests(user).filter(pk=pk).first()
    if request is None:
        raise Http404
    return _portal_request(request, today or timezone.localdate())


# --- Uploaded versions -------------------------------------------------------------------


@dataclass(frozen=True)
class PortalVersion:
    submission: Submission
    number: int | None  # 1 for the first file uploaded for the request; None without one
    result: PortalStatus

    @property
    def result_label(self) -> str:
        return str(STATUS_LABELS[self.result])


def portal_submissions_queryset(user: AnyUser) -> QuerySet[Submission]:
    """The organisation's submissions (the permission filter of every file view)."""
    return Submission.objects.filter(supplier_id=portal_supplier_id(user)).select_related(
        "request", "request__campaign", "uploaded_by"
    )


def portal_submissions(
    user: AnyUser, request: CampaignRequest | None = None
) -> list[PortalVersion]:
    """Every version, newest first, with its result; only ``request``'s when given."""
    prefetched = getattr(request, "versions_newest_first", None)
    if prefetched is not None:
        # A request from ``portal_request`` carries its versions already (same order): the
        # request page needs no second query for them. Same filter as the queryset below.
        supplier_id = portal_supplier_id(user)
        ordered = [s for s in prefetched if s.supplier_id == supplier_id]
        return [_version(s, ordered) for s in ordered]
    submissions = portal_submissions_queryset(user)
    if request is not None:
        submissions = submissions.filter(request=request)
    ordered = list(submissions.order_by("-uploaded_at", "-id"))
    return [_version(s, ordered) for s in ordered]


def _version(submission: Submission, newest_first: list[Submission]) -> PortalVersion:
    request = submission.request
    siblings = [s for s in newest_first if s.request_id == submission.request_id]
    number = len(siblings) - siblings.index(submission) if request is not None else None
    latest_pk = (request.submission_id or siblings[0].pk) if request is not None else None
    return PortalVersion(
        submission=submission,
        number=number,
        result=version_result(
            submission.status,
            submission.error_count,
            is_latest=request is None or submission.pk == latest_pk,
            request_state=request.state if request is not None else None,
        ),
    )


def portal_submission(user: AnyUser, pk: int) -> PortalVersion:
    """One version of the organisation's files; 404 for anything else."""
    submission = portal_submissions_queryset(user).filter(pk=pk).first()
    if submission is None:
        raise Http404
    if submission.request is None:
        return PortalVersion(submission, None, _version(submission, [submission]).result)
    siblings = list(
        portal_submissions_queryset(user)
        .filter(request_id=submission.request_id)
        .order_by("-uploaded_at", "-id")
    )
    return _version(submission, siblings)


@dataclass(frozen=True)
class FindingSheet:
    sheet: str  # "" for findings about the file as a whole
    findings: tuple[FindingRecord, ...]


def portal_findings(submission: Submission) -> tuple[FindingSheet, ...]:
    """The checker's findings of one (already permission-checked) submission, grouped by
    sheet in the order of their first finding; errors before warnings inside a sheet."""
    rank = {FindingRecord.Severity.ERROR: 0, FindingRecord.Severity.WARNING: 1}
    groups: dict[str, list[FindingRecord]] = {}
    for finding in FindingRecord.objects.filter(submission=submission).order_by("position"):
        groups.setdefault(finding.sheet, []).append(finding)
    return tuple(
        FindingSheet(sheet, tuple(sorted(items, key=lambda f: rank.get(f.severity, 2))))
        for sheet, items in groups.items()
    )


# --- Clarifications ---------------------------------------------------------------------


def portal_clarifications_queryset(user: AnyUser) -> QuerySet[Clarification]:
    """The organisation's clarification questions (the permission filter of the answer
    view). Questions on requests of draft campaigns stay hidden like their requests."""
    return (
        Clarification.objects.filter(request__supplier_id=portal_supplier_id(user))
        .exclude(request__campaign__status=Campaign.Status.DRAFT)
        .select_related("request", "submission")
    )


def portal_clarifications(user: AnyUser, request: CampaignRequest) -> list[Clarification]:
    """The questions on one request, unanswered ones first, each group oldest first. A
    question about a finding carries that finding's message as ``finding_message`` (the
    supplier reads the finding in plain words, never its internal key)."""
    from suppliers.finding_keys import finding_key_of

    questions = list(portal_clarifications_queryset(user).filter(request=request))
    submission_ids = {c.submission_id for c in questions if c.finding_key and c.submission_id}
    messages = {
        (finding.submission_id, finding_key_of(finding)): finding.message
        for finding in FindingRecord.objects.filter(submission_id__in=submission_ids)
    }
    for question in questions:
        question.finding_message = messages.get((question.submission_id, question.finding_key), "")
    return sorted(
        sorted(questions, key=lambda c: (c.asked_at, c.pk)),
        key=lambda c: bool(c.answer or c.resolution),
    )


def clarification_is_open(clarification: Clarification) -> bool:
    return not clarification.answer and not clarification.resolution
