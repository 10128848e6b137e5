"""The dashboard is computed once and recomputed when something it shows changes."""

from __future__ import annotations

import pytest

from suppliers.selectors import campaign_cache
from suppliers.selectors.campaign_cache import campaign_dashboard_cached
from suppliers.services.campaigns import request_note, request_transition
from tests.suppliers.campaigns.conftest import TODAY, World

pytestmark = pytest.mark.django_db


def test_the_dashboard_is_reused_until_a_request_changes(
    world: World, compliance_user, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed: list[int] = []
    original = campaign_cache.campaign_dashboard

    def counting(campaign, today):  # type: ignore[no-untyped-def]
        computed.append(campaign.pk)
        return original(campaign, today)

    monkeypatch.setattr(campaign_cache, "campaign_dashboard", counting)
    today = TODAY
    first = campaign_dashboard_cached(world.campaign, today)
    again = campaign_dashboard_cached(world.campaign, today)
    assert len(computed) == 1 and again.figures == first.figures
    request_note(world.requests["beta"], "Called them.", compliance_user)  # history changed
    campaign_dashboard_cached(world.campaign, today)
    assert len(computed) == 2
    request_transition(world.requests["beta"], "opened", by=compliance_user)
    board = campaign_dashboard_cached(world.campaign, today)
    assert len(computed) == 3
    assert dict(board.figures.by_state)["opened"] == 1
