"""Invitations: the exact mail, the account activation for first-time contacts, resends,
refusals, and inviting a whole campaign."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from suppliers.models import Campaign, CampaignRequest, Contact, RequestEvent, Supplier
from suppliers.request_links import request_link_make
from suppliers.services.campaign_mail import (
    CampaignMailError,
    InviteAllCounts,
    InviteOutcome,
    campaign_invite_all,
    request_invite,
    request_resend,
)
from tests.factories import make_contact, make_supplier
from tests.suppliers.mail.conftest import invited, portal_account, request_for

State = CampaignRequest.State


def expected_body(contact: str, link: str) -> str:
    return f"""Dear {contact},

As part of our conflict minerals due diligence, we ask Alpha Metals for its declaration in
the RMI Conflict Minerals Reporting Template (CMRT) for the reporting year 2025
(CMRT 2025).

Please upload your completed CMRT by 31 May 2026 in our supplier portal:
{link}

The portal checks your file as soon as you upload it and shows whether anything is
missing. The link is personal to your portal account; please do not forward it.

If someone else at Alpha Metals answers such requests, please reply with their name and
e-mail address.

Kind regards,
The compliance team of Example Devices Inc.
"""


def link_for(request: CampaignRequest, user: AbstractUser) -> str:
    return f"https://dd.example.com/r/{request_link_make(request.pk, user.pk)}/"


def events(request: CampaignRequest) -> list[tuple[str, str, str, str]]:
    return [
        (e.kind, e.from_state, e.to_state, e.note)
        for e in RequestEvent.objects.filter(request=request)
    ]


def test_a_contact_with_an_account_gets_the_invitation_with_a_signed_link(
    request_a: CampaignRequest, ada_user, compliance_user, mailoutbox, fixed_signing_time
) -> None:
    outcome = request_invite(request_a, by=compliance_user)

    link = link_for(request_a, ada_user)
    assert outcome == InviteOutcome(
        recipient="ada@alpha.example.com", link=link, resent=False, account_invited=False
    )
    [mail] = mailoutbox
    assert mail.subject == (
        "Conflict minerals declaration (CMRT) for 2025: please reply by 31 May 2026"
    )
    assert mail.from_email == "compliance@example.com"
    assert (mail.to, mail.cc) == (["ada@alpha.example.com"], [])
    assert mail.body == expected_body("Ada Alpha", link)
    request_a.refresh_from_db()
    assert request_a.state == State.INVITED
    assert request_a.invited_at is not None
    assert events(request_a) == [
        ("invitation", "not_sent", "invited", "Invitation sent to ada@alpha.example.com.")
    ]


def test_a_first_time_contact_gets_an_activation_mail_and_the_invitation(
    request_a: CampaignRequest, compliance_user, mailoutbox, fixed_signing_time
) -> None:
    outcome = request_invite(request_a, by=compliance_user)

    user = get_user_model().objects.get(username="ada@alpha.example.com")
    assert not user.is_active and user.supplier_membership.supplier == request_a.supplier
    assert outcome.account_invited is True
    activation, invitation = mailoutbox
    assert activation.subject == "Your supplier portal account for Alpha Metals"
    assert "/accounts/activate/" in activation.body
    assert invitation.to == ["ada@alpha.example.com"]
    assert invitation.body == expected_body("Ada Alpha", link_for(request_a, user)) + (
        "\nYou do not have a portal account yet: we have sent you a separate e-mail to "
        "activate one. Please activate your account first, then open the link above.\n"
    )
    assert events(request_a) == [
        (
            "invitation",
            "not_sent",
            "invited",
            "Invitation sent to ada@alpha.example.com. An account activation mail was sent too.",
        )
    ]


def test_a_campaign_s_own_texts_replace_the_defaults(
    request_a: CampaignRequest, ada_user, compliance_user, mailoutbox
) -> None:
    campaign = request_a.campaign
    campaign.invitation_subject = "{company} needs your CMRT {reporting_year}"
    campaign.invitation_body = "Hi {contact} at {supplier}, by {due_date}: {link} {typo}"
    campaign.save()

    outcome = request_invite(request_a, by=compliance_user)

    [mail] = mailoutbox
    assert mail.subject == "Example Devices Inc. needs your CMRT 2025"
    assert mail.body == f"Hi Ada Alpha at Alpha Metals, by 31 May 2026: {outcome.link} {{typo}}"


def test_inviting_again_resends_without_a_change_of_state(
    campaign: Campaign, supplier_a: Supplier, ada_user, compliance_user, mailoutbox
) -> None:
    request = invited(campaign, supplier_a)
    first_invited_at = request.invited_at

    outcome = request_invite(request, by=compliance_user)
    request_resend(request, by=compliance_user)

    assert outcome.resent is True
    assert len(mailoutbox) == 2
    request.refresh_from_db()
    assert (request.state, request.invited_at) == (State.INVITED, first_invited_at)
    assert events(request) == [
        ("invitation", "", "", "Invitation sent again to ada@alpha.example.com."),
        ("invitation", "", "", "Invitation sent again to ada@alpha.example.com."),
    ]


def test_a_resend_needs_an_invited_request(request_a: CampaignRequest, compliance_user) -> None:
    with pytest.raises(CampaignMailError) as caught:
        request_resend(request_a, by=compliance_user)
    assert str(caught.value) == (
        "Only invited or opened requests can be sent again; this one is “not sent”."
    )


def test_it_goes_to_the_primary_contact_else_the_first_active_one(
    campaign: Campaign, compliance_user, mailoutbox
) -> None:
    supplier = make_supplier("Gamma Tin")
    make_contact(supplier, "Zoe Zed", email="zoe@gamma.example.com")
    make_contact(supplier, "Al Able", email="al@gamma.example.com")
    make_contact(supplier, "Old Primary", email="old@gamma.example.com", is_active=False)

    outcome = request_invite(request_for(campaign, supplier), by=compliance_user)

    assert outcome.recipient == "al@gamma.example.com"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("no_contact", "Gamma Tin has no active contact with an e-mail address. Add one first."),
        (
            "inactive_contact",
            "Gamma Tin has no active contact with an e-mail address. Add one first.",
        ),
        ("inactive_supplier", "Gamma Tin is inactive."),
        ("closed", "The campaign “CMRT 2025” is closed."),
        ("submitted", "This request is “submitted”: there is nothing to invite the supplier to."),
    ],
)
def test_it_refuses_with_a_clear_message(
    campaign: Campaign, compliance_user, mailoutbox, setup: str, message: str
) -> None:
    supplier = make_supplier("Gamma Tin")
    request = request_for(campaign, supplier)
    if setup != "no_contact":
        make_contact(
            supplier, "Gus", email="gus@gamma.example.com", is_active=setup != "inactive_contact"
        )
    if setup == "inactive_supplier":
        supplier.status = Supplier.Status.INACTIVE
        supplier.save()
    if setup == "closed":
        campaign.status = Campaign.Status.CLOSED
        campaign.save()
    if setup == "submitted":
        request.state = State.SUBMITTED
        request.save()

    with pytest.raises(CampaignMailError) as caught:
        request_invite(request, by=compliance_user)

    assert str(caught.value) == message
    assert mailoutbox == []
    assert not RequestEvent.objects.filter(request=request).exists()


def test_an_e_mail_of_another_supplier_s_account_is_refused_and_nothing_is_recorded(
    request_a: CampaignRequest, supplier_b: Supplier, compliance_user, mailoutbox
) -> None:
    ada = Contact.objects.get(email="ada@alpha.example.com")
    # The same person answers for Beta Circuits and already has that supplier's account.
    portal_account(make_contact(supplier_b, "Ada at Beta", email=ada.email))

    with pytest.raises(CampaignMailError) as caught:
        request_invite(request_a, by=compliance_user)

    assert str(caught.value) == (
        "ada@alpha.example.com already has an account that is not this supplier's."
    )
    request_a.refresh_from_db()
    assert request_a.state == State.NOT_SENT
    assert mailoutbox == []


def test_invite_all_invites_what_was_not_sent_and_reports_the_rest(
    campaign: Campaign, supplier_a: Supplier, supplier_b: Supplier, compliance_user, mailoutbox
) -> None:
    request_for(campaign, supplier_a)
    request_for(campaign, supplier_b)
    request_for(campaign, make_supplier("Gamma Tin"))
    invited(campaign, make_supplier("Delta Wolfram"))

    counts = campaign_invite_all(campaign, by=compliance_user)

    assert counts == InviteAllCounts(
        invited=2,
        skipped=1,
        failed=1,
        problems=(
            "Gamma Tin: Gamma Tin has no active contact with an e-mail address. Add one first.",
        ),
    )
    # An activation and an invitation each for Alpha and Beta (no accounts yet).
    assert sorted(m.to[0] for m in mailoutbox) == [
        "ada@alpha.example.com",
        "ada@alpha.example.com",
        "ben@beta.example.com",
        "ben@beta.example.com",
    ]
    states = dict(campaign.requests.values_list("supplier__name", "state"))
    assert states == {
        "Alpha Metals": "invited",
        "Beta Circuits": "invited",
        "Gamma Tin": "not_sent",
        "Delta Wolfram": "invited",
    }


def test_a_supplier_in_japan_is_invited_in_japanese(
    campaign: Campaign, supplier_b: Supplier, compliance_user, mailoutbox
) -> None:
    request = request_for(campaign, supplier_b)  # Beta Circuits, Japan
    request_invite(request, by=compliance_user)
    invitation = mailoutbox[-1]
    assert invitation.to == ["ben@beta.example.com"]
    assert "様" in invitation.body and "年" in invitation.body  # addressed and dated in Japanese
    assert "Dear" not in invitation.body
