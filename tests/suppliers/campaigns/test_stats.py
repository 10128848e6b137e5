"""Dashboard figures and SVG charts from plain rows (pure)."""

from __future__ import annotations

import re
from datetime import date

from suppliers.campaign_stats import (
    Bar,
    RequestRow,
    RowFilter,
    SmelterRow,
    cumulative_line_svg,
    figures_compute,
    metals_answering_yes,
    percent,
    question_keys,
    responses_cumulative,
    rows_matching,
    status_bars_svg,
)

DUE = date(2026, 3, 31)
TODAY = date(2026, 4, 10)


def _rows() -> list[RequestRow]:
    return [
        RequestRow(1, 11, "Alpha", "invited"),
        RequestRow(2, 12, "Beta", "not_sent"),
        RequestRow(
            3,
            13,
            "Gamma",
            "under_review",
            responded_on=date(2026, 3, 1),
            submission_status="checked",
            error_count=2,
            has_declaration=True,
            metals_used=frozenset({"Tin", "Gold"}),
            high_risk_metals=frozenset({"Gold"}),
            smelter_buckets=frozenset({"conformant", "unmatched"}),
        ),
        RequestRow(
            4,
            14,
            "Delta",
            "accepted",
            responded_on=date(2026, 3, 3),
            submission_status="checked",
            has_declaration=True,
            metals_used=frozenset({"Tin"}),
            smelter_buckets=frozenset({"conformant"}),
        ),
        RequestRow(
            5,
            15,
            "Epsilon",
            "rejected",
            responded_on=date(2026, 3, 3),
            submission_status="failed",
        ),
        RequestRow(6, 16, "Zeta", "declined", responded_on=date(2026, 2, 20)),
    ]


def _smelters() -> list[SmelterRow]:
    return [
        SmelterRow(3, "Tin", "CID001", "conformant"),
        SmelterRow(4, "Tin", "CID001", "conformant"),  # the same smelter: counted once
        SmelterRow(3, "Gold", "Gold|nowhere", "unmatched"),
        SmelterRow(99, "Gold", "CID009", "active"),  # not a row of this campaign
    ]


def test_figures_reconcile_with_the_rows() -> None:
    rows = _rows()
    figures = figures_compute(rows, _smelters(), due_date=DUE, today=TODAY)
    assert figures.in_scope == 6
    assert sum(count for _state, count in figures.by_state) == figures.in_scope
    assert dict(figures.by_state) == {
        "not_sent": 1,
        "invited": 1,
        "opened": 0,
        "submitted": 0,
        "under_review": 1,
        "clarification": 0,
        "rejected": 1,
        "accepted": 1,
        "declined": 1,
    }
    assert figures.responded == 4
    assert figures.response_percent == 67
    assert figures.overdue == 3  # not sent, invited, needs correction
    assert figures.with_errors == 2  # two checker errors; an unreadable file
    assert figures.high_risk == 1
    assert figures.with_declaration == 2
    tin = next(m for m in figures.by_metal if m.metal == "Tin")
    gold = next(m for m in figures.by_metal if m.metal == "Gold")
    assert (tin.uses, tin.of, tin.percent) == (2, 2, 100)
    assert (gold.uses, gold.of, gold.percent) == (1, 2, 50)
    assert dict(figures.smelters)["conformant"] == 1
    assert dict(figures.smelters)["unmatched"] == 1
    assert dict(figures.smelters)["active"] == 0
    assert figures.smelters_total == 2


def test_each_figure_equals_its_drill_down() -> None:
    rows = _rows()
    figures = figures_compute(rows, _smelters(), due_date=DUE, today=TODAY)

    def count(f: RowFilter) -> int:
        return len(rows_matching(rows, f, due_date=DUE, today=TODAY))

    assert count(RowFilter()) == figures.in_scope
    assert count(RowFilter(responded=True)) == figures.responded
    assert count(RowFilter(overdue=True)) == figures.overdue
    assert count(RowFilter(errors=True)) == figures.with_errors
    assert count(RowFilter(high_risk=True)) == figures.high_risk
    for state, number in figures.by_state:
        assert count(RowFilter(state=state)) == number
    for metal in figures.by_metal:
        assert count(RowFilter(metal=metal.metal)) == metal.uses
    assert [
        r.supplier_name
        for r in rows_matching(rows, RowFilter(rmap="conformant"), due_date=DUE, today=TODAY)
    ] == ["Gamma", "Delta"]


def test_empty_campaign_has_no_rate() -> None:
    figures = figures_compute([], [], due_date=DUE, today=TODAY)
    assert figures.in_scope == 0
    assert figures.response_percent is None
    assert all(count == 0 for _state, count in figures.by_state)


def test_percent_rounds_half_up() -> None:
    assert percent(1, 8) == 13  # 12.5
    assert percent(2, 3) == 67
    assert percent(0, 0) is None


def test_question_keys_follow_the_release() -> None:
    assert question_keys("6.5") == ("Q1", ("Q3", "Q4"))
    assert question_keys("3.02") == ("Q1", ("Q3",))
    assert question_keys("2.03a") == ("Q1", ("Q2",))
    assert question_keys("") == ("Q1", ("Q3", "Q4"))


def test_metals_answering_yes_reads_the_stored_shape() -> None:
    stored = {
        "Q1": {
            "Tin": {"value": "Yes", "comment": ""},
            "Gold": {"value": "yes "},
            "Tantalum": {"value": "No"},
            "Tungsten": "Yes",
        }
    }
    assert metals_answering_yes(stored, "Q1") == {"Tin", "Gold", "Tungsten"}
    assert metals_answering_yes(stored, "Q3") == frozenset()


def test_responses_cumulative_fills_every_day() -> None:
    points = responses_cumulative(
        [date(2026, 3, 1), date(2026, 3, 3), date(2026, 3, 3), None, date(2026, 2, 1)],
        start=date(2026, 3, 1),
        end=date(2026, 3, 4),
    )
    assert points == (
        (date(2026, 3, 1), 2),  # the early one counts from the first day
        (date(2026, 3, 2), 2),
        (date(2026, 3, 3), 4),
        (date(2026, 3, 4), 4),
    )
    assert responses_cumulative([], start=date(2026, 3, 2), end=date(2026, 3, 1)) == ()


def test_status_bars_svg_has_one_linked_bar_per_state_and_escapes_text() -> None:
    svg = status_bars_svg(
        [Bar("invited", 4, "/campaigns/1/requests/?state=invited&x=1"), Bar("<b>", 2), Bar("z", 0)],
        title="Requests by state",
        desc="invited: 4",
        id_prefix="status",
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg and 'aria-labelledby="status-title status-desc"' in svg
    assert '<title id="status-title">Requests by state</title>' in svg
    assert len(re.findall(r"<rect ", svg)) == 3
    assert 'width="360"' in svg and 'width="180"' in svg and 'width="0"' in svg
    assert '<a href="/campaigns/1/requests/?state=invited&amp;x=1">' in svg
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert "<script" not in svg


def test_cumulative_line_svg_has_a_point_per_change_and_the_due_line() -> None:
    points = (
        (date(2026, 3, 30), 0),
        (date(2026, 3, 31), 2),
        (date(2026, 4, 1), 2),
        (date(2026, 4, 2), 3),
    )
    svg = cumulative_line_svg(
        points,
        total=6,
        title="Responses",
        desc="3 of 6",
        id_prefix="resp",
        due_date=DUE,
        due_label="due",
    )
    assert svg.count("<circle") == 2
    assert "<title>2026-03-31: 2</title>" in svg and "<title>2026-04-02: 3</title>" in svg
    assert svg.count("<polyline") == 1
    assert re.search(r'points="44\.0,190\.0 [^"]+ 604\.0,[0-9.]+"', svg)
    assert '<g class="due">' in svg and ">due</text>" in svg
    assert ">6</text>" in svg  # the axis goes up to the suppliers in scope


def test_cumulative_line_svg_without_points_is_still_a_chart() -> None:
    svg = cumulative_line_svg((), total=0, title="Responses", desc="none", id_prefix="r")
    assert "<polyline" not in svg and svg.endswith("</svg>")
