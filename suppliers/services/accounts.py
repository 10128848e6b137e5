"""Supplier-user accounts: invitation by e-mail and activation through a signed link."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from suppliers.invitations import (
    AccountState,
    TokenProblem,
    invitation_token_make,
    invitation_token_problem,
    invitation_token_user_id,
)
from suppliers.models import Contact, SupplierMembership
from suppliers.roles import Role
from suppliers.services.registry import user_set_roles

User = get_user_model()


class InvitationError(Exception):
    """A supplier user cannot be invited; the message says why."""


@dataclass(frozen=True)
class Invitation:
    user: AbstractUser
    link: str
    created: bool


def _account_state(user: AbstractUser) -> AccountState:
    return AccountState(
        user_id=user.pk,
        password_hash=user.password,
        is_active=user.is_active,
        last_login_iso=user.last_login.isoformat() if user.last_login else "",
    )


def supplier_user_invite(contact: Contact, *, by: AbstractUser) -> Invitation:
    """Create (or refresh) a portal account for a contact and e-mail an activation link.

    1. Refuse inactive contacts and suppliers, and e-mails that already belong to another
       organisation or to staff.
    2. Create the user inactive with no usable password, as a *Supplier user* member
       of the contact's supplier (or reuse the not-yet-activated one).
    3. Send the signed, expiring link; it stops working once the account is activated.
    """
    if not contact.is_active or not contact.supplier.is_active:
        raise InvitationError(_("Only active contacts of active suppliers can be invited."))
    email = contact.email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(username__iexact=email).first()
        created = user is None
        if user is None:
            user = User(username=email, email=email, is_active=False)
            user.first_name, _sep, user.last_name = contact.name.partition(" ")
            user.set_unusable_password()
            user.save()
            user_set_roles(user, [Role.SUPPLIER])
            SupplierMembership.objects.create(user=user, supplier=contact.supplier, contact=contact)
        else:
            membership = SupplierMembership.objects.filter(user=user).first()
            if membership is None or membership.supplier_id != contact.supplier_id:
                raise InvitationError(
                    _("%(email)s already has an account that is not this supplier's.")
                    % {"email": email}
                )
            if user.is_active and user.has_usable_password():
                raise InvitationError(
                    _("%(email)s already has an active portal account.") % {"email": email}
                )
        SupplierMembership.objects.filter(user=user).update(
            invited_by=by, invited_at=timezone.now()
        )
    link = settings.SITE_URL + reverse(
        "accounts:activate", args=[invitation_token_make(_account_state(user))]
    )
    context = {
        "contact": contact,
        "supplier": contact.supplier,
        "link": link,
        "days": settings.INVITE_MAX_AGE_SECONDS // 86400,
        "inviter": by.get_full_name() or by.get_username(),
    }
    send_mail(
        subject=render_to_string("suppliers/email/invite_subject.txt", context).strip(),
        message=render_to_string("suppliers/email/invite_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
    return Invitation(user=user, link=link, created=created)


INVITE_PROBLEM_MESSAGES = {
    TokenProblem.INVALID: gettext_noop(
        "This invitation link is not valid. Check that you copied all of it."
    ),
    TokenProblem.EXPIRED: gettext_noop(
        "This invitation link has expired. Ask your compliance contact to send a new one."
    ),
    TokenProblem.USED: gettext_noop(
        "This invitation link has already been used. Sign in, or reset your password."
    ),
}


def supplier_user_for_invitation(token: str) -> tuple[AbstractUser | None, str | None]:
    """The invited user and None, or None and the message explaining the bad link."""
    user_id = invitation_token_user_id(token)
    user = User.objects.filter(pk=user_id, supplier_membership__isnull=False).first()
    if user is None:
        return None, _(INVITE_PROBLEM_MESSAGES[TokenProblem.INVALID])
    problem = invitation_token_problem(
        token, _account_state(user), max_age=settings.INVITE_MAX_AGE_SECONDS
    )
    if problem is not None:
        return None, _(INVITE_PROBLEM_MESSAGES[problem])
    return user, None


def supplier_user_activate(user: AbstractUser, *, password: str) -> AbstractUser:
    """Set the chosen password and open the account (the link is then spent)."""
    if not hasattr(user, "supplier_membership"):
        raise ValidationError(_("Only invited supplier users can be activated this way."))
    with transaction.atomic():
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        SupplierMembership.objects.filter(user=user).update(activated_at=timezone.now())
    return user
