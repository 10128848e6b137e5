"""Sign-in, password change and reset, and supplier-user invitations."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from suppliers.models import Supplier
from suppliers.roles import Role
from suppliers.selectors import roles_of
from tests.factories import PASSWORD, make_contact, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def link_in(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_in_with_a_wrong_password_says_so(client: Client, compliance_user) -> None:
    response = client.post(reverse("login"), {"username": "casey", "password": "nope"})
    assert "Please enter a correct username and password." in response.content.decode()
    response = client.post(reverse("login"), {"username": "casey", "password": PASSWORD})
    assert response["Location"] == reverse("home")


def test_sign_out_needs_a_post(compliance_client: Client) -> None:
    assert compliance_client.post(reverse("logout"))["Location"] == reverse("login")
    assert compliance_client.get(reverse("home")).status_code == 302


def test_password_change(compliance_client: Client, compliance_user) -> None:
    response = compliance_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-phrase-42",
            "new_password2": "a-much-longer-phrase-42",
        },
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    compliance_user.refresh_from_db()
    assert compliance_user.check_password("a-much-longer-phrase-42")


def test_password_reset_by_email(client: Client, compliance_user) -> None:
    client.post(reverse("accounts:password_reset"), {"email": "casey@example.com"})
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0])
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "reset-phrase-9876", "new_password2": "reset-phrase-9876"},
    )
    compliance_user.refresh_from_db()
    assert compliance_user.check_password("reset-phrase-9876")


def invite(client: Client, supplier: Supplier, **contact_fields: object) -> tuple[object, str]:
    contact = make_contact(supplier, "Pia Portal", email="pia@alpha.example.com", **contact_fields)
    response = client.post(reverse("suppliers:contact-invite", args=[contact.pk]), follow=True)
    return response, contact


def test_invitation_creates_an_inactive_supplier_user_and_mails_a_link(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    response, _contact = invite(compliance_client, supplier_a)

    assert "Invitation sent to pia@alpha.example.com." in response.content.decode()
    user = User.objects.get(username="pia@alpha.example.com")
    assert (user.is_active, user.is_staff, user.has_usable_password()) == (False, False, False)
    assert user.supplier_membership.supplier == supplier_a
    assert roles_of(user) == {Role.SUPPLIER}
    message = mail.outbox[0]
    assert message.to == ["pia@alpha.example.com"]
    assert message.subject == "Your supplier portal account for Alpha Metals"
    assert "The link works once and for 14 days." in message.body


def test_activation_sets_the_password_signs_in_and_spends_the_link(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    invite(compliance_client, supplier_a)
    link = link_in(mail.outbox[0])
    visitor = Client()

    page = visitor.get(link)
    assert (
        "You were invited to the supplier portal for <strong>Alpha Metals</strong>."
        in page.content.decode()
    )
    mismatch = visitor.post(link, {"new_password1": "portal-phrase-123", "new_password2": "other"})
    assert mismatch.context["form"].errors == {
        "new_password2": ["The two password fields didn’t match."]
    }

    done = visitor.post(
        link, {"new_password1": "portal-phrase-123", "new_password2": "portal-phrase-123"}
    )
    assert done["Location"] == reverse("portal:home")
    assert "Alpha Metals" in visitor.get(reverse("portal:home")).content.decode()
    user = User.objects.get(username="pia@alpha.example.com")
    assert user.is_active and user.check_password("portal-phrase-123")

    reused = Client().get(link)
    assert reused.status_code == 400
    assert (
        "This invitation link has already been used. Sign in, or reset your password."
        in reused.content.decode()
    )


def test_an_expired_invitation_says_to_ask_for_a_new_one(
    compliance_client: Client, supplier_a: Supplier, settings
) -> None:
    invite(compliance_client, supplier_a)
    link = link_in(mail.outbox[0])
    settings.INVITE_MAX_AGE_SECONDS = -1
    response = Client().get(link)
    assert response.status_code == 400
    assert (
        "This invitation link has expired. Ask your compliance contact to send a new one."
        in response.content.decode()
    )


def test_a_mangled_invitation_link_is_refused(client: Client) -> None:
    response = client.get(reverse("accounts:activate", args=["not-a-token"]))
    assert response.status_code == 400
    assert (
        "This invitation link is not valid. Check that you copied all of it."
        in response.content.decode()
    )


def test_inviting_again_before_activation_resends_a_fresh_link(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    _response, contact = invite(compliance_client, supplier_a)
    compliance_client.post(reverse("suppliers:contact-invite", args=[contact.pk]))
    assert len(mail.outbox) == 2
    assert User.objects.filter(username="pia@alpha.example.com").count() == 1


def test_an_active_account_or_another_suppliers_email_cannot_be_invited(
    compliance_client: Client, supplier_a: Supplier, supplier_b: Supplier
) -> None:
    make_user("pia@alpha.example.com", Role.SUPPLIER, supplier=supplier_b)
    response, _contact = invite(compliance_client, supplier_a)
    assert (
        "pia@alpha.example.com already has an account that is not this supplier’s."
        in response.content.decode().replace("&#x27;", "’")
    )
    assert mail.outbox == []


def test_inactive_contacts_cannot_be_invited(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    response, _contact = invite(compliance_client, supplier_a, is_active=False)
    assert "Only active contacts of active suppliers can be invited." in response.content.decode()
    assert not User.objects.filter(username="pia@alpha.example.com").exists()


def test_the_supplier_page_shows_each_contacts_portal_state(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    detail = reverse("suppliers:detail", args=[supplier_a.pk])
    assert "Invite to portal" in compliance_client.get(detail).content.decode()
    invite(compliance_client, supplier_a)
    page = compliance_client.get(detail).content.decode()
    assert "not yet activated" in page and "Resend invitation" in page
    user = User.objects.get(username="pia@alpha.example.com")
    user.is_active = True
    user.save()
    page = compliance_client.get(detail).content.decode()
    assert "active account" in page and page.count("Invite to portal") == 1  # only Ada left
