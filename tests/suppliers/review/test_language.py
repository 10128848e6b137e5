from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cmrt.checks import CheckContext
from cmrt.pipeline import cmrt_check_bytes
from suppliers.language import SESSION_KEY
from suppliers.models import UserPreference
from tests.cmrt.build6x import COMPANY, cmrt_6x
from tests.factories import PASSWORD

JA_NAME_MISSING = "Declaration D8: 会社名が未入力です。貴社の会社名を入力してください。"
JA_PORTAL_INTRO = "サプライヤーポータルの貴社専用ページです。"


def test_a_finding_comes_out_in_japanese() -> None:
    from datetime import date

    content = cmrt_6x(company={**COMPANY, "name": ""})
    with translation.override("ja"):
        report = cmrt_check_bytes(content, CheckContext(today=date(2026, 4, 1)))
    [finding] = [f for f in report.findings if f.cell == "D8"]
    assert finding.message == JA_NAME_MISSING


def test_switching_saves_the_preference_and_goes_back(supplier_a_client, supplier_a_user) -> None:
    response = supplier_a_client.post(reverse("language"), {"language": "ja", "next": "/portal/"})
    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "ja"
    assert UserPreference.objects.get(user=supplier_a_user).language == "ja"
    assert supplier_a_client.session[SESSION_KEY] == "ja"


def test_the_portal_renders_japanese_after_switching(supplier_a_client) -> None:
    assert JA_PORTAL_INTRO not in supplier_a_client.get("/portal/").content.decode()
    supplier_a_client.post(reverse("language"), {"language": "ja", "next": "/portal/"})
    content = supplier_a_client.get("/portal/").content.decode()
    assert JA_PORTAL_INTRO in content
    assert '<html lang="ja">' in content


def test_an_unknown_language_or_a_foreign_next_changes_nothing(
    supplier_a_client, supplier_a_user
) -> None:
    response = supplier_a_client.post(
        reverse("language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert django_settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert not UserPreference.objects.filter(user=supplier_a_user).exists()


def test_get_is_not_allowed(supplier_a_client) -> None:
    assert supplier_a_client.get(reverse("language")).status_code == 405


def test_anonymous_users_switch_by_cookie_only(db) -> None:
    response = Client().post(reverse("language"), {"language": "ja", "next": "/accounts/login/"})
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "ja"
    assert not UserPreference.objects.exists()


@pytest.fixture
def with_preference_middleware(settings) -> None:
    middleware = list(settings.MIDDLEWARE)
    at = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    middleware.insert(at, "suppliers.language.PreferredLanguageMiddleware")
    settings.MIDDLEWARE = middleware


def test_the_saved_language_applies_at_sign_in_on_another_browser(
    with_preference_middleware, supplier_a_user
) -> None:
    UserPreference.objects.create(user=supplier_a_user, language="ja")
    browser = Client()  # no language cookie
    response = browser.post(
        reverse("login"), {"username": supplier_a_user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert browser.session[SESSION_KEY] == "ja"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "ja"
    content = browser.get("/portal/").content.decode()
    assert JA_PORTAL_INTRO in content


def test_without_a_saved_language_sign_in_changes_nothing(
    with_preference_middleware, supplier_a_user
) -> None:
    browser = Client()
    response = browser.post(
        reverse("login"), {"username": supplier_a_user.username, "password": PASSWORD}
    )
    assert SESSION_KEY not in browser.session
    assert django_settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert JA_PORTAL_INTRO not in browser.get("/portal/").content.decode()
