from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from suppliers.finding_keys import finding_key_of
from suppliers.models import CampaignRequest, Clarification, FindingReview, RequestEvent
from suppliers.services.review import (
    clarification_answer,
    clarification_ask,
    clarification_resolve,
    finding_accept,
    finding_accept_undo,
    submission_decide,
)
from tests.suppliers.review.conftest import Reviewable, make_reviewable

State = CampaignRequest.State


def first_key(reviewable: Reviewable) -> str:
    return finding_key_of(reviewable.submission.findings.order_by("position").first())


def test_accepting_a_finding_keeps_the_note_and_who(reviewable, compliance_user) -> None:
    key = first_key(reviewable)
    review = finding_accept(
        reviewable.submission, key, "  Tungsten is not used.  ", by=compliance_user
    )
    assert (review.finding_key, review.note, review.by) == (
        "code-0|Declaration|D27||",
        "Tungsten is not used.",
        compliance_user,
    )
    finding_accept(reviewable.submission, key, "Confirmed by phone.", by=compliance_user)
    assert list(FindingReview.objects.values_list("note", flat=True)) == ["Confirmed by phone."]


def test_accepting_an_unknown_finding_is_refused(reviewable, compliance_user) -> None:
    with pytest.raises(ValidationError) as caught:
        finding_accept(reviewable.submission, "nope||||", "", by=compliance_user)
    assert caught.value.messages == [
        "This finding is not in the submission (was the file read again?)."
    ]
    assert not FindingReview.objects.exists()


def test_undo_opens_the_finding_again(reviewable, compliance_user) -> None:
    key = first_key(reviewable)
    finding_accept(reviewable.submission, key, "ok", by=compliance_user)
    assert finding_accept_undo(reviewable.submission, key, by=compliance_user) is True
    assert finding_accept_undo(reviewable.submission, key, by=compliance_user) is False
    assert not FindingReview.objects.exists()


def test_asking_moves_the_request_and_mails_the_primary_contact(
    reviewable, compliance_user
) -> None:
    compliance_user.first_name, compliance_user.last_name = "Casey", "Compliance"
    request = reviewable.request
    clarification = clarification_ask(
        request,
        submission=reviewable.submission,
        finding_key=first_key(reviewable),
        question="Is tungsten really unknown?",
        by=compliance_user,
    )
    request.refresh_from_db()
    assert request.state == State.CLARIFICATION
    assert clarification.asked_by == compliance_user
    event = RequestEvent.objects.get(request=request, to_state=State.CLARIFICATION)
    assert (event.from_state, event.note) == (State.UNDER_REVIEW, "Is tungsten really unknown?")
    [message] = mail.outbox
    assert message.subject == "A question about your CMRT for CMRT 2025"
    assert message.to == ["ada@alpha.example.com"]
    assert message.from_email == "compliance@example.com"
    assert message.body == (
        "Hello Ada Alpha,\n\n"
        "Casey Compliance has a question about the conflict-minerals declaration (CMRT) that "
        "Alpha Metals sent for CMRT 2025:\n\n"
        "Is tungsten really unknown?\n\n"
        "Please answer it in the supplier portal:\n"
        f"https://dd.example.com/portal/requests/{request.pk}/\n"
    )


def test_a_second_question_keeps_the_state_and_a_checked_file_is_taken_into_review(
    supplier_a, compliance_user
) -> None:
    submitted = make_reviewable(supplier_a, state=State.SUBMITTED)
    for question in ("First?", "Second?"):
        clarification_ask(
            submitted.request,
            submission=submitted.submission,
            question=question,
            by=compliance_user,
        )
    states = RequestEvent.objects.filter(request=submitted.request).values_list(
        "from_state", "to_state"
    )
    assert list(states) == [
        (State.SUBMITTED, State.UNDER_REVIEW),
        (State.UNDER_REVIEW, State.CLARIFICATION),
    ]
    assert len(mail.outbox) == 2


def test_an_empty_question_is_refused(reviewable, compliance_user) -> None:
    with pytest.raises(ValidationError) as caught:
        clarification_ask(
            reviewable.request, submission=reviewable.submission, question=" ", by=compliance_user
        )
    assert caught.value.messages == ["Enter the question for the supplier."]
    assert not Clarification.objects.exists()


def test_only_a_user_of_that_supplier_may_answer(
    reviewable, compliance_user, supplier_b_user, supplier_a_user
) -> None:
    clarification = clarification_ask(
        reviewable.request, submission=None, question="Why?", by=compliance_user
    )
    mail.outbox.clear()
    with pytest.raises(PermissionDenied):
        clarification_answer(clarification, "Because.", by=supplier_b_user)
    with pytest.raises(PermissionDenied):
        clarification_answer(clarification, "Because.", by=compliance_user)
    clarification.refresh_from_db()
    assert clarification.answer == ""
    assert mail.outbox == []


def test_the_supplier_answers_and_the_asker_is_told(
    reviewable, compliance_user, supplier_a_user
) -> None:
    request = reviewable.request
    clarification = clarification_ask(request, submission=None, question="Why?", by=compliance_user)
    mail.outbox.clear()
    clarification_answer(clarification, " We checked again. ", by=supplier_a_user)
    clarification.refresh_from_db()
    assert (clarification.answer, clarification.answered_by) == (
        "We checked again.",
        supplier_a_user,
    )
    assert clarification.answered_at is not None
    [message] = mail.outbox
    assert message.subject == "Alpha Metals answered your question"
    assert message.to == ["casey@example.com"]
    assert f"https://dd.example.com/review/{request.pk}/" in message.body
    assert "We checked again." in message.body


def test_resolving_the_last_question_returns_the_request_to_review(
    reviewable, compliance_user
) -> None:
    request = reviewable.request
    first = clarification_ask(request, submission=None, question="One?", by=compliance_user)
    second = clarification_ask(request, submission=None, question="Two?", by=compliance_user)
    clarification_resolve(first, "Answered on the phone.", by=compliance_user)
    request.refresh_from_db()
    assert request.state == State.CLARIFICATION
    clarification_resolve(second, "Not needed.", by=compliance_user)
    request.refresh_from_db()
    assert request.state == State.UNDER_REVIEW
    first.refresh_from_db()
    assert (first.resolution, first.resolved_by) == ("Answered on the phone.", compliance_user)
    with pytest.raises(ValidationError) as caught:
        clarification_resolve(first, "Again.", by=compliance_user)
    assert caught.value.messages == ["This question is already resolved."]


def test_a_rejection_needs_a_reason(reviewable, compliance_user) -> None:
    with pytest.raises(ValidationError) as caught:
        submission_decide(reviewable.request, accept=False, reason="  ", by=compliance_user)
    assert caught.value.messages == [
        "Enter a reason for rejecting the submission: the supplier reads it to correct the file."
    ]
    reviewable.request.refresh_from_db()
    assert reviewable.request.state == State.UNDER_REVIEW


def test_rejecting_and_accepting(reviewable, supplier_b, compliance_user) -> None:
    request = submission_decide(
        reviewable.request, accept=False, reason="Fill in Q1 for tungsten.", by=compliance_user
    )
    request.refresh_from_db()
    assert (request.state, request.decision_reason) == (State.REJECTED, "Fill in Q1 for tungsten.")
    other = make_reviewable(
        supplier_b, campaign=reviewable.request.campaign, findings=False
    ).request
    submission_decide(other, accept=True, reason="", by=compliance_user)
    other.refresh_from_db()
    assert other.state == State.ACCEPTED
    assert other.decided_at is not None


def test_a_move_the_state_table_refuses_is_a_validation_error(reviewable, compliance_user) -> None:
    submission_decide(reviewable.request, accept=True, reason="", by=compliance_user)
    with pytest.raises(ValidationError):
        submission_decide(reviewable.request, accept=True, reason="", by=compliance_user)
