"""A small campaign with one request in each interesting situation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from cmrt.models import RmapSnapshot, Submission
from suppliers.models import Campaign, CampaignRequest
from tests.cmrt.submissions.rows import make_reference, make_rmap
from tests.factories import make_supplier
from tests.suppliers.campaigns.builders import answers, make_campaign, make_file, make_request

State = CampaignRequest.State
TODAY = date(2026, 4, 10)  # after the due date (2026-03-31)


@dataclass
class World:
    campaign: Campaign
    snapshot: RmapSnapshot
    requests: dict[str, CampaignRequest]


@pytest.fixture
def world(supplier_a, supplier_b) -> World:
    """Alpha: under review, high risk (Q3 Gold), 1 error, two smelters; Beta: invited
    (overdue); Gamma: unreadable file (needs correction); Delta: accepted, tin only;
    Epsilon: declined."""
    gold = make_reference("CID000077", "Gold", "Argor-Heraeus S.A.")
    tin = make_reference("CID000100", "Tin", "Tin Works")
    snapshot = make_rmap(
        date(2025, 12, 31),
        {"CID000077": ("Conformant", "conformant"), "CID000100": ("Active", "active")},
    )
    campaign = make_campaign(rmap_snapshot=snapshot)
    gamma, delta, epsilon = (make_supplier(n) for n in ("Gamma", "Delta", "Epsilon"))
    alpha = make_request(campaign, supplier_a, state=State.UNDER_REVIEW)
    make_file(
        alpha,
        errors=1,
        warnings=3,
        declared=answers({"Tin": "Yes", "Gold": "Yes"}, Q3={"Gold": "Yes"}),
        smelters=(("Gold", "Argor", gold), ("Tin", "Tin Works", tin), ("Tin", "Nowhere", None)),
    )
    beta = make_request(campaign, supplier_b, state=State.INVITED)
    gamma_request = make_request(campaign, gamma, state=State.REJECTED)
    make_file(gamma_request, status=Submission.Status.FAILED, message="Not a CMRT.")
    delta_request = make_request(campaign, delta, state=State.ACCEPTED)
    make_file(delta_request, declared=answers({"Tin": "Yes"}), smelters=(("Tin", "T", tin),))
    epsilon_request = make_request(campaign, epsilon, state=State.DECLINED, decline_reason="no 3TG")
    return World(
        campaign,
        snapshot,
        {
            "alpha": alpha,
            "beta": beta,
            "gamma": gamma_request,
            "delta": delta_request,
            "epsilon": epsilon_request,
        },
    )
