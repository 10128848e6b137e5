"""Review fixtures: a campaign, a request of supplier A under review with a checked file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from cmrt.models import Submission
from suppliers.models import Campaign, CampaignRequest, Supplier
from tests.cmrt.submissions.rows import make_checked, make_submission

DUE = date(2026, 5, 31)


@pytest.fixture(autouse=True)
def _review_settings(settings) -> None:
    settings.ROOT_URLCONF = "tests.suppliers.review.urls"
    settings.SITE_URL = "https://dd.example.com"
    settings.DEFAULT_FROM_EMAIL = "compliance@example.com"
    settings.LANGUAGE_CODE = "en"


def make_campaign(name: str = "CMRT 2025", **fields: object) -> Campaign:
    fields = {
        "reporting_year": 2025,
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
        "due_date": DUE,
        **fields,
    }
    return Campaign.objects.create(name=name, **fields)


@dataclass
class Reviewable:
    request: CampaignRequest
    submission: Submission


def make_reviewable(
    supplier: Supplier,
    campaign: Campaign | None = None,
    state: str = CampaignRequest.State.UNDER_REVIEW,
    *,
    findings: bool = True,
) -> Reviewable:
    """``findings``: the checked file of ``make_checked`` (three findings, two smelters; once
    per test, it creates reference rows), else a checked file with nothing in it."""
    campaign = campaign or make_campaign()
    request = CampaignRequest.objects.create(campaign=campaign, supplier=supplier, state=state)
    submission = make_checked(supplier) if findings else make_submission(supplier)
    Submission.objects.filter(pk=submission.pk).update(request=request)
    submission.refresh_from_db()
    request.submission = submission
    request.save(update_fields=["submission"])
    return Reviewable(request, submission)


@pytest.fixture
def reviewable(supplier_a: Supplier) -> Reviewable:
    return make_reviewable(supplier_a)
