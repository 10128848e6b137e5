"""Sign-in hardening as configured for the project: password rules, the throttle on the
real sign-in URL, cookie flags and session expiry."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from suppliers.views.login import LOGIN_LIMIT
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "messages"),
    [
        ("k9#Lm2", ["This password is too short. It must contain at least 8 characters."]),
        ("password1", ["This password is too common."]),
        ("48291057362", ["This password is entirely numeric."]),
        ("casey1234", ["The password is too similar to the username."]),
        ("11111111", ["This password is too common.", "This password is entirely numeric."]),
    ],
)
def test_weak_passwords_are_refused(compliance_user, password: str, messages: list[str]) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=compliance_user)
    assert refused.value.messages == messages


def test_a_strong_password_passes(compliance_user) -> None:
    assert validate_password("amber-falcon-canyon-42", user=compliance_user) is None


def test_the_password_change_page_applies_the_rules(compliance_client: Client) -> None:
    response = compliance_client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"] == [
        "This password is too common.",
        "This password is entirely numeric.",
    ]


def test_the_real_sign_in_url_is_throttled(client: Client, supplier_a_user) -> None:
    url = reverse("login")
    for _ in range(LOGIN_LIMIT.limit):
        client.post(url, {"username": "sam-a", "password": "wrong"})
    refused = client.post(url, {"username": "sam-a", "password": PASSWORD})
    assert refused.status_code == 429
    assert "Too many sign-in attempts; try again in" in refused.content.decode()
    # The refused attempt is in the audit log, marked as throttled (no password checked).
    from config.audit.models import AuditEntry

    last = AuditEntry.objects.filter(action="login_failed").first()
    assert (last.target_label, last.details) == ("sam-a", {"username": "sam-a", "throttled": True})
    assert AuditEntry.objects.filter(action="login_failed").count() == LOGIN_LIMIT.limit + 1


def test_cookies_are_http_only_and_same_site_lax(client: Client, supplier_a_user) -> None:
    client.get(reverse("login"))
    response = client.post(reverse("login"), {"username": "sam-a", "password": PASSWORD})
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert (name, cookie["httponly"], cookie["samesite"]) == (name, True, "Lax")


def test_cookies_are_secure_when_configured(client: Client, supplier_a_user, settings) -> None:
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client.get(reverse("login"))
    response = client.post(
        reverse("login"), {"username": "sam-a", "password": PASSWORD}, secure=True
    )
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["csrftoken"]["secure"] is True


def test_a_session_lasts_a_working_day(client: Client, supplier_a_user) -> None:
    response = client.post(reverse("login"), {"username": "sam-a", "password": PASSWORD})
    assert response.cookies["sessionid"]["max-age"] == 8 * 3600
    assert client.session.get_expiry_age() == 8 * 3600


def test_a_session_can_end_with_the_browser(client: Client, supplier_a_user, settings) -> None:
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    response = client.post(reverse("login"), {"username": "sam-a", "password": PASSWORD})
    assert response.cookies["sessionid"]["max-age"] == ""
    assert client.session.get_expire_at_browser_close() is True
