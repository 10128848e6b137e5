"""The reference index from the database, and the review queue."""

from __future__ import annotations

from datetime import date

import pytest

from cmrt.declaration import Metal
from cmrt.matching import Candidate, LearnedName, MatchMethod, MatchStatus, smelter_match
from cmrt.models import SmelterAlias, SmelterNameDecision
from cmrt.reading.values import fold
from cmrt.selectors.matching import reference_index, review_item, review_queue
from tests.cmrt.matching.helpers import row
from tests.cmrt.matching.records import make_record, make_smelter, make_submission
from tests.factories import make_user

pytestmark = pytest.mark.django_db

CANDIDATES = [
    {"cid": "CID000003", "name": "Golden Star Refinery", "country": "China", "score": 100.0},
    {"cid": "CID000004", "name": "Golden Star Refinery", "country": "Japan", "score": 100.0},
]


def test_reference_index_holds_smelters_names_and_decisions(django_assert_num_queries) -> None:
    metalor = make_smelter(
        "CID000001",
        "Gold",
        "Metalor Technologies S.A.",
        "Switzerland",
        ("Metalor SA", SmelterAlias.Kind.FORMER),
        ("Metalor Tech", SmelterAlias.Kind.LOOKUP),
    )
    make_smelter("CID000002", "Tin", "Old Tin Works", "Peru", removed_at=date(2024, 5, 1))
    user = make_user("casey")
    user.first_name, user.last_name = "Casey", "Quinn"
    user.save()
    SmelterNameDecision.objects.create(
        metal="Gold", name="Metalor Swiss", folded="metalorswiss", smelter=metalor, decided_by=user
    )
    SmelterNameDecision.objects.create(metal="Tin", name="ACME", folded="acme")
    with django_assert_num_queries(3):
        index = reference_index()
    gold = index.by_cid["CID000001"]
    assert (gold.metal, gold.standard_name, gold.country, gold.active) == (
        Metal.GOLD,
        "Metalor Technologies S.A.",
        "Switzerland",
        True,
    )
    assert sorted(gold.names) == ["Metalor SA", "Metalor Tech"]
    assert gold.former_names == ("Metalor SA",)
    assert index.by_cid["CID000002"].active is False
    assert index.learned == {(Metal.GOLD, "metalorswiss"): "CID000001", (Metal.TIN, "acme"): ""}
    decision = index.decisions[(Metal.GOLD, "metalorswiss")]
    assert (decision.decided_by, decision.decided_on is not None) == ("Casey Quinn", True)
    acme = index.decisions[(Metal.TIN, "acme")]
    assert acme == LearnedName(Metal.TIN, "ACME", "", "", acme.decided_on)
    assert smelter_match(row("Metalor Tech"), index).cid == "CID000001"
    assert smelter_match(row("metalor swiss"), index).method == MatchMethod.LEARNED


def test_review_queue_groups_rows_by_metal_and_folded_name(supplier_a, supplier_b) -> None:
    first = make_submission(supplier_a, "a.xlsx")
    second = make_submission(supplier_b, "b.xlsx")
    third = make_submission(supplier_a, "a2.xlsx")
    make_record(first, 5, "Golden Star Refinery", candidates=CANDIDATES, match_note="Two.")
    make_record(second, 7, "GOLDEN STAR  refinery", country="China", candidates=CANDIDATES[:1])
    make_record(third, 9, "Golden Star Refinery", country="China", candidates=[{"bad": 1}])
    make_record(first, 6, "Golden Star Refinery", metal="Tin")
    make_record(first, 8, "Nowhere Works", match_status=MatchStatus.UNMATCHED)
    make_record(first, 10, "Golden Star Refinery", match_status=MatchStatus.MATCHED)
    make_record(first, 11, "Golden Star Refinery", match_method=MatchMethod.LEARNED)

    queue = review_queue()

    assert [(item.metal, item.folded, item.rows) for item in queue] == [
        ("Gold", "goldenstarrefinery", 3),
        ("Tin", "goldenstarrefinery", 1),
    ]
    gold = queue[0]
    assert (gold.name, gold.country, gold.status) == ("Golden Star Refinery", "China", "review")
    assert (gold.submissions, gold.suppliers) == (3, 2)
    assert gold.candidates == (
        Candidate("CID000003", "Golden Star Refinery", "China", 100.0),
        Candidate("CID000004", "Golden Star Refinery", "Japan", 100.0),
    )
    assert (gold.example.file_name, gold.example.row) == ("a2.xlsx", 9)  # the newest file
    assert gold.examples == ()
    assert [item.metal for item in review_queue("Tin")] == ["Tin"]
    with_unmatched = review_queue(include_unmatched=True)
    assert [(item.metal, item.folded, item.status) for item in with_unmatched] == [
        ("Gold", "goldenstarrefinery", "review"),
        ("Gold", "nowhereworks", "unmatched"),
        ("Tin", "goldenstarrefinery", "review"),
    ]


def test_review_item_lists_example_rows(supplier_a) -> None:
    submission = make_submission(supplier_a, "a.xlsx")
    make_record(submission, 5, "Golden Star Refinery", match_note="Two smelters.")
    make_record(submission, 6, "Nowhere Works", match_status=MatchStatus.UNMATCHED)
    item = review_item("Gold", fold("Golden Star Refinery"))
    assert item is not None
    assert [(r.supplier, r.file_name, r.row, r.note) for r in item.examples] == [
        ("Alpha Metals", "a.xlsx", 5, "Two smelters.")
    ]
    assert review_item("Gold", "nowhereworks") is not None  # decidable, though unmatched
    assert review_item("Tin", fold("Golden Star Refinery")) is None
    assert review_item("", "") is None
