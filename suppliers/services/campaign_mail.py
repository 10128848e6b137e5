"""Campaign mails: invitations with a signed request link (a contact without a portal
account gets the account activation mail too), one-click resends, and the daily reminders
that Celery beat runs (``suppliers.tasks.campaign_reminders``).

Every mail is recorded as a RequestEvent naming its recipients. A mail is sent inside the
transaction that records it: when sending fails nothing is recorded, so the action can
simply be repeated.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from suppliers.campaign_mail import (
    DEFAULT_INVITATION_BODY,
    DEFAULT_INVITATION_SUBJECT,
    mail_render,
    mail_values,
)
from suppliers.models import (
    Campaign,
    CampaignRequest,
    Contact,
    RequestEvent,
    SupplierMembership,
    UserPreference,
)
from suppliers.request_links import request_link_make
from suppliers.services.accounts import InvitationError, supplier_user_invite
from suppliers.services.campaigns import request_transition

logger = logging.getLogger(__name__)

State = CampaignRequest.State


class CampaignMailError(Exception):
    """A campaign mail cannot be sent; the message says why."""


@dataclass(frozen=True)
class InviteOutcome:
    recipient: str
    link: str
    resent: bool  # False: the request moved from "not sent" to "invited"
    account_invited: bool  # the contact had no usable account: an activation mail went too


@dataclass(frozen=True)
class InviteAllCounts:
    invited: int
    skipped: int  # already invited, or further along
    failed: int
    problems: tuple[str, ...]  # "Supplier: why", one per failure


def _activation_note() -> str:
    return _(
        "You do not have a portal account yet: we have sent you a separate e-mail to "
        "activate one. Please activate your account first, then open the link above."
    )


# Helpers ------------------------------------------------------------------------------------


def _active_contacts(request: CampaignRequest) -> list[Contact]:
    """The supplier's active contacts with an e-mail address, the primary one first."""
    contacts = request.supplier.contacts.filter(is_active=True).exclude(email="")
    return sorted(contacts, key=lambda c: (not c.is_primary, c.name.lower(), c.pk))


def _portal_user(contact: Contact) -> AbstractUser | None:
    """The supplier user created for this contact (or with its e-mail), if any."""
    membership = (
        SupplierMembership.objects.filter(supplier_id=contact.supplier_id)
        .filter(Q(contact=contact) | Q(user__username__iexact=contact.email.strip()))
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _can_sign_in(user: AbstractUser) -> bool:
    return user.is_active and user.has_usable_password()


def _request_url(request: CampaignRequest, user: AbstractUser | None) -> str:
    if user is None:
        # A contact who became primary after the invitation and has no account: the portal
        # home still leads them to sign-in (or to ask us for an account).
        return settings.SITE_URL + reverse("portal:home")
    token = request_link_make(request.pk, user.pk)
    return settings.SITE_URL + reverse("links:open", args=[token])


def _send(subject: str, body: str, to: Sequence[str], cc: Sequence[str] = ()) -> None:
    # Subjects are single header lines; a typed text or a name must never break that.
    subject = " ".join(subject.split())
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        cc=list(cc),
    ).send()


def mail_language(contact: Contact) -> str:
    """The language a supplier's mail is written in: what the contact's portal account
    chose, else Japanese for a supplier in Japan, else the site's language."""
    chosen = (
        UserPreference.objects.filter(user__supplier_membership__contact=contact)
        .exclude(language="")
        .values_list("language", flat=True)
        .first()
    )
    if chosen:
        return chosen
    return "ja" if contact.supplier.country == "JP" else settings.LANGUAGE_CODE


def _values(request: CampaignRequest, contact: Contact, link: str, **days: int) -> dict:
    campaign = request.campaign
    return mail_values(
        supplier=request.supplier.name,
        contact=contact.name,
        campaign=campaign.name,
        reporting_year=campaign.reporting_year,
        due_date=campaign.due_date,
        link=link,
        **days,
    )


# Invitations --------------------------------------------------------------------------------


def request_invite(request: CampaignRequest, *, by: AbstractUser) -> InviteOutcome:
    """Invite the supplier's primary active contact to answer this request.

    A request already invited (or opened) is sent again without a change of state
    (``request_resend``); one further along is refused with a message.
    """
    if request.state in (State.INVITED, State.OPENED):
        return request_resend(request, by=by)
    if request.state != State.NOT_SENT:
        raise CampaignMailError(
            _("This request is “%(state)s”: there is nothing to invite the supplier to.")
            % {"state": request.get_state_display()}
        )
    return _invite(request, by=by, resend=False)


def request_resend(request: CampaignRequest, *, by: AbstractUser) -> InviteOutcome:
    """Send the invitation again (one click), with a fresh link; the state stays."""
    if request.state not in (State.INVITED, State.OPENED):
        raise CampaignMailError(
            _("Only invited or opened requests can be sent again; this one is “%(state)s”.")
            % {"state": request.get_state_display()}
        )
    return _invite(request, by=by, resend=True)


def _invite(request: CampaignRequest, *, by: AbstractUser, resend: bool) -> InviteOutcome:
    """1. Refuse closed campaigns, inactive suppliers and suppliers nobody can be mailed at.
    2. A contact without a usable account gets one (``supplier_user_invite`` sends the
       activation mail); a not yet activated account gets a fresh activation mail.
    3. The invitation carries a link signed for that account, which opens the request
       once the contact is signed in.
    4. Move the request to "invited" (not on a resend), record the mail, send it."""
    campaign, supplier = request.campaign, request.supplier
    if campaign.status == Campaign.Status.CLOSED:
        raise CampaignMailError(
            _("The campaign “%(campaign)s” is closed.") % {"campaign": campaign.name}
        )
    if not supplier.is_active:
        raise CampaignMailError(_("%(supplier)s is inactive.") % {"supplier": supplier.name})
    contacts = _active_contacts(request)
    if not contacts:
        raise CampaignMailError(
            _("%(supplier)s has no active contact with an e-mail address. Add one first.")
            % {"supplier": supplier.name}
        )
    contact = contacts[0]
    recipient = contact.email.strip()
    with transaction.atomic():
        user = _portal_user(contact)
        account_invited = user is None or not _can_sign_in(user)
        if account_invited:
            try:
                user = supplier_user_invite(contact, by=by).user
            except InvitationError as exc:
                raise CampaignMailError(str(exc)) from exc
        link = _request_url(request, user)
        with translation.override(mail_language(contact)):
            values = _values(request, contact, link)
            subject = mail_render(campaign.invitation_subject or DEFAULT_INVITATION_SUBJECT, values)
            body = mail_render(campaign.invitation_body or DEFAULT_INVITATION_BODY, values)
            if account_invited:
                body = f"{body.rstrip()}\n\n{_activation_note()}\n"
        note = (
            _("Invitation sent again to %(to)s.") if resend else _("Invitation sent to %(to)s.")
        ) % {"to": recipient}
        if account_invited:
            note += " " + _("An account activation mail was sent too.")
        if resend:
            RequestEvent.objects.create(
                request=request, kind=RequestEvent.Kind.INVITATION, by=by, note=note
            )
        else:
            # One event tells both: the request became "invited" by this mail.
            try:
                request_transition(
                    request, State.INVITED, by=by, note=note, kind=RequestEvent.Kind.INVITATION
                )
            except ValueError as exc:  # the state changed meanwhile
                raise CampaignMailError(str(exc)) from exc
        _send(subject, body, [recipient])
    return InviteOutcome(
        recipient=recipient, link=link, resent=resend, account_invited=account_invited
    )


def campaign_invite_all(campaign: Campaign, by: AbstractUser) -> InviteAllCounts:
    """Invite every request of the campaign that was not sent yet; the others are left
    alone (a resend is a deliberate, single action). One failure does not stop the rest."""
    invited = skipped = failed = 0
    problems: list[str] = []
    requests = campaign.requests.select_related("campaign", "supplier").order_by("supplier__name")
    for request in requests:
        if request.state != State.NOT_SENT:
            skipped += 1
            continue
        try:
            request_invite(request, by=by)
        except CampaignMailError as exc:
            failed += 1
            problems.append(f"{request.supplier.name}: {exc}")
        except OSError as exc:  # the mail server refused or is unreachable
            logger.warning("Invitation for request %s not sent: %s", request.pk, exc)
            failed += 1
            problems.append(
                f"{request.supplier.name}: " + _("the mail could not be sent; try again later.")
            )
        else:
            invited += 1
    return InviteAllCounts(
        invited=invited, skipped=skipped, failed=failed, problems=tuple(problems)
    )


# The signed link ----------------------------------------------------------------------------


def request_open(*, request_id: int, link_user_id: int, user: AbstractUser) -> CampaignRequest:
    """The request a valid link names, marked opened, for the account the link was sent to.

    Raises CampaignRequest.DoesNotExist when the signed-in user is another account (the
    link is single-account), no longer belongs to the request's supplier, or the request
    is gone. The first opening of an invited request moves it to "opened"; ``opened_at``
    keeps the first time the link was used."""
    if user.pk != link_user_id:
        raise CampaignRequest.DoesNotExist
    with transaction.atomic():
        request = (
            CampaignRequest.objects.select_for_update()
            .filter(supplier__memberships__user=user)
            .get(pk=request_id)
        )
        if request.state == State.INVITED:
            request_transition(request, State.OPENED, by=user)  # stamps opened_at
        elif request.opened_at is None:
            # Already further along (e.g. a file came another way): keep the first use.
            request.opened_at = timezone.now()
            request.save(update_fields=["opened_at", "updated_at"])
    return request
