"""Shared fixtures: personas (healthchecks style) and private media per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.cache import cache
from django.test import Client

from suppliers.models import Supplier
from suppliers.roles import Role
from tests.factories import make_contact, make_supplier, make_user


@pytest.fixture(autouse=True)
def _fast_and_private(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # rate-limit counters must not carry over between tests
    # Real hashers are slow on purpose; tests check behaviour, not hashing strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def supplier_a(db) -> Supplier:
    supplier = make_supplier(
        "Alpha Metals", country="DE", vendor_number="A-1", duns_number="111111111"
    )
    make_contact(supplier, "Ada Alpha", email="ada@alpha.example.com", is_primary=True)
    return supplier


@pytest.fixture
def supplier_b(db) -> Supplier:
    supplier = make_supplier("Beta Circuits", country="JP", vendor_number="B-2")
    make_contact(supplier, "Ben Beta", email="ben@beta.example.com", is_primary=True)
    return supplier


@pytest.fixture
def compliance_user(db) -> AbstractUser:
    return make_user("casey", Role.COMPLIANCE, staff=True)


@pytest.fixture
def committee_user(db) -> AbstractUser:
    return make_user("morgan", Role.COMMITTEE)


@pytest.fixture
def supplier_a_user(supplier_a: Supplier) -> AbstractUser:
    return make_user("sam-a", Role.SUPPLIER, supplier=supplier_a)


@pytest.fixture
def supplier_b_user(supplier_b: Supplier) -> AbstractUser:
    return make_user("sam-b", Role.SUPPLIER, supplier=supplier_b)


def logged_in(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def compliance_client(compliance_user: AbstractUser) -> Client:
    return logged_in(compliance_user)


@pytest.fixture
def committee_client(committee_user: AbstractUser) -> Client:
    return logged_in(committee_user)


@pytest.fixture
def supplier_a_client(supplier_a_user: AbstractUser) -> Client:
    return logged_in(supplier_a_user)


@pytest.fixture
def supplier_b_client(supplier_b_user: AbstractUser) -> Client:
    return logged_in(supplier_b_user)
