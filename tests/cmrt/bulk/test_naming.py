"""Guessing the supplier from the declared company name (cmrt/bulk/naming.py): pure."""

from __future__ import annotations

import pytest

from cmrt.bulk import (
    Candidate,
    GuessStatus,
    company_fold,
    supplier_directory_prepare,
    supplier_guess,
)

REGISTRY = [
    (1, "Alpha Metals GmbH", ()),
    (2, "Beta Circuits", ("Beta Denshi K.K.",)),
    (3, "Heraeus Germany GmbH & Co. KG", ()),
]


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("ACME Metals Co., Ltd.", "acme metals"),
        ("Heraeus Germany GmbH & Co. KG", "heraeus germany"),
        ("Argor-Heraeus S.A.", "argor heraeus"),
        ("Société Générale S.A.", "societe generale"),
        ("  Beta   Circuits, Inc ", "beta circuits"),
        ("Company Ltd", "company ltd"),  # nothing but legal words: kept
        ("Co Metals Partners", "co metals partners"),  # only trailing forms go
        ("", ""),
    ],
)
def test_company_fold(name: str, folded: str) -> None:
    assert company_fold(name) == folded


def test_the_same_name_in_other_clothes_is_an_exact_match() -> None:
    guess = supplier_guess("ALPHA METALS", REGISTRY)
    assert guess == supplier_guess("Alpha-Metals GmbH.", REGISTRY)
    assert (guess.status, guess.supplier_id, guess.note, guess.candidates) == (
        GuessStatus.MATCHED,
        1,
        'Same name as the supplier "Alpha Metals GmbH".',
        (),
    )
    assert supplier_guess("Heraeus Germany", REGISTRY).supplier_id == 3


def test_a_known_alias_is_an_exact_match() -> None:
    guess = supplier_guess("BETA DENSHI KK", REGISTRY)
    assert (guess.status, guess.supplier_id, guess.note) == (
        GuessStatus.MATCHED,
        2,
        'Known alias "Beta Denshi K.K." of Beta Circuits.',
    )


def test_an_alias_is_a_decision_and_wins_over_colliding_names() -> None:
    registry = [(1, "Acme GmbH", ()), (2, "Acme Inc.", ()), (3, "Zeta", ("ACME",))]
    assert supplier_guess("Acme", registry).supplier_id == 3


def test_a_very_similar_name_with_a_clear_lead_is_a_fuzzy_match() -> None:
    guess = supplier_guess("Alpha Metal", REGISTRY)
    assert (guess.status, guess.supplier_id, guess.note) == (
        GuessStatus.MATCHED,
        1,
        'Similar to the supplier "Alpha Metals GmbH" (score 95).',
    )


def test_two_suppliers_with_the_same_name_need_a_person() -> None:
    guess = supplier_guess("ACME", [(1, "Acme GmbH", ()), (2, "Acme Inc.", ())])
    assert (guess.status, guess.supplier_id, guess.note, guess.candidates) == (
        GuessStatus.REVIEW,
        None,
        "2 suppliers have this name; choose one.",
        (Candidate(1, "Acme GmbH", 100.0), Candidate(2, "Acme Inc.", 100.0)),
    )


def test_two_similar_suppliers_need_a_person() -> None:
    registry = [(1, "Alpha Metals Europe", ()), (2, "Alpha Metals Europa", ())]
    guess = supplier_guess("Alpha Metals Europ", registry)
    assert (guess.status, guess.note) == (
        GuessStatus.REVIEW,
        "Several suppliers have a similar name; choose one.",
    )
    assert [c.id for c in guess.candidates] == [2, 1]  # equal scores: by name


def test_a_typo_is_not_close_enough_to_be_sure() -> None:
    guess = supplier_guess("Alpah Metals", REGISTRY)
    assert (guess.status, guess.supplier_id, guess.note) == (
        GuessStatus.REVIEW,
        None,
        "No supplier name is close enough to be sure; choose one.",
    )
    assert [(c.id, c.name, round(c.score, 1)) for c in guess.candidates] == [
        (1, "Alpha Metals GmbH", 91.7)
    ]
    assert guess.candidates[0].as_json() == {"id": 1, "name": "Alpha Metals GmbH", "score": 91.7}


def test_one_letter_apart_is_another_company() -> None:
    guess = supplier_guess("ABD Metals", [(1, "ABC Metals", ())])
    assert guess.status is GuessStatus.REVIEW


def test_an_unknown_company_has_no_candidates() -> None:
    guess = supplier_guess("Zeta Mining Pty Ltd", REGISTRY)
    assert (guess.status, guess.note, guess.candidates) == (
        GuessStatus.REVIEW,
        "No supplier has a similar name; choose one or add the supplier first.",
        (),
    )


def test_a_file_without_a_company_name() -> None:
    guess = supplier_guess("  ", REGISTRY)
    assert (guess.status, guess.note) == (
        GuessStatus.REVIEW,
        "The file names no company; choose the supplier.",
    )


def test_a_prepared_directory_guesses_like_the_plain_list() -> None:
    """Workers keep the registry folded (``supplier_directory_prepare``); the answers are
    those of the plain (id, name, aliases) list, candidates and scores included."""
    registry = [
        *REGISTRY,
        (4, "Alpha Metals Europe", ()),
        (5, "Alpha Metals Europa", ("AME Trading",)),
        (6, "Acme GmbH", ()),
        (7, "Acme Inc.", ()),
    ]
    prepared = supplier_directory_prepare(registry)
    for name in (
        "ALPHA METALS",
        "Alpha Metal",
        "Alpah Metals",
        "Alpha Metals Europ",
        "AME Trading Ltd",
        "Acme",
        "Beta Denshi KK",
        "Zeta Mining",
        "",
    ):
        assert supplier_guess(name, prepared) == supplier_guess(name, iter(registry)), name


def test_fuzzy_scores_are_rapidfuzz_token_sort_ratio() -> None:
    from rapidfuzz import fuzz

    guess = supplier_guess("Alpah Metals", REGISTRY)
    expected = fuzz.token_sort_ratio(company_fold("Alpah Metals"), "alpha metals")
    assert guess.candidates[0].score == pytest.approx(expected)
