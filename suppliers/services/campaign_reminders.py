"""Campaign reminders: the daily run over open campaigns (Celery beat) and one request's
reminder. The schedule itself is pure (``suppliers.campaign_mail.reminder_due``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from suppliers.campaign_mail import (
    DEFAULT_OVERDUE_BODY,
    DEFAULT_OVERDUE_SUBJECT,
    DEFAULT_REMINDER_BODY,
    DEFAULT_REMINDER_SUBJECT,
    REMINDED_STATES,
    ReminderDecision,
    ReminderKind,
    mail_render,
    reminder_days_parse,
    reminder_due,
)
from suppliers.models import Campaign, CampaignRequest, RequestEvent
from suppliers.services.campaign_mail import (
    CampaignMailError,
    _active_contacts,
    _portal_user,
    _request_url,
    _send,
    _values,
    mail_language,
)

logger = logging.getLogger(__name__)

State = CampaignRequest.State


@dataclass(frozen=True)
class ReminderCounts:
    sent: int
    escalated: int  # of those sent, at the escalation stage (others copied, if any)
    failed: int


# Reminders ----------------------------------------------------------------------------------


def _decision(request: CampaignRequest, today: date) -> ReminderDecision | None:
    campaign = request.campaign
    return reminder_due(
        due_date=campaign.due_date,
        reminder_days_before=campaign.reminder_days_before,
        overdue_every_days=campaign.overdue_every_days,
        escalate_after=campaign.escalate_after,
        invited_on=timezone.localdate(request.invited_at) if request.invited_at else None,
        last_reminder_on=(
            timezone.localdate(request.last_reminder_at) if request.last_reminder_at else None
        ),
        reminders_sent=request.reminders_sent,
        state=request.state,
        today=today,
    )


def _reminder_note(number: int, decision: ReminderDecision, to: str, cc: list[str]) -> str:
    values = {"number": number, "days": decision.days, "to": to}
    if decision.kind == ReminderKind.BEFORE:
        note = ngettext(
            "Reminder %(number)s (%(days)s day before the due date) sent to %(to)s.",
            "Reminder %(number)s (%(days)s days before the due date) sent to %(to)s.",
            decision.days,
        )
    else:
        note = ngettext(
            "Reminder %(number)s (%(days)s day overdue) sent to %(to)s.",
            "Reminder %(number)s (%(days)s days overdue) sent to %(to)s.",
            decision.days,
        )
    note %= values
    if cc:
        note += " " + _("Copied: %(cc)s.") % {"cc": ", ".join(cc)}
    return note


def request_remind(request_id: int, today: date) -> ReminderDecision | None:
    """Send today's reminder for one request, if it is due; None when nothing was sent.

    The row is locked and the decision taken again inside the transaction, so a second run
    the same day (or two at once, on PostgreSQL) finds the reminder already counted."""
    with transaction.atomic():
        request = (
            CampaignRequest.objects.select_for_update()
            .select_related("campaign", "supplier")
            .get(pk=request_id)
        )
        decision = _decision(request, today)
        if decision is None:
            return None
        contacts = _active_contacts(request)
        if not contacts:
            raise CampaignMailError(
                _("%(supplier)s has no active contact with an e-mail address.")
                % {"supplier": request.supplier.name}
            )
        to = contacts[0].email.strip()
        cc = [c.email.strip() for c in contacts[1:]] if decision.escalate else []
        link = _request_url(request, _portal_user(contacts[0]))
        campaign = request.campaign
        with translation.override(mail_language(contacts[0])):
            if decision.kind == ReminderKind.BEFORE:
                values = _values(request, contacts[0], link, days_left=decision.days)
                default_subject, default_body = DEFAULT_REMINDER_SUBJECT, DEFAULT_REMINDER_BODY
            else:
                values = _values(request, contacts[0], link, days_overdue=decision.days)
                default_subject, default_body = DEFAULT_OVERDUE_SUBJECT, DEFAULT_OVERDUE_BODY
            subject = mail_render(campaign.reminder_subject or default_subject, values)
            body = mail_render(campaign.reminder_body or default_body, values)
        request.reminders_sent += 1
        request.last_reminder_at = timezone.now()
        request.save(update_fields=["reminders_sent", "last_reminder_at", "updated_at"])
        RequestEvent.objects.create(
            request=request,
            kind=RequestEvent.Kind.REMINDER,
            note=_reminder_note(request.reminders_sent, decision, to, cc),
        )
        _send(subject, body, [to], cc)
    return decision


def reminders_send(today: date | None = None) -> ReminderCounts:
    """Send the reminders due today for every open campaign (run daily by Celery beat;
    running it twice the same day sends nothing new)."""
    today = today or timezone.localdate()
    sent = escalated = failed = 0
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN).order_by("pk"):
        try:
            reminder_days_parse(campaign.reminder_days_before)
        except ValueError:
            # Saved past the form (admin, shell): say so every day rather than guess.
            logger.error(
                "Campaign %s: reminder days %r cannot be read; no reminders sent.",
                campaign.pk,
                campaign.reminder_days_before,
            )
            failed += 1
            continue
        # Ids first: each request is then locked and decided on its own.
        request_ids = list(
            campaign.requests.filter(
                state__in=REMINDED_STATES, invited_at__isnull=False
            ).values_list("pk", flat=True)
        )
        for request_id in request_ids:
            try:
                decision = request_remind(request_id, today)
            except (CampaignMailError, OSError) as exc:
                logger.warning("Reminder for request %s not sent: %s", request_id, exc)
                failed += 1
                continue
            if decision is not None:
                sent += 1
                escalated += decision.escalate
    return ReminderCounts(sent=sent, escalated=escalated, failed=failed)
