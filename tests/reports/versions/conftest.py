"""A small campaign and two committee members for the report-version tests."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AbstractUser

from reports.model import CompanyProfile
from reports.models import ReportVersion
from reports.services_versions import version_create
from suppliers.models import Campaign
from suppliers.roles import Role
from tests.factories import make_user

TODAY = date(2026, 3, 1)
PROFILE = CompanyProfile(name="Example Corp", contact_name="Casey")


@pytest.fixture
def campaign(db) -> Campaign:
    return Campaign.objects.create(
        name="CMRT 2025",
        reporting_year=2025,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        due_date=date(2026, 2, 1),
    )


@pytest.fixture
def second_member(db) -> AbstractUser:
    return make_user("quinn", Role.COMMITTEE)


@pytest.fixture
def draft(campaign: Campaign, compliance_user: AbstractUser) -> ReportVersion:
    return version_create(
        campaign,
        by=compliance_user,
        profile=PROFILE,
        texts={"cmr_introduction": "Hello"},
        today=TODAY,
    )
