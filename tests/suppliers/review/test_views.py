from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from suppliers.finding_keys import finding_key_of
from suppliers.models import CampaignRequest, Clarification, FindingReview

State = CampaignRequest.State


def page_url(reviewable) -> str:
    return reverse("review:request", args=[reviewable.request.pk])


def key_of(reviewable) -> str:
    return finding_key_of(reviewable.submission.findings.order_by("position").first())


def test_anonymous_users_are_sent_to_sign_in(reviewable) -> None:
    response = Client().get(page_url(reviewable))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("client_name", ["supplier_a_client", "supplier_b_client"])
def test_supplier_users_get_404_even_for_their_own_request(
    request, reviewable, client_name
) -> None:
    client = request.getfixturevalue(client_name)
    assert client.get(page_url(reviewable)).status_code == 404
    url = reverse("review:decide", args=[reviewable.request.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 404


def test_compliance_sees_findings_score_and_actions(compliance_client, reviewable) -> None:
    response = compliance_client.get(page_url(reviewable))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Question 1 for Tungsten has no valid answer." in content
    assert "Supplier score" in content
    assert "2 errors, 1 warning" in content
    assert 'name="decision" value="reject"' in content
    assert reverse("review:finding_accept", args=[reviewable.request.pk]) in content
    assert reverse("review:ask", args=[reviewable.request.pk]) in content


def test_the_committee_reads_but_cannot_act(committee_client, reviewable) -> None:
    response = committee_client.get(page_url(reviewable))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Question 1 for Tungsten has no valid answer." in content
    assert 'name="decision"' not in content
    assert reverse("review:finding_accept", args=[reviewable.request.pk]) not in content
    for name in ("finding_accept", "ask", "decide"):
        url = reverse(f"review:{name}", args=[reviewable.request.pk])
        assert committee_client.post(url, {"decision": "accept"}).status_code == 403
    reviewable.request.refresh_from_db()
    assert reviewable.request.state == State.UNDER_REVIEW


def test_get_on_an_action_is_not_allowed(compliance_client, reviewable) -> None:
    url = reverse("review:decide", args=[reviewable.request.pk])
    assert compliance_client.get(url).status_code == 405


def test_accepting_a_finding_with_a_note(compliance_client, compliance_user, reviewable) -> None:
    url = reverse("review:finding_accept", args=[reviewable.request.pk])
    data = {
        "submission": reviewable.submission.pk,
        "finding_key": key_of(reviewable),
        "note": "Tungsten is not used.",
    }
    response = compliance_client.post(url, data, follow=True)
    assert response.redirect_chain == [(page_url(reviewable) + "#findings", 302)]
    review = FindingReview.objects.get()
    assert (review.note, review.by) == ("Tungsten is not used.", compliance_user)
    content = response.content.decode()
    assert "The finding is accepted as it is." in content
    assert "accepted as is" in content
    undo = reverse("review:finding_undo", args=[reviewable.request.pk])
    compliance_client.post(undo, data)
    assert not FindingReview.objects.exists()


def test_asking_and_resolving_through_the_page(compliance_client, reviewable) -> None:
    ask = reverse("review:ask", args=[reviewable.request.pk])
    response = compliance_client.post(
        ask,
        {
            "submission": reviewable.submission.pk,
            "finding_key": key_of(reviewable),
            "question": "Which tungsten smelters?",
        },
        follow=True,
    )
    assert "The question was sent to the supplier." in response.content.decode()
    clarification = Clarification.objects.get()
    assert clarification.finding_key == key_of(reviewable)
    assert [m.to for m in mail.outbox] == [["ada@alpha.example.com"]]
    reviewable.request.refresh_from_db()
    assert reviewable.request.state == State.CLARIFICATION

    resolve = reverse("review:resolve", args=[reviewable.request.pk, clarification.pk])
    response = compliance_client.post(resolve, {"resolution": ""}, follow=True)
    assert "Enter how the question was resolved." in response.content.decode()
    compliance_client.post(resolve, {"resolution": "Settled by phone."})
    clarification.refresh_from_db()
    assert clarification.resolution == "Settled by phone."
    reviewable.request.refresh_from_db()
    assert reviewable.request.state == State.UNDER_REVIEW


def test_a_clarification_of_another_request_is_404(
    compliance_client, reviewable, supplier_b
) -> None:
    from tests.suppliers.review.conftest import make_reviewable

    other = make_reviewable(supplier_b, campaign=reviewable.request.campaign, findings=False)
    clarification = Clarification.objects.create(request=other.request, question="?")
    url = reverse("review:resolve", args=[reviewable.request.pk, clarification.pk])
    assert compliance_client.post(url, {"resolution": "x"}).status_code == 404


def test_rejecting_without_a_reason_says_why_and_changes_nothing(
    compliance_client, reviewable
) -> None:
    url = reverse("review:decide", args=[reviewable.request.pk])
    response = compliance_client.post(url, {"decision": "reject", "reason": ""}, follow=True)
    assert (
        "Enter a reason for rejecting the submission: the supplier reads it to correct the file."
        in response.content.decode()
    )
    reviewable.request.refresh_from_db()
    assert reviewable.request.state == State.UNDER_REVIEW


def test_rejecting_and_then_a_refused_second_decision(compliance_client, reviewable) -> None:
    url = reverse("review:decide", args=[reviewable.request.pk])
    response = compliance_client.post(
        url, {"decision": "reject", "reason": "Fill in Q1."}, follow=True
    )
    assert "The submission was sent back to the supplier for correction." in (
        response.content.decode()
    )
    reviewable.request.refresh_from_db()
    assert (reviewable.request.state, reviewable.request.decision_reason) == (
        State.REJECTED,
        "Fill in Q1.",
    )
    response = compliance_client.post(url, {"decision": "accept"}, follow=True)
    assert "cannot become" in response.content.decode()
    reviewable.request.refresh_from_db()
    assert reviewable.request.state == State.REJECTED


def test_accepting_the_submission(compliance_client, reviewable) -> None:
    url = reverse("review:decide", args=[reviewable.request.pk])
    response = compliance_client.post(url, {"decision": "accept", "reason": ""}, follow=True)
    assert "The submission is accepted." in response.content.decode()
    reviewable.request.refresh_from_db()
    assert reviewable.request.state == State.ACCEPTED
