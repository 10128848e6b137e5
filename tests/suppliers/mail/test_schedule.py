"""The reminder schedule is a pure function of the request's dates and counters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from suppliers.campaign_mail import (
    ReminderDecision,
    ReminderKind,
    reminder_days_parse,
    reminder_due,
)

DUE = date(2026, 5, 31)


def due(today: date, **changes: object) -> ReminderDecision | None:
    fields: dict[str, object] = {
        "due_date": DUE,
        "reminder_days_before": "14,3",
        "overdue_every_days": 7,
        "escalate_after": 2,
        "invited_on": date(2026, 4, 1),
        "last_reminder_on": None,
        "reminders_sent": 0,
        "state": "invited",
        "today": today,
    }
    fields.update(changes)
    return reminder_due(**fields)


def days_before(n: int) -> date:
    return DUE - timedelta(days=n)


def test_it_reminds_14_and_3_days_before_the_due_date() -> None:
    assert due(days_before(14)) == ReminderDecision(ReminderKind.BEFORE, 14, escalate=False)
    assert due(days_before(3)) == ReminderDecision(ReminderKind.BEFORE, 3, escalate=False)


def test_it_sends_nothing_on_the_other_days_before_and_on_the_due_date() -> None:
    quiet = [d for d in range(0, 40) if d not in (14, 3)]
    assert [due(days_before(d)) for d in quiet] == [None] * len(quiet)


def test_the_due_date_itself_can_be_a_reminder_day() -> None:
    assert due(DUE, reminder_days_before="0") == ReminderDecision(ReminderKind.BEFORE, 0, False)


def test_it_reminds_weekly_when_overdue() -> None:
    sent = {n: due(DUE + timedelta(days=n)) for n in range(1, 22)}
    assert {n: d for n, d in sent.items() if d is not None} == {
        7: ReminderDecision(ReminderKind.OVERDUE, 7, escalate=False),
        14: ReminderDecision(ReminderKind.OVERDUE, 14, escalate=False),
        21: ReminderDecision(ReminderKind.OVERDUE, 21, escalate=False),
    }


def test_the_overdue_rhythm_follows_the_campaign_and_zero_turns_it_off() -> None:
    assert due(DUE + timedelta(days=3), overdue_every_days=3) == ReminderDecision(
        ReminderKind.OVERDUE, 3, escalate=False
    )
    assert due(DUE + timedelta(days=7), overdue_every_days=0) is None


def test_it_escalates_once_the_campaign_s_number_of_reminders_went_out() -> None:
    assert due(days_before(3), reminders_sent=1).escalate is False
    assert due(days_before(3), reminders_sent=2).escalate is True
    assert due(DUE + timedelta(days=7), reminders_sent=5, escalate_after=3).escalate is True


def test_at_most_one_reminder_a_day() -> None:
    assert due(days_before(3), last_reminder_on=days_before(3), reminders_sent=1) is None
    assert due(days_before(3), last_reminder_on=days_before(14), reminders_sent=1) is not None


@pytest.mark.parametrize(
    "state",
    ["not_sent", "submitted", "under_review", "clarification", "rejected", "accepted", "declined"],
)
def test_no_reminder_unless_the_request_waits_for_the_supplier_s_file(state: str) -> None:
    assert due(days_before(3), state=state) is None
    assert due(DUE + timedelta(days=7), state=state) is None


def test_opened_requests_are_reminded_too() -> None:
    assert due(days_before(3), state="opened") is not None


def test_no_reminder_before_or_on_the_day_of_the_invitation() -> None:
    assert due(days_before(3), invited_on=None) is None
    assert due(days_before(3), invited_on=days_before(3)) is None
    assert due(days_before(3), invited_on=days_before(4)) is not None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("14,3", (14, 3)),
        (" 3 , 14 ", (14, 3)),
        ("14;7 3", (14, 7, 3)),
        ("3,3,,", (3,)),
        ("", ()),
        ("0", (0,)),
    ],
)
def test_reminder_days_are_read_leniently(text: str, days: tuple[int, ...]) -> None:
    assert reminder_days_parse(text) == days


@pytest.mark.parametrize("part", ["two", "-1", "1.5", "366", "１４"])
def test_garbage_reminder_days_get_a_clear_message(part: str) -> None:
    with pytest.raises(ValueError) as caught:
        reminder_days_parse(f"14,{part}")
    assert str(caught.value) == (
        f"“{part}” is not a number of days. Enter whole numbers from 0 to 365 separated by "
        "commas, e.g. 14,3."
    )


def test_garbage_days_raise_from_the_schedule_too() -> None:
    with pytest.raises(ValueError):
        due(days_before(3), reminder_days_before="soon")
