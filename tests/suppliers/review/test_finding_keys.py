from __future__ import annotations

from cmrt.declaration import Finding, Metal, Severity
from suppliers.finding_keys import MAX_KEY_LENGTH, finding_key, finding_key_of


def test_it_joins_code_and_place() -> None:
    assert finding_key("company.name_missing", "Declaration", "d8") == (
        "company.name_missing|Declaration|D8||"
    )


def test_row_and_metal_are_part_of_the_key() -> None:
    assert finding_key("smelters.unknown", "Smelter List", "", 12, "Gold") == (
        "smelters.unknown|Smelter List||12|gold"
    )


def test_a_dataclass_finding_and_its_stored_row_have_the_same_key() -> None:
    finding = Finding(
        code="answers.missing",
        severity=Severity.ERROR,
        message="Question 1 for gold has no answer.",
        sheet="Declaration",
        cell="D27",
        metal=Metal.GOLD,
    )

    class Row:  # what FindingRecord holds: the metal's value, "" for none
        code, sheet, cell, row, metal = "answers.missing", "Declaration", "D27", None, "Gold"

    assert (
        finding_key_of(finding)
        == finding_key_of(Row())
        == ("answers.missing|Declaration|D27||gold")
    )


def test_the_message_does_not_change_the_key() -> None:
    first = Finding("c", Severity.WARNING, "in English", sheet="S", row=3)
    second = Finding("c", Severity.WARNING, "日本語で", sheet="S", row=3)
    assert finding_key_of(first) == finding_key_of(second)


def test_a_separator_inside_a_part_cannot_mimic_another_finding() -> None:
    assert finding_key("a|b", "S") == "a/b|S|||"
    assert finding_key("a|b", "S") != finding_key("a", "b|S")


def test_an_overlong_key_keeps_its_code_and_fits_the_column() -> None:
    key = finding_key("long.code", "S" * 300)
    assert len(key) <= MAX_KEY_LENGTH
    assert key.startswith("long.code|")
    assert key == finding_key("long.code", "S" * 300)
    assert key != finding_key("long.code", "S" * 301)
