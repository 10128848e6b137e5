"""Every figure of the report equals the number of rows behind it."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from reports.aggregation import NOT_LISTED, campaign_report, smelter_bucket, smelter_key
from reports.model import CampaignReport, Count, ReportedSmelter
from suppliers.campaign_states import RESPONDED_STATES
from tests.reports.aggregation.builders import TODAY, sample_inputs


def _with_extra_rows():
    """The sample plus a second row for an existing CID and one with an odd status, so the
    sums are checked on more than one shape."""
    base = sample_inputs()
    extra = (
        ReportedSmelter(
            101, 501, 9, "Tin", "Thai Sarco", "TH", "CID001898", "Thaisarco", "Thailand",
            "matched", "conformant", "Conformant",
        ),
        ReportedSmelter(
            103, 503, 9, "Gold", "Kyshtym", "RU", "CID000927", "Kyshtym Copper", "Russia",
            "matched", "unknown", "Suspended",
        ),
        ReportedSmelter(103, 503, 10, "", "?", "", "", match_status="not_identified"),
    )  # fmt: skip
    return dataclasses.replace(base, smelters=base.smelters + extra)


@pytest.fixture(params=["sample", "extra"])
def report(request) -> CampaignReport:
    inputs = sample_inputs() if request.param == "sample" else _with_extra_rows()
    return campaign_report(inputs, TODAY)


def _counts(report: CampaignReport) -> list[Count]:
    fields = ("in_scope", "surveyed", "responded", "accepted", "declined", "late")
    counts = [getattr(report, name) for name in (*fields, "with_errors", "high_risk")]
    counts += list(report.covered_countries_yes.values()) + list(report.cahra_yes.values())
    return counts


def test_each_count_is_its_keys(report) -> None:
    for count in _counts(report):
        assert count.value == len(count.keys) == len(set(count.keys))


def test_every_key_is_a_request_in_scope(report) -> None:
    in_scope = set(report.in_scope.keys)
    assert in_scope == {str(f.request_id) for f in report.inputs.suppliers}
    for count in _counts(report):
        assert set(count.keys) <= in_scope


def test_supplier_figures_match_the_states(report) -> None:
    facts = report.inputs.suppliers
    assert report.in_scope.value == len(facts)
    assert report.responded.value == sum(f.state in RESPONDED_STATES for f in facts)
    assert report.surveyed.value == len(facts) - sum(f.state == "not_sent" for f in facts)
    assert report.accepted.value == sum(f.state == "accepted" for f in facts)
    assert report.declined.value == sum(f.state == "declined" for f in facts)
    assert set(report.accepted.keys) | set(report.declined.keys) <= set(report.responded.keys)
    assert set(report.responded.keys) <= set(report.surveyed.keys)
    assert report.response_rate == report.responded.value / report.in_scope.value


def test_high_risk_is_the_union_of_the_risk_answers(report) -> None:
    union = set()
    for count in (*report.covered_countries_yes.values(), *report.cahra_yes.values()):
        union |= set(count.keys)
    assert set(report.high_risk.keys) == union


def test_smelter_tables_sum_to_the_list(report) -> None:
    listed = report.smelter_list
    by_status = report.smelters_by_metal_status
    assert sum(sum(row.values()) for row in by_status.values()) == len(listed)
    assert sum(report.smelter_countries.values()) == len(listed)
    for metal, row in by_status.items():
        for status, value in row.items():
            behind = [s for s in listed if s.metal == metal and smelter_bucket(s) == status]
            assert value == len(behind)
    for country, value in report.smelter_countries.items():
        assert value == sum(s.country == country for s in listed)
    assert sum(row[NOT_LISTED] for row in by_status.values()) == sum(
        not s.rmap_status for s in listed
    )


def test_smelter_keys_are_unique_and_reported(report) -> None:
    keys = [smelter_key(s) for s in report.smelter_list]
    assert len(keys) == len(set(keys))
    reported = {f"{r.cid}|{r.metal}" for r in report.inputs.smelters if r.cid}
    assert set(keys) == reported
    for row in report.smelter_list:
        assert row.supplier_count == len(row.supplier_ids) == len(set(row.supplier_ids))


def test_every_reported_row_lands_in_exactly_one_place(report) -> None:
    rows = report.inputs.smelters
    matched = sum(1 for r in rows if r.cid)
    behind_list = sum(
        sum(1 for r in rows if r.cid == s.cid and r.metal == s.metal) for s in report.smelter_list
    )
    assert behind_list == matched
    unmatched_suppliers = {(u.metal, sid) for u in report.unmatched for sid in u.supplier_ids}
    assert unmatched_suppliers == {(r.metal, r.supplier_id) for r in rows if not r.cid}


def test_declarations_behind_the_per_metal_rates(report) -> None:
    readable = [f for f in report.inputs.suppliers if f.readable]
    for metal, rate in report.response_rate_by_metal.items():
        yes = sum(f.answers.get("Q1", {}).get(metal) == "Yes" for f in readable)
        assert rate == yes / len(readable)


def test_late_keys_are_overdue_or_after_the_due_date(report) -> None:
    due: date = report.inputs.due_date
    expected = {
        str(f.request_id)
        for f in report.inputs.suppliers
        if f.overdue or (f.submitted_on is not None and f.submitted_on > due)
    }
    assert set(report.late.keys) == expected
