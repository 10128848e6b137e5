"""The review queue and decide pages: who may see and decide, and the POST flow."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from cmrt.matching import MatchMethod, MatchStatus
from cmrt.models import SmelterNameDecision
from tests.cmrt.matching.records import make_record, make_smelter, make_submission

pytestmark = pytest.mark.django_db

QUEUE = reverse("cmrt:review_queue")
DECIDE = reverse("cmrt:review_decide") + "?" + urlencode({"metal": "Gold", "name": "goldenstar"})
CANDIDATES = [
    {"cid": "CID000003", "name": "Golden Star", "country": "China", "score": 100.0},
    {"cid": "CID000004", "name": "Golden Star", "country": "Japan", "score": 100.0},
]


@pytest.fixture
def open_item(supplier_a):
    make_smelter("CID000003", "Gold", "Golden Star", "China")
    make_smelter("CID000004", "Gold", "Golden Star", "Japan")
    make_smelter("CID000009", "Tin", "Tin Star", "Peru")
    submission = make_submission(supplier_a, "alpha.xlsx")
    return make_record(
        submission, 5, "Golden Star", match_note="Two smelters.", candidates=CANDIDATES
    )


def test_compliance_sees_the_queue_with_candidates(compliance_client: Client, open_item) -> None:
    response = compliance_client.get(QUEUE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Golden Star" in page
    assert "CID000003 Golden Star (China) · 100%" in page
    assert f'href="{DECIDE.replace("&", "&amp;")}"' in page
    assert (
        "Nothing waits for review." in compliance_client.get(QUEUE + "?metal=Tin").content.decode()
    )


def test_compliance_sees_the_decide_form(compliance_client: Client, open_item) -> None:
    response = compliance_client.get(DECIDE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Save decision" in page and "Not a listed smelter" in page
    assert "alpha.xlsx" in page and "Two smelters." in page


def test_compliance_decides_for_a_candidate(compliance_client: Client, open_item) -> None:
    response = compliance_client.post(DECIDE, {"choice": "CID000004", "note": "Asked them."})
    assert response.status_code == 302
    assert response.url == QUEUE + "?metal=Gold"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        '"Golden Star" is now CID000004; 1 row updated.'
    ]
    open_item.refresh_from_db()
    assert (open_item.reference.cid, open_item.match_method, open_item.match_status) == (
        "CID000004",
        MatchMethod.LEARNED,
        MatchStatus.MATCHED,
    )
    assert SmelterNameDecision.objects.get().note == "Asked them."
    assert compliance_client.get(DECIDE).status_code == 404  # settled: no longer open


def test_compliance_decides_not_a_listed_smelter(compliance_client: Client, open_item) -> None:
    response = compliance_client.post(DECIDE, {"choice": "none"})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        '"Golden Star" is not a listed smelter; 1 row updated.'
    ]
    open_item.refresh_from_db()
    assert (open_item.reference, open_item.match_status) == (None, MatchStatus.UNMATCHED)


def test_another_cid_is_checked(compliance_client: Client, open_item) -> None:
    response = compliance_client.post(DECIDE, {"choice": "other", "cid": ""})
    assert response.status_code == 200
    assert "Enter the smelter ID, or choose another option." in response.content.decode()
    response = compliance_client.post(DECIDE, {"choice": "other", "cid": "CID000009"})
    assert response.status_code == 200
    assert "CID000009 is a Tin smelter, not Gold." in response.content.decode()
    assert not SmelterNameDecision.objects.exists()
    response = compliance_client.post(DECIDE, {"choice": "other", "cid": "cid000003"})
    assert response.status_code == 302
    open_item.refresh_from_db()
    assert open_item.reference.cid == "CID000003"


def test_committee_views_but_cannot_decide(committee_client: Client, open_item) -> None:
    assert committee_client.get(QUEUE).status_code == 200
    page = committee_client.get(DECIDE)
    assert page.status_code == 200
    assert "Save decision" not in page.content.decode()
    assert committee_client.post(DECIDE, {"choice": "CID000003"}).status_code == 403
    assert not SmelterNameDecision.objects.exists()


def test_supplier_users_get_404(supplier_a_client: Client, open_item) -> None:
    assert supplier_a_client.get(QUEUE).status_code == 404
    assert supplier_a_client.get(DECIDE).status_code == 404
    assert supplier_a_client.post(DECIDE, {"choice": "CID000003"}).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client: Client, open_item) -> None:
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_unknown_item_is_404(compliance_client: Client, open_item) -> None:
    unknown = reverse("cmrt:review_decide") + "?metal=Gold&name=nothing"
    assert compliance_client.get(unknown).status_code == 404
