"""The request state table (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from suppliers.campaign_states import (
    FINAL_STATES,
    TRANSITIONS,
    RequestState,
    allowed_next,
    can_move,
    is_overdue,
    reopen_target,
)
from suppliers.models import CampaignRequest

S = RequestState
DUE = date(2026, 3, 31)


def test_the_states_are_those_of_the_model() -> None:
    assert [s.value for s in RequestState] == list(CampaignRequest.State.values)


def test_every_state_has_a_row_and_targets_are_states() -> None:
    assert set(TRANSITIONS) == set(RequestState)
    for targets in TRANSITIONS.values():
        assert targets <= set(RequestState)


@pytest.mark.parametrize(
    ("from_state", "to_state"),
    [
        (S.NOT_SENT, S.INVITED),
        (S.INVITED, S.OPENED),
        (S.INVITED, S.SUBMITTED),
        (S.OPENED, S.SUBMITTED),
        (S.SUBMITTED, S.UNDER_REVIEW),
        (S.SUBMITTED, S.REJECTED),
        (S.UNDER_REVIEW, S.CLARIFICATION),
        (S.UNDER_REVIEW, S.ACCEPTED),
        (S.UNDER_REVIEW, S.REJECTED),
        (S.CLARIFICATION, S.UNDER_REVIEW),
        (S.CLARIFICATION, S.SUBMITTED),
        (S.REJECTED, S.SUBMITTED),
        (S.ACCEPTED, S.UNDER_REVIEW),
        (S.DECLINED, S.UNDER_REVIEW),
    ],
)
def test_allowed_moves(from_state: S, to_state: S) -> None:
    assert can_move(from_state, to_state)


@pytest.mark.parametrize(
    ("from_state", "to_state"),
    [
        (S.NOT_SENT, S.ACCEPTED),
        (S.INVITED, S.UNDER_REVIEW),
        (S.OPENED, S.INVITED),
        (S.SUBMITTED, S.ACCEPTED),
        (S.ACCEPTED, S.DECLINED),
        (S.ACCEPTED, S.REJECTED),
        (S.DECLINED, S.ACCEPTED),
    ],
)
def test_refused_moves(from_state: S, to_state: S) -> None:
    assert not can_move(from_state, to_state)


def test_every_open_state_may_decline_and_final_states_only_reopen() -> None:
    for state in set(RequestState) - FINAL_STATES:
        assert S.DECLINED in allowed_next(state), state
    assert allowed_next(S.ACCEPTED) == {S.UNDER_REVIEW}


def test_unknown_state_allows_nothing() -> None:
    assert allowed_next("lost") == frozenset()


@pytest.mark.parametrize(
    ("state", "today", "expected"),
    [
        (S.INVITED, date(2026, 3, 31), False),  # the due day itself is not late
        (S.INVITED, date(2026, 4, 1), True),
        (S.NOT_SENT, date(2026, 4, 1), True),
        (S.OPENED, date(2026, 4, 1), True),
        (S.REJECTED, date(2026, 4, 1), True),
        (S.SUBMITTED, date(2026, 4, 1), False),
        (S.UNDER_REVIEW, date(2026, 4, 1), False),
        (S.CLARIFICATION, date(2026, 4, 1), False),
        (S.ACCEPTED, date(2026, 4, 1), False),
        (S.DECLINED, date(2026, 4, 1), False),
    ],
)
def test_is_overdue(state: S, today: date, expected: bool) -> None:
    assert is_overdue(state, DUE, today) is expected


def test_no_due_date_is_never_overdue() -> None:
    assert not is_overdue(S.INVITED, None, date(2030, 1, 1))


def test_reopen_targets() -> None:
    assert reopen_target(S.ACCEPTED, has_submission=True, was_invited=True) == S.UNDER_REVIEW
    assert reopen_target(S.DECLINED, has_submission=True, was_invited=True) == S.UNDER_REVIEW
    assert reopen_target(S.DECLINED, has_submission=False, was_invited=True) == S.INVITED
    assert reopen_target(S.DECLINED, has_submission=False, was_invited=False) == S.NOT_SENT
    assert reopen_target(S.INVITED, has_submission=False, was_invited=True) is None
    for state in RequestState:
        target = reopen_target(state, has_submission=True, was_invited=True)
        assert target is None or can_move(state, target)
