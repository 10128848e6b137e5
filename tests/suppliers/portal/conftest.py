"""Portal fixtures: an open campaign with a request for supplier A and one for supplier B.
The rate-limit counters live in the cache, so every test starts with an empty one."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.cache import cache

from suppliers.models import Campaign, CampaignRequest, Clarification, Supplier


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def make_campaign(name: str = "CMRT 2026", **fields: Any) -> Campaign:
    fields.setdefault("reporting_year", 2026)
    fields.setdefault("period_start", date(2026, 1, 1))
    fields.setdefault("period_end", date(2026, 12, 31))
    fields.setdefault("due_date", date(2027, 3, 31))
    fields.setdefault("minimum_version", "6.4")
    fields.setdefault("status", Campaign.Status.OPEN)
    return Campaign.objects.create(name=name, **fields)


def make_request(campaign: Campaign, supplier: Supplier, **fields: Any) -> CampaignRequest:
    fields.setdefault("state", CampaignRequest.State.INVITED)
    return CampaignRequest.objects.create(campaign=campaign, supplier=supplier, **fields)


def ask(request: CampaignRequest, question: str = "Why is smelter row 6 unknown?", **fields: Any):
    return Clarification.objects.create(request=request, question=question, **fields)


@pytest.fixture
def campaign(db) -> Campaign:
    return make_campaign(scope=Campaign.Scope.PRODUCT)


@pytest.fixture
def request_a(campaign: Campaign, supplier_a: Supplier) -> CampaignRequest:
    return make_request(campaign, supplier_a, requested_products="P-100\nP-200\n")


@pytest.fixture
def request_b(campaign: Campaign, supplier_b: Supplier) -> CampaignRequest:
    return make_request(campaign, supplier_b)
