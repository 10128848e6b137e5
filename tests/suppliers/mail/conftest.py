"""A campaign with requests, portal accounts for contacts, and a frozen clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime

import django.utils.timezone
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from suppliers.models import Campaign, CampaignRequest, Contact, Supplier, SupplierMembership
from suppliers.roles import Role
from suppliers.services.registry import user_set_roles
from tests.factories import PASSWORD

DUE = date(2026, 5, 31)
# Signing timestamps are whole seconds from time.time(): fixed, links are reproducible.
SIGNED_AT = 1_780_000_000.0


@pytest.fixture(autouse=True)
def _mail_settings(settings) -> None:
    settings.SITE_URL = "https://dd.example.com"
    settings.DEFAULT_FROM_EMAIL = "compliance@example.com"
    settings.COMPANY_NAME = "Example Devices Inc."
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def fixed_signing_time(monkeypatch) -> float:
    monkeypatch.setattr(time, "time", lambda: SIGNED_AT)
    return SIGNED_AT


@pytest.fixture
def clock(monkeypatch) -> Callable[[datetime], None]:
    """Set what ``timezone.now()`` returns (and so ``timezone.localdate()``)."""

    def set_now(moment: datetime) -> None:
        monkeypatch.setattr(django.utils.timezone, "now", lambda: moment)

    return set_now


@pytest.fixture
def campaign(db) -> Campaign:
    return Campaign.objects.create(
        name="CMRT 2025",
        reporting_year=2025,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        due_date=DUE,
        status=Campaign.Status.OPEN,
    )


def request_for(campaign: Campaign, supplier: Supplier, **fields: object) -> CampaignRequest:
    return CampaignRequest.objects.create(campaign=campaign, supplier=supplier, **fields)


def invited(campaign: Campaign, supplier: Supplier, **fields: object) -> CampaignRequest:
    """A request invited on 1 April 2026 (long before the first reminder)."""
    fields.setdefault("invited_at", datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    fields.setdefault("state", CampaignRequest.State.INVITED)
    return request_for(campaign, supplier, **fields)


@pytest.fixture
def request_a(campaign: Campaign, supplier_a: Supplier) -> CampaignRequest:
    return request_for(campaign, supplier_a)


def portal_account(contact: Contact) -> AbstractUser:
    """An activated supplier user for a contact, as the activation page leaves it."""
    user = get_user_model().objects.create_user(
        username=contact.email.lower(), email=contact.email.lower(), password=PASSWORD
    )
    user_set_roles(user, [Role.SUPPLIER])
    SupplierMembership.objects.create(user=user, supplier=contact.supplier, contact=contact)
    return user


@pytest.fixture
def ada(supplier_a: Supplier) -> Contact:
    return supplier_a.contacts.get(email="ada@alpha.example.com")


@pytest.fixture
def ada_user(ada: Contact) -> AbstractUser:
    return portal_account(ada)
