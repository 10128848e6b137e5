from __future__ import annotations

from datetime import UTC, date, datetime

from suppliers.models import CampaignRequest, Clarification
from suppliers.scoring import ScoreFacts
from suppliers.selectors.review import (
    review_page,
    review_requests_visible_to,
    score_facts_for,
)
from tests.cmrt.submissions.rows import make_rmap
from tests.suppliers.review.conftest import DUE


def test_score_facts_come_from_the_latest_file_and_the_campaign_snapshot(
    reviewable, supplier_b, compliance_user, django_assert_max_num_queries
) -> None:
    snapshot = make_rmap(date(2026, 1, 1), {"CID000077": ("Conformant", "conformant")})
    campaign = reviewable.request.campaign
    campaign.rmap_snapshot = snapshot
    campaign.save()
    CampaignRequest.objects.filter(pk=reviewable.request.pk).update(
        submitted_at=datetime(2026, 6, 2, 9, 0, tzinfo=UTC)
    )
    Clarification.objects.create(request=reviewable.request, question="Why?")
    waiting = CampaignRequest.objects.create(campaign=campaign, supplier=supplier_b)
    requests = list(review_requests_visible_to(compliance_user))
    with django_assert_max_num_queries(4):
        facts = score_facts_for(requests, today=date(2026, 6, 10))
    assert facts[reviewable.request.pk] == ScoreFacts(
        has_submission=True,
        matched_smelters=1,
        conformant_smelters=1,
        errors=2,
        warnings=1,
        due_date=DUE,
        submitted_on=date(2026, 6, 2),
        today=date(2026, 6, 10),
        open_clarifications=1,
    )
    assert facts[waiting.pk] == ScoreFacts(
        has_submission=False, due_date=DUE, today=date(2026, 6, 10)
    )


def test_the_page_ties_reviews_and_threads_to_findings(reviewable, compliance_user) -> None:
    from suppliers.services.review import clarification_ask, finding_accept

    lines = review_page(reviewable.request).findings
    assert [line.key for line in lines] == [
        "code-0|Declaration|D27||",
        "code-1|Smelter List||6|",
        "code-2|Declaration|D16||",
    ]
    finding_accept(reviewable.submission, lines[0].key, "fine", by=compliance_user)
    clarification_ask(
        reviewable.request,
        submission=reviewable.submission,
        finding_key=lines[1].key,
        question="Which smelter?",
        by=compliance_user,
    )
    page = review_page(reviewable.request, today=date(2026, 5, 1))
    assert [line.review.note if line.review else None for line in page.findings] == [
        "fine",
        None,
        None,
    ]
    assert [len(line.clarifications) for line in page.findings] == [0, 1, 0]
    assert (page.accepted_findings, page.open_clarifications) == (1, 1)
    assert page.score.value == sum(part.points for part in page.score.parts)


def test_supplier_users_see_only_their_own_requests(
    reviewable, supplier_a_user, supplier_b_user
) -> None:
    assert list(review_requests_visible_to(supplier_a_user)) == [reviewable.request]
    assert list(review_requests_visible_to(supplier_b_user)) == []
