"""review_decide: the decision is stored once and re-matches the stored rows."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cmrt.matching import MatchMethod, MatchStatus
from cmrt.models import SmelterNameDecision, SmelterRecord
from cmrt.services.matching import review_decide
from tests.cmrt.matching.records import make_record, make_smelter, make_submission
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    return make_user("casey")


@pytest.fixture
def stars():
    return (
        make_smelter("CID000003", "Gold", "Golden Star Refinery", "China"),
        make_smelter("CID000004", "Gold", "Golden Star Refinery", "Japan"),
    )


def _state(record: SmelterRecord) -> tuple:
    record.refresh_from_db()
    return (record.reference_id, record.match_method, record.match_status, record.match_score)


def test_a_decision_rematches_rows_of_every_submission(
    supplier_a, supplier_b, reviewer, stars
) -> None:
    china, _japan = stars
    first, second = make_submission(supplier_a), make_submission(supplier_b)
    first.matched_count = 1
    first.save()
    in_review = make_record(first, 5, "Golden Star Refinery")
    unmatched = make_record(second, 6, "GOLDEN STAR refinery", match_status=MatchStatus.UNMATCHED)
    make_record(first, 7, "Metalor", match_status=MatchStatus.MATCHED)
    untouched = make_record(second, 8, "Golden Star Refinery", metal="Tin")
    fuzzy = make_record(
        second, 9, "Golden Star Refinery", match_status=MatchStatus.MATCHED, match_method="fuzzy"
    )

    count = review_decide(
        metal="Gold", name="Golden Star Refinery", cid="cid 000003", by=reviewer, note="Checked."
    )

    assert count == 2
    assert _state(in_review) == (china.pk, MatchMethod.LEARNED, MatchStatus.MATCHED, 100.0)
    assert _state(unmatched) == (china.pk, MatchMethod.LEARNED, MatchStatus.MATCHED, 100.0)
    decision = SmelterNameDecision.objects.get()
    on = f"{decision.decided_at:%Y-%m-%d}"
    assert in_review.match_note == (
        f'Decided by casey on {on}: "Golden Star Refinery" is CID000003 (Golden Star Refinery).'
    )
    assert unmatched.match_note.startswith(f'Decided by casey on {on}: "GOLDEN STAR refinery"')
    assert _state(untouched)[2] == MatchStatus.REVIEW
    assert _state(fuzzy)[1] == "fuzzy"
    assert (decision.metal, decision.name, decision.folded) == (
        "Gold",
        "Golden Star Refinery",
        "goldenstarrefinery",
    )
    assert (decision.smelter, decision.note, decision.decided_by) == (china, "Checked.", reviewer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.matched_count, second.matched_count) == (2, 2)


def test_a_second_decision_overwrites_the_first(supplier_a, reviewer, stars) -> None:
    submission = make_submission(supplier_a)
    record = make_record(submission, 5, "Golden Star Refinery")
    assert review_decide(metal="Gold", name="Golden Star Refinery", cid="CID000003", by=reviewer)
    other = make_user("robin")

    count = review_decide(metal="Gold", name="golden star refinery ", cid=None, by=other)

    assert count == 1
    assert _state(record) == (None, MatchMethod.LEARNED, MatchStatus.UNMATCHED, None)
    decision = SmelterNameDecision.objects.get()
    assert (decision.smelter, decision.decided_by, decision.name) == (
        None,
        other,
        "golden star refinery",
    )
    assert record.match_note == (
        f'Decided by robin on {decision.decided_at:%Y-%m-%d}: "Golden Star Refinery" is not a '
        "listed smelter."
    )
    submission.refresh_from_db()
    assert submission.matched_count == 0


@pytest.mark.parametrize(
    ("metal", "name", "cid", "message"),
    [
        ("Gold", "X", "CID12", '"CID12" is not a valid smelter ID (CID and six digits).'),
        ("Gold", "X", "CID999999", "No smelter on the reference list has the ID CID999999."),
        ("Tin", "X", "CID000003", "CID000003 is a Gold smelter, not Tin."),
        ("Lead", "X", None, "Unknown metal Lead."),
        ("Gold", "  ", None, "The reported name is empty."),
    ],
)
def test_a_bad_decision_is_refused_and_stores_nothing(
    reviewer, stars, metal, name, cid, message
) -> None:
    with pytest.raises(ValidationError) as raised:
        review_decide(metal=metal, name=name, cid=cid, by=reviewer)
    assert raised.value.messages == [message]
    assert not SmelterNameDecision.objects.exists()
