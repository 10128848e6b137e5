"""Where a campaign request may go next, and when it is overdue. Pure: no ORM.

The values are those of ``CampaignRequest.State``; the table is the one rule every
service that changes a request's state checks against.

=================  ==============================================================
From               To
=================  ==============================================================
not sent           invited, submitted (a file sent by e-mail), declined
invited            opened, submitted, declined
opened             submitted, declined
submitted          under review, needs correction (unreadable file), declined
under review       clarification requested, accepted, needs correction,
                   submitted (a newer file), declined
clarification      under review, submitted, accepted, needs correction, declined
needs correction   submitted, under review (reopened), declined
accepted           under review (reopened by compliance)
declined           under review, invited, not sent (reopened by compliance)
=================  ==============================================================

Accepted and declined are final: only a reopening leaves them. A request is overdue when
the due date has passed and the supplier still owes something: it is not sent, invited,
opened, or needs correction (see ``is_overdue``).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class RequestState(StrEnum):
    NOT_SENT = "not_sent"
    INVITED = "invited"
    OPENED = "opened"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    CLARIFICATION = "clarification"
    REJECTED = "rejected"  # shown as "needs correction"
    ACCEPTED = "accepted"
    DECLINED = "declined"


S = RequestState

# The order pages and charts list states in: the way a request usually travels.
STATE_ORDER: tuple[RequestState, ...] = tuple(RequestState)

TRANSITIONS: dict[RequestState, frozenset[RequestState]] = {
    S.NOT_SENT: frozenset({S.INVITED, S.SUBMITTED, S.DECLINED}),
    S.INVITED: frozenset({S.OPENED, S.SUBMITTED, S.DECLINED}),
    S.OPENED: frozenset({S.SUBMITTED, S.DECLINED}),
    S.SUBMITTED: frozenset({S.UNDER_REVIEW, S.REJECTED, S.DECLINED}),
    S.UNDER_REVIEW: frozenset({S.CLARIFICATION, S.ACCEPTED, S.REJECTED, S.SUBMITTED, S.DECLINED}),
    S.CLARIFICATION: frozenset({S.UNDER_REVIEW, S.SUBMITTED, S.ACCEPTED, S.REJECTED, S.DECLINED}),
    S.REJECTED: frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.DECLINED}),
    S.ACCEPTED: frozenset({S.UNDER_REVIEW}),
    S.DECLINED: frozenset({S.UNDER_REVIEW, S.INVITED, S.NOT_SENT}),
}

FINAL_STATES: frozenset[RequestState] = frozenset({S.ACCEPTED, S.DECLINED})

# The supplier has answered: a file arrived (whatever became of it) or they declined.
RESPONDED_STATES: frozenset[RequestState] = frozenset(
    {S.SUBMITTED, S.UNDER_REVIEW, S.CLARIFICATION, S.REJECTED, S.ACCEPTED, S.DECLINED}
)

# The supplier still owes the campaign a (usable) answer. "Needs correction" is here
# because a file that cannot be used is no answer yet; "clarification requested" is not,
# because the file arrived and a question about it may be asked after the due date.
OWING_STATES: frozenset[RequestState] = frozenset({S.NOT_SENT, S.INVITED, S.OPENED, S.REJECTED})

# Accepting and rejecting are decisions: they stamp ``decided_at``.
DECISION_STATES: frozenset[RequestState] = frozenset({S.ACCEPTED, S.REJECTED, S.DECLINED})


def allowed_next(state: str) -> frozenset[RequestState]:
    """The states a request in ``state`` may move to (empty for an unknown state)."""
    try:
        return TRANSITIONS[RequestState(state)]
    except ValueError:
        return frozenset()


def can_move(from_state: str, to_state: str) -> bool:
    return to_state in allowed_next(from_state)


def is_final(state: str) -> bool:
    return state in FINAL_STATES


def has_responded(state: str) -> bool:
    return state in RESPONDED_STATES


def is_overdue(state: str, due_date: date | None, today: date) -> bool:
    """True when ``due_date`` has passed (the due day itself is not late) and the
    supplier still owes an answer (``OWING_STATES``)."""
    return due_date is not None and today > due_date and state in OWING_STATES


def reopen_target(state: str, *, has_submission: bool, was_invited: bool) -> RequestState | None:
    """Where compliance's "reopen" takes a request, or None when there is nothing to
    reopen. With a file, back to review; a declined request without one goes back to
    waiting for the supplier (invited, or not sent if it never was)."""
    if state in (S.ACCEPTED, S.REJECTED) or (state == S.DECLINED and has_submission):
        return S.UNDER_REVIEW
    if state == S.DECLINED:
        return S.INVITED if was_invited else S.NOT_SENT
    return None
