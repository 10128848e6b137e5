"""The signed request link: opened mark for its own account only; sign-in first; a page
for expired and broken links."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from suppliers.models import Campaign, CampaignRequest, RequestEvent, Supplier
from suppliers.request_links import LINK_MAX_AGE_SECONDS, request_link_make
from tests.conftest import logged_in
from tests.suppliers.mail.conftest import invited, request_for

State = CampaignRequest.State


def portal_page(pk: int) -> str:
    try:
        return reverse("portal:request", args=[pk])
    except NoReverseMatch:  # until the portal's request page exists
        return reverse("portal:home")


@pytest.fixture
def request_a(campaign: Campaign, supplier_a: Supplier) -> CampaignRequest:
    return invited(campaign, supplier_a)


@pytest.fixture
def url(request_a: CampaignRequest, ada_user) -> str:
    return reverse("links:open", args=[request_link_make(request_a.pk, ada_user.pk)])


def test_the_link_marks_the_request_opened_and_shows_it(
    request_a: CampaignRequest, ada_user, url: str
) -> None:
    response = logged_in(ada_user).get(url)

    assert response.status_code == 302
    assert response["Location"] == portal_page(request_a.pk)
    request_a.refresh_from_db()
    assert request_a.state == State.OPENED
    assert request_a.opened_at is not None
    [event] = RequestEvent.objects.filter(request=request_a)
    assert (event.kind, event.from_state, event.to_state, event.by) == (
        "state",
        "invited",
        "opened",
        ada_user,
    )


def test_opening_again_keeps_the_first_time(request_a: CampaignRequest, ada_user, url: str) -> None:
    client = logged_in(ada_user)
    client.get(url)
    request_a.refresh_from_db()
    first = request_a.opened_at

    assert client.get(url).status_code == 302

    request_a.refresh_from_db()
    assert (request_a.state, request_a.opened_at) == (State.OPENED, first)
    assert RequestEvent.objects.filter(request=request_a).count() == 1


def test_a_request_further_along_keeps_its_state(
    request_a: CampaignRequest, ada_user, url: str
) -> None:
    request_a.state = State.SUBMITTED
    request_a.save()

    assert logged_in(ada_user).get(url).status_code == 302

    request_a.refresh_from_db()
    assert request_a.state == State.SUBMITTED
    assert request_a.opened_at is not None


def test_anonymous_visitors_sign_in_first(url: str, request_a: CampaignRequest) -> None:
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=" + quote(url, safe="/")
    request_a.refresh_from_db()
    assert request_a.state == State.INVITED


@pytest.mark.parametrize("who", ["supplier_a_user", "supplier_b_user", "compliance_user"])
def test_another_account_gets_404(request, url: str, request_a: CampaignRequest, who: str) -> None:
    user = request.getfixturevalue(who)

    assert logged_in(user).get(url).status_code == 404

    request_a.refresh_from_db()
    assert (request_a.state, request_a.opened_at) == (State.INVITED, None)


def test_a_link_to_another_supplier_s_request_gets_404(
    campaign: Campaign, supplier_b: Supplier, ada_user
) -> None:
    other = request_for(campaign, supplier_b, state=State.INVITED)
    url = reverse("links:open", args=[request_link_make(other.pk, ada_user.pk)])

    assert logged_in(ada_user).get(url).status_code == 404


def test_an_expired_link_says_so_and_offers_the_portal(
    monkeypatch, url: str, ada_user, request_a: CampaignRequest
) -> None:
    later = time.time() + LINK_MAX_AGE_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)

    for client in (Client(), logged_in(ada_user)):
        response = client.get(url)
        assert response.status_code == 410
        assert response.context["problem"] == (
            "This link has expired. Sign in to the supplier portal to find the request, or ask "
            "your compliance contact to send the request again."
        )
        assert f'href="{reverse("portal:home")}"' in response.content.decode()
    request_a.refresh_from_db()
    assert request_a.state == State.INVITED


def test_a_broken_link_says_so(ada_user) -> None:
    response = logged_in(ada_user).get(reverse("links:open", args=["not-a-token"]))

    assert response.status_code == 404
    assert response.context["problem"] == (
        "This link is not valid. Check that you copied all of it."
    )
