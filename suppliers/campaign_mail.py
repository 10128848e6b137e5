"""Campaign mails and the reminder schedule, as plain data. Pure: no ORM.

* The default texts of the invitation and the reminders (a campaign's own texts replace them
  when filled in) and ``mail_render``, which fills ``{placeholder}`` names in a text a
  compliance user typed, and never fails on one it does not know.
* ``reminder_due``: whether a request gets a reminder today, and whether it is copied to the
  supplier's other contacts. The rules are in docs/reminders.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.conf import settings
from django.utils.dateformat import format as date_pattern
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from suppliers.campaign_states import RequestState

# The placeholders a campaign text may use (docs/reminders.md lists what each one holds).
PLACEHOLDERS = (
    "supplier",
    "contact",
    "campaign",
    "reporting_year",
    "due_date",
    "link",
    "company",
    "days_left",
    "days_overdue",
)

DEFAULT_INVITATION_SUBJECT = gettext_lazy(
    "Conflict minerals declaration (CMRT) for {reporting_year}: please reply by {due_date}"
)
DEFAULT_INVITATION_BODY = gettext_lazy(
    """Dear {contact},

As part of our conflict minerals due diligence, we ask {supplier} for its declaration in
the RMI Conflict Minerals Reporting Template (CMRT) for the reporting year {reporting_year}
({campaign}).

Please upload your completed CMRT by {due_date} in our supplier portal:
{link}

The portal checks your file as soon as you upload it and shows whether anything is
missing. The link is personal to your portal account; please do not forward it.

If someone else at {supplier} answers such requests, please reply with their name and
e-mail address.

Kind regards,
The compliance team of {company}
"""
)
DEFAULT_REMINDER_SUBJECT = gettext_lazy(
    "Reminder: your conflict minerals declaration (CMRT) for {reporting_year} is due on {due_date}"
)
DEFAULT_REMINDER_BODY = gettext_lazy(
    """Dear {contact},

We have not yet received the conflict minerals declaration (CMRT) of {supplier} for the
reporting year {reporting_year} ({campaign}). It is due on {due_date}.

Please upload your completed CMRT in our supplier portal:
{link}

If you have sent it already, or if someone else at {supplier} answers such requests, please
reply to this e-mail.

Kind regards,
The compliance team of {company}
"""
)
DEFAULT_OVERDUE_SUBJECT = gettext_lazy(
    "Overdue: your conflict minerals declaration (CMRT) for {reporting_year} was due on {due_date}"
)
DEFAULT_OVERDUE_BODY = gettext_lazy(
    """Dear {contact},

The conflict minerals declaration (CMRT) of {supplier} for the reporting year
{reporting_year} ({campaign}) was due on {due_date}, and we have not received it yet.

We need it for our own reporting. Please upload your completed CMRT in our supplier portal
as soon as possible:
{link}

If you cannot provide it, or if someone else at {supplier} answers such requests, please
reply to this e-mail.

Kind regards,
The compliance team of {company}
"""
)

# Only plain {name} forms are placeholders: no format specs, indexes or attribute access, so
# a text typed in a form can never reach into Python objects or raise.
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def mail_render(template_text: str, values: Mapping[str, object]) -> str:
    """Fill the known ``{name}`` placeholders of a text; anything else stays as written, so a
    typo shows in the mail (and in the preview) instead of breaking the send."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(values[name]) if name in values else match.group(0)

    return _PLACEHOLDER.sub(fill, str(template_text))


def company_name() -> str:
    """Our company as mails name it: ``settings.COMPANY_NAME`` when set."""
    return str(getattr(settings, "COMPANY_NAME", "") or "").strip() or _("our company")


def due_date_text(day: date) -> str:
    """Day, month name, year (31 May 2026): unambiguous for suppliers in any country; in
    Japanese the usual 2026年5月31日."""
    if (get_language() or "").startswith("ja"):
        return f"{day.year}年{day.month}月{day.day}日"
    return date_pattern(day, "j F Y")


def mail_values(
    *,
    supplier: str,
    contact: str,
    campaign: str,
    reporting_year: int,
    due_date: date,
    link: str,
    days_left: int = 0,
    days_overdue: int = 0,
) -> dict[str, str]:
    """Every placeholder's text for one mail."""
    return {
        "supplier": supplier,
        "contact": contact,
        "campaign": campaign,
        "reporting_year": str(reporting_year),
        "due_date": due_date_text(due_date),
        "link": link,
        "company": company_name(),
        "days_left": str(days_left),
        "days_overdue": str(days_overdue),
    }


# The schedule ------------------------------------------------------------------------------

MAX_DAYS_BEFORE = 365
# Requests still waiting for the supplier's first file; every other state gets no reminder
# ("needs correction" and clarifications are conversations about a file that arrived).
REMINDED_STATES = frozenset({RequestState.INVITED, RequestState.OPENED})


class ReminderKind(StrEnum):
    BEFORE = "before"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class ReminderDecision:
    kind: ReminderKind
    days: int  # days left before the due date, or days overdue
    escalate: bool  # copy the supplier's other active contacts


def reminder_days_parse(text: str) -> tuple[int, ...]:
    """``"14,3"`` → ``(14, 3)``: whole days before the due date, largest first, without
    repeats. Commas, semicolons and spaces all separate; empty means no reminders before the
    due date. Raises ValueError with a message fit for a form field."""
    days: set[int] = set()
    for part in re.split(r"[,;\s]+", str(text or "").strip()):
        if not part:
            continue
        if not part.isascii() or not part.isdigit() or int(part) > MAX_DAYS_BEFORE:
            raise ValueError(
                _(
                    "“%(part)s” is not a number of days. Enter whole numbers from 0 to "
                    "%(max)s separated by commas, e.g. 14,3."
                )
                % {"part": part, "max": MAX_DAYS_BEFORE}
            )
        days.add(int(part))
    return tuple(sorted(days, reverse=True))


def reminder_due(
    *,
    due_date: date,
    reminder_days_before: str,
    overdue_every_days: int,
    escalate_after: int,
    invited_on: date | None,
    last_reminder_on: date | None,
    reminders_sent: int,
    state: str,
    today: date,
) -> ReminderDecision | None:
    """The reminder a request gets today, or None.

    1. Only requests invited before today and still waiting for the supplier's file
       (invited or opened) get reminders; the invitation itself covers its own day.
    2. At most one a day: nothing when a reminder already went out today.
    3. Before the due date (or on it): on each listed day, e.g. 14 and 3 days before.
    4. After it: every ``overdue_every_days`` days (7: one week after, two weeks after...);
       0 turns overdue reminders off.
    5. A missed day (no worker running) is not caught up, so a supplier never gets two
       reminders in a row; the next scheduled day sends the next one.
    6. ``escalate`` once ``escalate_after`` reminders went out before this one.
    """
    if state not in REMINDED_STATES or invited_on is None or invited_on >= today:
        return None
    if last_reminder_on is not None and last_reminder_on >= today:
        return None
    days_left = (due_date - today).days
    escalate = reminders_sent >= escalate_after
    if days_left >= 0:
        if days_left in reminder_days_parse(reminder_days_before):
            return ReminderDecision(ReminderKind.BEFORE, days_left, escalate)
        return None
    days_overdue = -days_left
    if overdue_every_days > 0 and days_overdue % overdue_every_days == 0:
        return ReminderDecision(ReminderKind.OVERDUE, days_overdue, escalate)
    return None
