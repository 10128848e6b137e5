"""One test per matching method and status, with the exact note the user sees."""

from __future__ import annotations

from cmrt.declaration import SmelterResolution
from cmrt.matching import (
    Candidate,
    MatchMethod,
    MatchStatus,
    SmelterMatch,
    fuzzy_candidates,
    smelter_match,
    smelters_match,
)
from tests.cmrt.matching.helpers import TIN, index, learned, row

MATCHED, REVIEW, UNMATCHED = MatchStatus.MATCHED, MatchStatus.REVIEW, MatchStatus.UNMATCHED


def metalor(score: float = 100.0, matched_name: str = "Metalor Technologies S.A.") -> Candidate:
    return Candidate("CID000001", "Metalor Technologies S.A.", "Switzerland", score, matched_name)


def test_it_matches_by_cid() -> None:
    match = smelter_match(row("Some name", cid="CID000001"), index())
    assert match == SmelterMatch(
        5,
        MATCHED,
        MatchMethod.CID,
        "CID000001",
        100.0,
        "Matched by smelter ID CID000001.",
        (metalor(),),
    )


def test_it_reads_a_lowercase_spaced_cid() -> None:
    match = smelter_match(row(cid=" cid 000001"), index())
    assert (match.status, match.method, match.cid) == (MATCHED, MatchMethod.CID, "CID000001")
    assert match.note == 'Matched by smelter ID CID000001 (entered as "cid 000001").'


def test_a_malformed_cid_falls_back_to_the_name() -> None:
    match = smelter_match(row("Metalor Technologies S.A.", cid="CID00001X"), index())
    assert (match.status, match.method, match.cid) == (MATCHED, MatchMethod.NAME, "CID000001")
    assert match.note == (
        '"CID00001X" is not a valid smelter ID (CID and six digits), so the name was used. '
        'Matched by name: "Metalor Technologies S.A." is the standard name of CID000001.'
    )


def test_an_unknown_cid_falls_back_to_the_name() -> None:
    match = smelter_match(row("Metalor Technologies S.A.", cid="CID999999"), index())
    assert (match.status, match.method, match.cid) == (MATCHED, MatchMethod.NAME, "CID000001")
    assert match.note == (
        "Smelter ID CID999999 is not on the reference list, so the name was used. "
        'Matched by name: "Metalor Technologies S.A." is the standard name of CID000001.'
    )


def test_a_cid_of_another_metal_goes_to_review() -> None:
    match = smelter_match(row(cid="CID000201"), index())
    assert (match.status, match.method, match.cid) == (REVIEW, MatchMethod.CID, "")
    assert match.note == (
        "Smelter ID CID000201 is a Tin smelter (Malaysia Smelting Corporation), but the row "
        "reports Gold; please check."
    )
    assert [candidate.cid for candidate in match.candidates] == ["CID000201"]


def test_it_matches_the_standard_name_ignoring_case_spacing_and_punctuation() -> None:
    match = smelter_match(row("METALOR  technologies SA"), index())
    assert match == SmelterMatch(
        5,
        MATCHED,
        MatchMethod.NAME,
        "CID000001",
        100.0,
        'Matched by name: "METALOR  technologies SA" is the standard name of CID000001.',
        (metalor(matched_name="METALOR  technologies SA"),),
    )


def test_it_matches_an_alias() -> None:
    match = smelter_match(row("asahi pretec corp."), index())
    assert (match.status, match.method, match.cid) == (MATCHED, MatchMethod.NAME, "CID000002")
    assert match.note == (
        'Matched by name: "asahi pretec corp." is a known name of CID000002 '
        "(Asahi Refining USA Inc.)."
    )


def test_it_matches_a_former_name() -> None:
    match = smelter_match(row("Metalor SA"), index())
    assert (match.status, match.method, match.cid) == (MATCHED, MatchMethod.NAME, "CID000001")
    assert match.note == (
        'Matched by name: "Metalor SA" is a former name of CID000001, now '
        '"Metalor Technologies S.A.".'
    )


def test_it_uses_the_look_up_name_when_column_d_is_empty() -> None:
    match = smelter_match(
        row(lookup_name="Asahi Pretec Corp.", resolution=SmelterResolution.UNRESOLVED), index()
    )
    assert (match.status, match.cid) == (MATCHED, "CID000002")


def test_a_name_of_two_smelters_goes_to_review_with_both() -> None:
    match = smelter_match(row("Golden Star Refinery"), index())
    assert (match.status, match.method, match.cid) == (REVIEW, MatchMethod.NAME, "")
    assert match.note == '"Golden Star Refinery" names 2 Gold smelters; choose the right one.'
    assert match.candidates == (
        Candidate("CID000003", "Golden Star Refinery", "China", 100.0, "Golden Star Refinery"),
        Candidate("CID000004", "Golden Star Refinery", "Japan", 100.0, "Golden Star Refinery"),
    )


def test_the_country_breaks_a_tie_between_two_smelters_of_one_name() -> None:
    match = smelter_match(row("Golden Star Refinery", country="JAPAN"), index())
    assert (match.status, match.method, match.cid) == (MATCHED, MatchMethod.NAME, "CID000004")
    assert match.note == (
        'Matched by name and country: "Golden Star Refinery" names 2 Gold smelters; only '
        "CID000004 is in Japan."
    )


def test_the_country_breaks_a_tie_between_two_similar_names() -> None:
    match = smelter_match(row("Malaysia Smelting Corp", metal=TIN, country="Malaysia"), index())
    assert (match.status, match.method, match.cid) == (MATCHED, MatchMethod.FUZZY, "CID000201")
    assert match.note == (
        'Name "Malaysia Smelting Corp" is close to "Malaysia Smelting Corporation" (100%), '
        "same country."
    )
    without_country = smelter_match(row("Malaysia Smelting Corp", metal=TIN), index())
    assert (without_country.status, without_country.method) == (REVIEW, MatchMethod.FUZZY)
    assert without_country.note == (
        'Name "Malaysia Smelting Corp" is about as close to 2 smelters; choose the right one.'
    )


def test_a_learned_decision_is_reused_for_any_spelling_of_the_name() -> None:
    decisions = index(learned("Golden Star Refinery", "CID000003"))
    match = smelter_match(row("golden star  REFINERY"), decisions)
    assert (match.status, match.method, match.cid) == (MATCHED, MatchMethod.LEARNED, "CID000003")
    assert match.score == 100.0
    assert match.note == (
        'Decided by casey on 2025-01-31: "golden star  REFINERY" is CID000003 '
        "(Golden Star Refinery)."
    )


def test_a_learned_not_a_smelter_is_unmatched() -> None:
    match = smelter_match(row("ACME Recycling"), index(learned("acme recycling", "")))
    assert match == SmelterMatch(
        5,
        UNMATCHED,
        MatchMethod.LEARNED,
        note='Decided by casey on 2025-01-31: "ACME Recycling" is not a listed smelter.',
    )


def test_a_close_name_with_a_clear_lead_matches() -> None:
    match = smelter_match(row("Metalor Tecnologies SA"), index())
    assert (match.status, match.method, match.cid) == (MATCHED, MatchMethod.FUZZY, "CID000001")
    assert match.score == 97.4
    assert match.note == (
        'Name "Metalor Tecnologies SA" is close to "Metalor Technologies S.A." (97%).'
    )
    assert match.candidates == (metalor(97.4),)


def test_a_removed_smelter_still_matches_and_says_so() -> None:
    match = smelter_match(row("Nihon Materials", country="China"), index())
    assert (match.status, match.method, match.cid) == (MATCHED, MatchMethod.FUZZY, "CID000006")
    assert match.note == (
        'Name "Nihon Materials" is close to "Nihon Material Co., Ltd." (97%), but in Japan. '
        "This smelter is no longer on the RMI list."
    )


def test_a_fairly_similar_name_goes_to_review() -> None:
    match = smelter_match(row("Jiangxi Copper Smelting"), index())
    assert (match.status, match.method, match.cid) == (REVIEW, MatchMethod.FUZZY, "")
    assert match.score == 75.7
    assert match.note == (
        'Name "Jiangxi Copper Smelting" is similar to "Jiangxi Copper Co., Ltd." (76%); '
        "please confirm."
    )
    assert [candidate.cid for candidate in match.candidates] == ["CID000005"]


def test_a_weak_resemblance_is_unmatched_with_a_hint() -> None:
    match = smelter_match(row("Jiangxi Copper Smelting Works"), index())
    assert (match.status, match.method, match.cid, match.score) == (
        UNMATCHED,
        MatchMethod.NONE,
        "",
        None,
    )
    assert match.note == (
        'No Gold smelter on the reference list has a name like "Jiangxi Copper Smelting '
        'Works"; the closest is "Jiangxi Copper Co., Ltd." (65%).'
    )


def test_an_unknown_name_is_unmatched() -> None:
    match = smelter_match(row("Totally Unknown Works"), index())
    assert match == SmelterMatch(
        5,
        UNMATCHED,
        MatchMethod.NONE,
        note='No Gold smelter on the reference list has a name like "Totally Unknown Works".',
    )


def test_a_row_without_metal_or_name_is_unmatched() -> None:
    assert smelter_match(row("Golden Star Refinery", metal=None), index()).note == (
        'No metal was reported, so the name "Golden Star Refinery" could not be matched.'
    )
    assert smelter_match(row(), index()).note == "No smelter ID or name was reported."


def test_a_not_yet_identified_row_stays_so() -> None:
    not_identified = row(
        lookup_name="Smelter not yet identified", resolution=SmelterResolution.NOT_IDENTIFIED
    )
    assert smelter_match(not_identified, index()) == SmelterMatch(
        5,
        MatchStatus.NOT_IDENTIFIED,
        MatchMethod.NONE,
        note='The supplier marked this row "Smelter not yet identified".',
    )


def test_the_not_listed_placeholder_is_no_name() -> None:
    placeholder = row(lookup_name="Smelter not listed", resolution=SmelterResolution.NOT_LISTED)
    assert smelter_match(placeholder, index()).note == "No smelter ID or name was reported."


def test_many_rows_give_the_same_results_as_one_by_one() -> None:
    rows = [
        row(name, number=number, country=country)
        for number, (name, country) in enumerate(
            [
                ("Metalor Tecnologies SA", ""),
                ("Jiangxi Copper Smelting", ""),
                ("Metalor Tecnologies SA", ""),
                ("metalor tecnologies s.a.", "Switzerland"),
                ("Golden Star Refinery", ""),
            ],
            start=5,
        )
    ]
    assert smelters_match(rows, index()) == tuple(smelter_match(item, index()) for item in rows)


def test_fuzzy_candidates_are_cached_per_metal_name_and_country() -> None:
    cache: dict = {}
    reference = index()
    first = fuzzy_candidates("Metalor Tecnologies SA", row().metal, "", reference, cache)
    again = fuzzy_candidates("METALOR tecnologies, S.A.", row().metal, "", reference, cache)
    assert first == again == (metalor(97.4),)
    assert len(cache) == 1
