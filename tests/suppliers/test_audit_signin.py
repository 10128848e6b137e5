"""The audit log records sign-ins, failed sign-ins and sign-outs, with the client address."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory

from config.audit.models import AuditEntry
from config.audit.services import client_ip
from suppliers.views.login import LOGIN_LIMIT
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"


def entries(action: str) -> list[dict[str, Any]]:
    return list(
        AuditEntry.objects.filter(action=action)
        .order_by("pk")
        .values(
            "actor_id",
            "actor_label",
            "target_type",
            "target_id",
            "target_label",
            "ip",
            "details",
        )
    )


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=IP
    )


def test_a_sign_in_is_recorded_with_who_and_from_where(client: Client, supplier_a_user) -> None:
    assert sign_in(client, "sam-a", PASSWORD).status_code == 302
    assert entries("login") == [
        {
            "actor_id": supplier_a_user.pk,
            "actor_label": "sam-a",
            "target_type": "auth.user",
            "target_id": str(supplier_a_user.pk),
            "target_label": "sam-a",
            "ip": IP,
            "details": {},
        }
    ]


def test_a_failed_sign_in_records_the_name_as_typed_and_no_actor(
    client: Client, supplier_a_user
) -> None:
    assert sign_in(client, "sam-a", "wrong").status_code == 200
    assert sign_in(client, "nobody-here", "wrong").status_code == 200
    assert entries("login_failed") == [
        {
            "actor_id": None,
            "actor_label": "",
            "target_type": "auth.user",
            "target_id": "",
            "target_label": name,
            "ip": IP,
            "details": {"username": name},
        }
        for name in ("sam-a", "nobody-here")
    ]
    assert entries("login") == []


def test_attempts_refused_by_the_throttle_are_recorded_as_throttled(
    client: Client, supplier_a_user
) -> None:
    for _ in range(LOGIN_LIMIT.limit + 2):
        sign_in(client, "sam-a", "wrong")
    # The limit's worth of checked passwords, then the two refused without a check.
    details = [entry["details"] for entry in entries("login_failed")]
    assert details.count({"username": "sam-a"}) == LOGIN_LIMIT.limit
    assert details.count({"username": "sam-a", "throttled": True}) == 2


def test_a_sign_out_is_recorded(client: Client, supplier_a_user) -> None:
    sign_in(client, "sam-a", PASSWORD)
    assert client.post("/accounts/logout/", REMOTE_ADDR=IP).status_code == 302
    assert entries("logout") == [
        {
            "actor_id": supplier_a_user.pk,
            "actor_label": "sam-a",
            "target_type": "auth.user",
            "target_id": str(supplier_a_user.pk),
            "target_label": "sam-a",
            "ip": IP,
            "details": {},
        }
    ]


def test_signing_out_without_a_session_records_nothing(client: Client) -> None:
    client.post("/accounts/logout/")
    assert entries("logout") == []


@pytest.mark.parametrize(
    ("trust", "meta", "expected"),
    [
        (False, {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}, "10.0.0.5"),
        # The proxy appends the address it saw; anything before it came from the client.
        (
            True,
            {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.9"},
            "198.51.100.9",
        ),
        (True, {"REMOTE_ADDR": "10.0.0.5"}, "10.0.0.5"),
        (True, {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "not-an-ip"}, None),
        (False, {"REMOTE_ADDR": "2001:DB8::1"}, "2001:db8::1"),
        (False, {"REMOTE_ADDR": ""}, None),
    ],
)
def test_the_client_address(settings, trust: bool, meta: dict[str, str], expected) -> None:
    settings.TRUST_X_FORWARDED_FOR = trust
    request = RequestFactory().get("/", **meta)
    if not meta.get("REMOTE_ADDR"):
        request.META.pop("REMOTE_ADDR", None)
    assert client_ip(request) == expected
