"""Reminders on a frozen clock: the exact mails, escalation, one a day, and the beat task."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from suppliers.models import Campaign, CampaignRequest, RequestEvent, Supplier
from suppliers.request_links import request_link_make
from suppliers.services.campaign_reminders import ReminderCounts, reminders_send
from suppliers.tasks import campaign_reminders
from tests.factories import make_contact, make_supplier
from tests.suppliers.mail.conftest import invited, request_for

FOURTEEN_BEFORE = date(2026, 5, 17)
THREE_BEFORE = date(2026, 5, 28)
WEEK_OVERDUE = date(2026, 6, 7)


def morning(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 7, 0, tzinfo=UTC)


def reminder_notes(request: CampaignRequest) -> list[str]:
    return list(
        RequestEvent.objects.filter(request=request, kind="reminder").values_list("note", flat=True)
    )


def test_the_reminder_14_days_before(
    campaign: Campaign, supplier_a: Supplier, ada_user, mailoutbox, clock, fixed_signing_time
) -> None:
    request = invited(campaign, supplier_a)
    clock(morning(FOURTEEN_BEFORE))

    assert reminders_send(FOURTEEN_BEFORE) == ReminderCounts(sent=1, escalated=0, failed=0)

    link = f"https://dd.example.com/r/{request_link_make(request.pk, ada_user.pk)}/"
    [mail] = mailoutbox
    assert mail.subject == (
        "Reminder: your conflict minerals declaration (CMRT) for 2025 is due on 31 May 2026"
    )
    assert mail.from_email == "compliance@example.com"
    assert (mail.to, mail.cc) == (["ada@alpha.example.com"], [])
    assert (
        mail.body
        == f"""Dear Ada Alpha,

We have not yet received the conflict minerals declaration (CMRT) of Alpha Metals for the
reporting year 2025 (CMRT 2025). It is due on 31 May 2026.

Please upload your completed CMRT in our supplier portal:
{link}

If you have sent it already, or if someone else at Alpha Metals answers such requests, please
reply to this e-mail.

Kind regards,
The compliance team of Example Devices Inc.
"""
    )
    request.refresh_from_db()
    assert (request.reminders_sent, request.last_reminder_at) == (1, morning(FOURTEEN_BEFORE))
    assert reminder_notes(request) == [
        "Reminder 1 (14 days before the due date) sent to ada@alpha.example.com."
    ]


def test_running_twice_the_same_day_sends_nothing_new(
    campaign: Campaign, supplier_a: Supplier, ada_user, mailoutbox, clock
) -> None:
    request = invited(campaign, supplier_a)
    clock(morning(THREE_BEFORE))

    reminders_send(THREE_BEFORE)
    assert reminders_send(THREE_BEFORE) == ReminderCounts(sent=0, escalated=0, failed=0)

    assert len(mailoutbox) == 1
    request.refresh_from_db()
    assert request.reminders_sent == 1


def test_nothing_on_the_days_between(
    campaign: Campaign, supplier_a: Supplier, ada_user, mailoutbox, clock
) -> None:
    invited(campaign, supplier_a)
    for day in (date(2026, 5, 16), date(2026, 5, 18), date(2026, 5, 31), date(2026, 6, 1)):
        clock(morning(day))
        assert reminders_send(day).sent == 0
    assert mailoutbox == []


def test_an_overdue_reminder_escalates_to_the_other_active_contacts(
    campaign: Campaign, supplier_a: Supplier, ada_user, mailoutbox, clock
) -> None:
    make_contact(supplier_a, "Bo Alpha", email="bo@alpha.example.com")
    make_contact(supplier_a, "Cy Alpha", email="cy@alpha.example.com", is_active=False)
    make_contact(supplier_a, "Al Alpha", email="al@alpha.example.com")
    request = invited(
        campaign,
        supplier_a,
        state=CampaignRequest.State.OPENED,
        reminders_sent=2,
        last_reminder_at=morning(THREE_BEFORE),
    )
    clock(morning(WEEK_OVERDUE))

    assert reminders_send() == ReminderCounts(sent=1, escalated=1, failed=0)

    [mail] = mailoutbox
    assert mail.subject == (
        "Overdue: your conflict minerals declaration (CMRT) for 2025 was due on 31 May 2026"
    )
    assert (mail.to, mail.cc) == (
        ["ada@alpha.example.com"],
        ["al@alpha.example.com", "bo@alpha.example.com"],
    )
    link = mail.body.splitlines()[7]
    assert link.startswith("https://dd.example.com/r/")
    assert (
        mail.body
        == f"""Dear Ada Alpha,

The conflict minerals declaration (CMRT) of Alpha Metals for the reporting year
2025 (CMRT 2025) was due on 31 May 2026, and we have not received it yet.

We need it for our own reporting. Please upload your completed CMRT in our supplier portal
as soon as possible:
{link}

If you cannot provide it, or if someone else at Alpha Metals answers such requests, please
reply to this e-mail.

Kind regards,
The compliance team of Example Devices Inc.
"""
    )
    assert reminder_notes(request) == [
        "Reminder 3 (7 days overdue) sent to ada@alpha.example.com. "
        "Copied: al@alpha.example.com, bo@alpha.example.com."
    ]


def test_no_copy_before_the_campaign_s_number_of_reminders(
    campaign: Campaign, supplier_a: Supplier, mailoutbox, clock
) -> None:
    make_contact(supplier_a, "Bo Alpha", email="bo@alpha.example.com")
    invited(campaign, supplier_a, reminders_sent=1, last_reminder_at=morning(FOURTEEN_BEFORE))
    clock(morning(THREE_BEFORE))

    reminders_send()

    [mail] = mailoutbox
    assert mail.cc == []


def test_custom_reminder_texts_get_the_days(
    campaign: Campaign, supplier_a: Supplier, mailoutbox, clock
) -> None:
    campaign.reminder_subject = "{supplier}: {days_left} days left, {days_overdue} overdue"
    campaign.reminder_body = "Due {due_date}."
    campaign.save()
    invited(campaign, supplier_a)
    clock(morning(THREE_BEFORE))

    reminders_send()

    [mail] = mailoutbox
    assert (mail.subject, mail.body) == ("Alpha Metals: 3 days left, 0 overdue", "Due 31 May 2026.")


def test_a_contact_without_an_account_gets_a_link_to_the_portal(
    campaign: Campaign, supplier_a: Supplier, mailoutbox, clock
) -> None:
    invited(campaign, supplier_a)
    clock(morning(THREE_BEFORE))

    reminders_send()

    assert "\nhttps://dd.example.com/portal/\n" in mailoutbox[0].body


@pytest.mark.parametrize("state", ["not_sent", "submitted", "accepted", "declined"])
def test_requests_not_waiting_for_a_file_get_no_reminder(
    campaign: Campaign, supplier_a: Supplier, mailoutbox, clock, state: str
) -> None:
    invited(campaign, supplier_a, state=state)
    clock(morning(THREE_BEFORE))

    assert reminders_send().sent == 0
    assert mailoutbox == []


@pytest.mark.parametrize("status", [Campaign.Status.DRAFT, Campaign.Status.CLOSED])
def test_only_open_campaigns_send_reminders(
    campaign: Campaign, supplier_a: Supplier, mailoutbox, clock, status: str
) -> None:
    campaign.status = status
    campaign.save()
    invited(campaign, supplier_a)
    clock(morning(THREE_BEFORE))

    assert reminders_send().sent == 0


def test_a_failure_is_counted_and_the_others_still_go_out(
    campaign: Campaign, supplier_a: Supplier, mailoutbox, clock
) -> None:
    invited(campaign, make_supplier("Gamma Tin"))  # no contact left to write to
    request = invited(campaign, supplier_a)
    broken = Campaign.objects.create(
        name="Broken",
        reporting_year=2025,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        due_date=campaign.due_date,
        status=Campaign.Status.OPEN,
        reminder_days_before="soon",
    )
    request_for(broken, supplier_a, state="invited", invited_at=morning(date(2026, 4, 1)))
    clock(morning(THREE_BEFORE))

    assert reminders_send() == ReminderCounts(sent=1, escalated=0, failed=2)

    assert [m.to for m in mailoutbox] == [["ada@alpha.example.com"]]
    request.refresh_from_db()
    assert request.reminders_sent == 1


def test_the_beat_task_sends_today_s_reminders(
    campaign: Campaign, supplier_a: Supplier, mailoutbox, clock
) -> None:
    invited(campaign, supplier_a)
    clock(morning(THREE_BEFORE))

    assert campaign_reminders.run() == {"sent": 1, "escalated": 0, "failed": 0}
    assert campaign_reminders.run() == {"sent": 0, "escalated": 0, "failed": 0}

    assert len(mailoutbox) == 1
    assert campaign_reminders.name == "suppliers.campaign_reminders"
