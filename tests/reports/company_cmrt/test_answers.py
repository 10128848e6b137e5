"""How the company's answers are derived from the campaign (no workbook involved)."""

from __future__ import annotations

import dataclasses

import pytest

from reports.rendering.company_cmrt_answers import (
    Derived,
    company_answers,
    metal_answers,
    response_choice,
)
from tests.reports.company_cmrt.helpers import (
    ALL_YES,
    ONE_PER_METAL,
    PROFILE,
    answers,
    report,
    supplier,
    unmatched,
)


def _values(derived: dict[str, Derived]) -> dict[str, str]:
    return {metal: answer.value for metal, answer in derived.items()}


@pytest.mark.parametrize(
    ("rate", "choice"),
    [
        (1.0, "100%"),
        (0.95, "Greater than 90%"),
        (0.9, "Greater than 75%"),  # exactly 90% is not greater than 90%
        (0.76, "Greater than 75%"),
        (0.75, "Greater than 50%"),
        (5 / 7, "Greater than 50%"),
        (0.5, "50% or less"),
        (0.01, "50% or less"),
        (0.0, "None"),
    ],
)
def test_response_choice_is_the_band_of_the_rate(rate: float, choice: str) -> None:
    assert response_choice(rate) == choice


def test_q6_is_the_same_band_for_every_metal_in_scope() -> None:
    derived = metal_answers(report(response_rate=0.8))
    assert _values(derived["Q6"]) == dict.fromkeys(
        ("Tantalum", "Tin", "Gold", "Tungsten"), "Greater than 75%"
    )


def test_q1_q2_yes_only_for_metals_a_readable_supplier_uses() -> None:
    suppliers = (
        supplier(1, {"Q1": answers(Tin="Yes")}),
        supplier(2, {"Q1": answers(Gold="yes")}),  # case does not matter
        supplier(3, {"Q1": answers(Tungsten="Yes")}, readable=False),  # stale answers
    )
    derived = metal_answers(report(suppliers))
    expected = {"Tantalum": "No", "Tin": "Yes", "Gold": "Yes", "Tungsten": "No"}
    assert _values(derived["Q1"]) == expected
    assert _values(derived["Q2"]) == expected
    # Out of scope: the template's answer lists are empty, the Checker asks nothing.
    for key in ("Q3", "Q4", "Q5", "Q6", "Q7", "Q8"):
        assert sorted(derived[key]) == ["Gold", "Tin"], key


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (("No", "No"), "No"),
        (("No", "Unknown"), "Unknown"),
        (("Unknown", "Yes"), "Yes"),  # a Yes outweighs anyone's uncertainty
        (("Yes", "No"), "Yes"),
        (("", ""), "No"),  # nobody answered for the metal: nobody reported a source there
    ],
)
def test_covered_countries_yes_unknown_no(given: tuple[str, str], expected: str) -> None:
    suppliers = tuple(
        supplier(n, {**ALL_YES, "Q3": {"Tin": answer} if answer else {}})
        for n, answer in enumerate(given, start=1)
    )
    derived = metal_answers(report(suppliers))
    assert derived["Q3"]["Tin"] == Derived(expected)
    assert derived["Q3"]["Gold"] == Derived("No")


def test_cahra_is_asked_from_6x_only_and_covered_countries_per_release() -> None:
    suppliers = (
        # 3.x: Q4 is the recycled question, Q3 covered countries.
        supplier(
            1, {**ALL_YES, "Q3": answers(Tin="Yes"), "Q4": answers(Gold="Yes")}, version="3.01"
        ),
        # 2.x: Q2 is "DRC or adjoining country".
        supplier(
            2,
            {**ALL_YES, "Q2": answers(Tungsten="Yes"), "Q4": answers(Gold="Yes")},
            version="2.03a",
        ),
        supplier(3, {**ALL_YES, "Q4": answers(Tantalum="Unknown")}, version="6.4"),
    )
    derived = metal_answers(report(suppliers))
    assert _values(derived["Q3"]) == {
        "Tantalum": "No",
        "Tin": "Yes",
        "Gold": "No",
        "Tungsten": "Yes",
    }
    assert _values(derived["Q4"]) == {
        "Tantalum": "Unknown",
        "Tin": "No",
        "Gold": "No",
        "Tungsten": "No",
    }


def test_aggregation_counts_of_yes_are_honoured() -> None:
    base = report()
    counted = dataclasses.replace(
        base,
        covered_countries_yes={"Gold": base.accepted},
        cahra_yes={"Tin": base.accepted},
    )
    derived = metal_answers(counted)
    assert derived["Q3"]["Gold"].value == "Yes"
    assert derived["Q4"]["Tin"].value == "Yes"


def test_q5_no_and_q8_yes() -> None:
    derived = metal_answers(report())
    assert set(_values(derived["Q5"]).values()) == {"No"}
    assert set(_values(derived["Q8"]).values()) == {"Yes"}


def test_q7_yes_when_everything_is_identified() -> None:
    derived = metal_answers(report())
    assert derived["Q7"] == dict.fromkeys(("Tantalum", "Tin", "Gold", "Tungsten"), Derived("Yes"))


def test_q7_no_for_the_metal_with_unmatched_rows() -> None:
    derived = metal_answers(report(unmatched_rows=(unmatched("Tin"), unmatched("Tin", "Other"))))
    assert derived["Q7"] == {
        "Tantalum": Derived("Yes"),
        "Tin": Derived(
            "No", "2 smelter names were reported by suppliers but not matched to a listed smelter."
        ),
        "Gold": Derived("Yes"),
        "Tungsten": Derived("Yes"),
    }


def test_q7_an_unmatched_row_without_metal_counts_against_every_metal() -> None:
    derived = metal_answers(report(unmatched_rows=(unmatched(""),)))
    comment = "1 smelter name was reported by suppliers but not matched to a listed smelter."
    assert derived["Q7"] == dict.fromkeys(
        ("Tantalum", "Tin", "Gold", "Tungsten"), Derived("No", comment)
    )


def test_q7_no_without_any_smelter_or_without_full_response() -> None:
    without_gold = tuple(row for row in ONE_PER_METAL if row.metal != "Gold")
    assert metal_answers(report(smelter_list=without_gold))["Q7"]["Gold"] == Derived(
        "No", "No smelter identified yet."
    )
    # The reader's checker flags Q7 "Yes" beside a response below 100%.
    assert metal_answers(report(response_rate=0.95))["Q7"]["Tin"] == Derived(
        "No", "Not every supplier surveyed has responded yet."
    )


def test_company_answers_from_profile_and_campaign() -> None:
    assert company_answers(report(), PROFILE) == {
        "A": Derived("Yes"),
        "B": Derived("Yes", "https://northwind.example.com/responsible-minerals"),
        "C": Derived("No"),
        "D": Derived("Yes"),
        "E": Derived("Yes, in conformance with IPC1755 (e.g., CMRT)"),
        "F": Derived("Yes"),
        "G": Derived("Yes"),
        "H": Derived("Yes, with the SEC"),
    }


def test_company_answers_without_policy_survey_or_sec_filing() -> None:
    profile = dataclasses.replace(PROFILE, policy_url="  ", sec_file_number="")
    nothing_read = report((supplier(1, {}, readable=False, state="invited"),), surveyed=0)
    assert company_answers(nothing_read, profile) == {
        "A": Derived("No"),
        "B": Derived("No"),
        "C": Derived("No"),
        "D": Derived("No"),
        "E": Derived("No"),
        "F": Derived("No"),
        "G": Derived("No"),
        "H": Derived("No"),
    }
