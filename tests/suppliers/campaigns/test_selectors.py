"""Dashboard figures and the request list behind each of them."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from suppliers.campaign_stats import RowFilter
from suppliers.selectors.campaigns import (
    campaign_dashboard,
    campaign_list,
    campaign_request_detail,
    campaign_requests,
    campaigns_visible_to,
)
from tests.suppliers.campaigns.conftest import TODAY, World

pytestmark = pytest.mark.django_db


def _filter(query: str) -> RowFilter:
    params = dict(parse_qsl(query))
    return RowFilter(
        state=params.get("state", ""),
        overdue=params.get("overdue") == "1",
        errors=params.get("errors") == "1",
        high_risk=params.get("high_risk") == "1",
        responded=params.get("responded") == "1",
        metal=params.get("metal", ""),
        rmap=params.get("rmap", ""),
    )


def _names(world: World, query: str) -> list[str]:
    rows = campaign_requests(world.campaign, _filter(query), TODAY)
    return [r.row.supplier_name for r in rows]


def test_dashboard_numbers(world: World) -> None:
    board = campaign_dashboard(world.campaign, TODAY)
    f = board.figures
    assert f.in_scope == 5
    assert sum(n for _s, n in f.by_state) == 5
    assert (f.responded, f.response_percent) == (4, 80)
    assert f.overdue == 2  # Beta invited, Gamma needs correction
    assert f.with_errors == 2  # Alpha's error, Gamma's unreadable file
    assert f.high_risk == 1
    assert {m.metal: (m.uses, m.of) for m in f.by_metal} == {
        "Tantalum": (0, 2),
        "Tin": (2, 2),
        "Gold": (1, 2),
        "Tungsten": (0, 2),
    }
    smelters = dict(f.smelters)
    assert (smelters["conformant"], smelters["active"], smelters["unmatched"]) == (1, 1, 1)
    assert f.smelters_total == 3
    assert [r.supplier_name for r in board.overdue_rows] == ["Beta Circuits", "Gamma"]
    assert [r.supplier_name for r in board.high_risk_rows] == ["Alpha Metals"]
    assert board.snapshot == world.snapshot and board.snapshot_bound


def test_every_drill_down_lists_exactly_the_rows_counted(world: World) -> None:
    board = campaign_dashboard(world.campaign, TODAY)
    drills = [board.in_scope, board.responded, board.overdue, board.with_errors, board.high_risk]
    drills += [*board.states, *board.metals, *board.smelters]
    for drill in drills:
        if drill.key in (
            "conformant",
            "active",
            "unmatched",
            "not_listed",
            "unknown",
            "not_conformant",
        ):
            continue  # smelters are counted, the list shows the suppliers that reported them
        assert len(_names(world, drill.query)) == drill.count, drill
    assert board.overdue.query == "overdue=1"
    assert board.metals[1].query == "metal=Tin"
    assert _names(world, "rmap=conformant") == ["Alpha Metals"]
    assert _names(world, "rmap=active") == ["Alpha Metals", "Delta"]
    assert _names(world, "state=declined") == ["Epsilon"]


def test_request_list_search_and_latest_submission(world: World) -> None:
    rows = campaign_requests(world.campaign, RowFilter(), TODAY, query="alp")
    assert [r.row.supplier_name for r in rows] == ["Alpha Metals"]
    assert rows[0].submission is not None and rows[0].row.error_count == 1
    overdue = campaign_requests(world.campaign, RowFilter(overdue=True), TODAY)
    assert all(r.overdue for r in overdue)


def test_campaign_list_counts(world: World, compliance_user) -> None:
    campaign = campaign_list(compliance_user, TODAY).get()
    assert (campaign.in_scope, campaign.responded, campaign.overdue) == (5, 4, 2)


def test_visibility(world: World, compliance_user, committee_user, supplier_a_user) -> None:
    assert campaigns_visible_to(compliance_user).count() == 1
    assert campaigns_visible_to(committee_user).count() == 1
    assert campaigns_visible_to(supplier_a_user).count() == 0


def test_request_detail_has_history_and_files(world: World) -> None:
    detail = campaign_request_detail(world.requests["gamma"], TODAY)
    assert len(detail.submissions) == 1 and detail.overdue
    assert detail.events == ()


def test_the_response_line_ends_at_the_responded_count(world: World) -> None:
    from django.utils import timezone

    board = campaign_dashboard(world.campaign, timezone.localdate())
    assert board.responses[-1][1] == board.figures.responded == 4
