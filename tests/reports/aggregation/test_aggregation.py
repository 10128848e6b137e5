"""``campaign_report`` on the handmade campaign of ``builders.sample_inputs``: every figure
worked out by hand from the rows listed there."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from reports.aggregation import campaign_report
from reports.model import Count, ReportedSmelter, SmelterListRow, SupplierFacts, UnmatchedRow
from tests.reports.aggregation.builders import TODAY, sample_inputs


@pytest.fixture(scope="module")
def report():
    return campaign_report(sample_inputs(), TODAY)


def ids(*request_ids: int) -> Count:
    return Count(len(request_ids), tuple(str(pk) for pk in request_ids))


def test_supplier_figures(report) -> None:
    assert report.in_scope == ids(1, 2, 3, 4, 5, 6, 7)
    assert report.surveyed == ids(1, 2, 3, 4, 5, 6)  # 7 was never sent
    assert report.responded == ids(1, 2, 3, 4, 5)  # four files and one decline
    assert report.accepted == ids(1)
    assert report.declined == ids(5)
    # 2 answered after the due date; 3, 6 and 7 still owe an answer.
    assert report.late == ids(2, 3, 6, 7)
    # 2 has one error; 4's file could not be read.
    assert report.with_errors == ids(2, 4)


def test_response_rates(report) -> None:
    assert report.response_rate == 5 / 7
    # Of the three readable declarations (1, 2, 3): Q1 "Yes" by metal.
    assert report.response_rate_by_metal == {
        "Tantalum": 2 / 3,  # 2, 3
        "Tin": 1.0,  # 1, 2, 3
        "Gold": 2 / 3,  # 1, 3
        "Tungsten": 1 / 3,  # 3
    }


def test_risk_answers(report) -> None:
    assert report.covered_countries_yes == {
        "Tantalum": ids(2),
        "Tin": ids(),
        "Gold": ids(),
        "Tungsten": ids(),
    }
    # 3's Q4 "Yes" for Tin is on a 3.02 file, where Q4 is no CAHRA question.
    assert report.cahra_yes == {"Tantalum": ids(), "Tin": ids(), "Gold": ids(1), "Tungsten": ids()}
    assert report.high_risk == ids(1, 2)


def test_smelter_list(report) -> None:
    assert report.smelter_list == (
        SmelterListRow(
            "CID002558", "Tantalum", "Global Advanced Metals Aizu", "Japan",
            "active", "Active", None, 1, (102,),
        ),
        SmelterListRow(
            "CID001105", "Tin", "Malaysia Smelting Corporation (MSC)", "Malaysia",
            "not_conformant", "Non-Conformant", None, 1, (103,),
        ),
        SmelterListRow(
            "CID001898", "Tin", "Thaisarco", "Thailand",
            "conformant", "Conformant", date(2024, 6, 30), 2, (101, 102),
        ),
        SmelterListRow(
            "CID000015", "Gold", "Asahi Pretec Corp.", "Japan",
            "conformant", "Conformant", date(2024, 11, 1), 1, (101,),
        ),
        SmelterListRow(
            "CID001153", "Gold", "Metalor Technologies S.A.", "Switzerland",
            "conformant", "Conformant", date(2024, 9, 12), 2, (101, 103),
        ),
        SmelterListRow(
            "CID000966", "Tungsten", "Wolfram Bergbau und Hutten AG", "Austria",
            "", "", None, 1, (103,),
        ),
    )  # fmt: skip


def test_unmatched_rows_fold_together(report) -> None:
    # 102 row 7 and 103 row 8 differ only in case and spacing; the first row's spelling.
    assert report.unmatched == (
        UnmatchedRow("Tin", "Unknown Tin Works", "Indonesia", "unmatched", (102, 103)),
    )


def test_smelter_counts(report) -> None:
    zero = {"conformant": 0, "active": 0, "not_conformant": 0, "unknown": 0, "not_listed": 0}
    assert report.smelters_by_metal_status == {
        "Tantalum": {**zero, "active": 1},
        "Tin": {**zero, "conformant": 1, "not_conformant": 1},
        "Gold": {**zero, "conformant": 2},
        "Tungsten": {**zero, "not_listed": 1},
    }
    assert list(report.smelter_countries.items()) == [
        ("Japan", 2),
        ("Austria", 1),
        ("Malaysia", 1),
        ("Switzerland", 1),
        ("Thailand", 1),
    ]


def test_notes_name_the_smelter_missing_from_the_snapshot(report) -> None:
    assert report.notes == (
        "1 smelter(s) of the list are not in the RMAP status list of 2025-01-15.",
    )


def test_report_keeps_its_inputs(report) -> None:
    assert report.inputs == sample_inputs()


# EDGES ------------------------------------------------------------------------------------


def test_empty_campaign() -> None:
    inputs = dataclasses.replace(sample_inputs(), suppliers=(), smelters=())
    report = campaign_report(inputs, TODAY)
    assert report.in_scope == Count(0)
    assert report.response_rate == 0.0
    assert report.response_rate_by_metal == dict.fromkeys(report.response_rate_by_metal, 0.0)
    assert report.smelter_list == ()
    assert report.smelter_countries == {}
    assert sum(sum(row.values()) for row in report.smelters_by_metal_status.values()) == 0


def test_without_snapshot_every_smelter_is_not_listed() -> None:
    base = sample_inputs()
    rows = tuple(r._replace(rmap_status="", rmap_status_raw="") for r in base.smelters)
    inputs = dataclasses.replace(base, snapshot_as_of=None, snapshot_label="", smelters=rows)
    report = campaign_report(inputs, TODAY)
    assert {m: row["not_listed"] for m, row in report.smelters_by_metal_status.items()} == {
        "Tantalum": 1,
        "Tin": 2,
        "Gold": 2,
        "Tungsten": 1,
    }
    assert report.notes == (
        "No RMAP status list was available: every smelter counts as not listed.",
    )


def test_rows_of_unreadable_or_unknown_submissions_are_left_out() -> None:
    base = sample_inputs()
    stray = (
        # 104's file could not be read, so its rows cannot stand behind any figure.
        ReportedSmelter(104, 504, 5, "Gold", "Metalor", "CH", "CID001153", "Metalor", "CH"),
        # An older file of 101, not its latest.
        ReportedSmelter(101, 499, 5, "Gold", "PAMP", "CH", "CID001352", "PAMP SA", "CH"),
    )
    inputs = dataclasses.replace(base, smelters=base.smelters + stray)
    report = campaign_report(inputs, TODAY)
    assert report.smelter_list == campaign_report(base, TODAY).smelter_list
    assert report.notes[-1] == (
        "2 smelter row(s) were left out: they belong to no readable latest declaration "
        "of a supplier in scope."
    )


def test_answers_compare_ignoring_case_and_spaces() -> None:
    facts = SupplierFacts(
        request_id=9,
        supplier_id=9,
        supplier_name="Hana",
        supplier_country="KR",
        state="submitted",
        overdue=False,
        submitted_on=date(2025, 3, 31),  # the due day itself is on time
        submission_id=9,
        readable=True,
        template_version="2.05",
        answers={"Q1": {"Gold": " yes "}, "Q2": {"Gold": "YES"}, "Q3": {"Tin": "Yes"}},
    )
    inputs = dataclasses.replace(sample_inputs(), suppliers=(facts,), smelters=())
    report = campaign_report(inputs, TODAY)
    assert report.response_rate_by_metal["Gold"] == 1.0
    # 2.x asks covered countries in Q2; its Q3 is another question.
    assert report.covered_countries_yes["Gold"] == ids(9)
    assert report.covered_countries_yes["Tin"] == ids()
    assert report.high_risk == ids(9)
    assert report.late == ids()


def test_unknown_version_reads_as_the_current_layout() -> None:
    facts = dataclasses.replace(
        sample_inputs().suppliers[0], template_version="", answers={"Q4": {"Tin": "Yes"}}
    )
    inputs = dataclasses.replace(sample_inputs(), suppliers=(facts,), smelters=())
    assert campaign_report(inputs, TODAY).cahra_yes["Tin"] == ids(1)
