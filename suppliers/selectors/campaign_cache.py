"""The campaign dashboard, kept in Django's cache until something it shows changes.

Computing it reads every smelter row of the campaign's latest files (300,000 rows for
5,000 suppliers: seconds); a handful of aggregate queries tell whether anything changed
since: the campaign, its requests, their files and history, the reference data and
reviewers' decisions, and the day (overdue depends on it).
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Max

from cmrt.models import Submission
from cmrt.selectors.reference import reference_version
from suppliers.models import Campaign, CampaignRequest, RequestEvent
from suppliers.selectors.campaigns import CampaignDashboard, campaign_dashboard

CACHE_SECONDS = 3600


def campaign_data_version(campaign: Campaign, today: date) -> str:
    """A short hash that changes whenever anything a campaign page shows may have changed."""
    requests = CampaignRequest.objects.filter(campaign=campaign).aggregate(
        count=Count("pk"), changed=Max("updated_at")
    )
    files = Submission.objects.filter(request__campaign=campaign).aggregate(
        count=Count("pk"), finished=Max("finished_at"), latest=Max("pk")
    )
    events = RequestEvent.objects.filter(request__campaign=campaign).aggregate(last=Max("pk"))
    parts = (
        campaign.pk,
        campaign.updated_at,
        campaign.rmap_snapshot_id,
        today,
        *requests.values(),
        *files.values(),
        events["last"],
        *reference_version(),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def campaign_dashboard_cached(campaign: Campaign, today: date) -> CampaignDashboard:
    key = f"campaign-dashboard:{campaign.pk}:{campaign_data_version(campaign, today)}"
    board = cache.get(key)
    if board is None:
        board = campaign_dashboard(campaign, today)
        cache.set(key, board, CACHE_SECONDS)
    return board
