"""Rate limits: the limiter itself, portal uploads, and sign-in attempts."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import path, reverse

from cmrt.models import Submission
from cmrt.tasks.ingestion import ingest_submission
from config.ratelimit import Limit, ratelimit_hit, ratelimit_peek, ratelimit_reset
from config.urls import urlpatterns as project_urls
from suppliers.views import portal
from suppliers.views.login import LOGIN_LIMIT, RateLimitedLoginView
from tests.factories import PASSWORD

# --- The limiter ---------------------------------------------------------------------------

LIMIT = Limit(name="test", limit=3, window=600)


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_hits_within_the_limit_pass_and_the_next_one_is_refused() -> None:
    clock = Clock(6000.0)
    verdicts = [ratelimit_hit(LIMIT, "k", clock=clock) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert [v.count for v in verdicts] == [1, 2, 3, 4]
    assert verdicts[-1].retry_after == 600 and verdicts[-1].retry_minutes == 10


def test_keys_count_apart_and_a_new_window_starts_afresh() -> None:
    clock = Clock(6000.0)
    for _ in range(3):
        ratelimit_hit(LIMIT, "a", clock=clock)
    assert not ratelimit_peek(LIMIT, "a", clock=clock).allowed
    assert ratelimit_peek(LIMIT, "b", clock=clock).allowed
    clock.now = 6599.5
    assert ratelimit_peek(LIMIT, "a", clock=clock).retry_after == 1
    assert ratelimit_peek(LIMIT, "a", clock=clock).retry_minutes == 1
    clock.now = 6600.0
    assert ratelimit_hit(LIMIT, "a", clock=clock).count == 1


def test_peek_does_not_count_and_reset_forgets() -> None:
    clock = Clock(6000.0)
    ratelimit_hit(LIMIT, "k", clock=clock)
    assert ratelimit_peek(LIMIT, "k", clock=clock).count == 1
    assert ratelimit_peek(LIMIT, "k", clock=clock).count == 1
    ratelimit_reset(LIMIT, "k", clock=clock)
    assert ratelimit_peek(LIMIT, "k", clock=clock).count == 0


def test_odd_keys_are_fine() -> None:
    assert ratelimit_hit(LIMIT, "user name with spaces\n" + "x" * 500).allowed


# --- Portal uploads ------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen() -> mock.Mock:
    """The limiter's clock stopped at 9000 s past the epoch: 15-minute windows then have
    exactly 15 minutes left, 10-minute ones 10 minutes."""
    with mock.patch("config.ratelimit.time") as fake:
        fake.time.return_value = 9000.0
        yield fake


def test_too_many_uploads_get_a_clear_message_not_an_error(
    supplier_a_client: Client, request_a, frozen
) -> None:
    small = Limit(name="portal-upload-test", limit=2, window=600)
    target = reverse("portal:upload", args=[request_a.pk])
    with (
        mock.patch.object(portal, "UPLOAD_LIMIT", small),
        mock.patch.object(ingest_submission, "delay"),
    ):
        for n in range(2):
            response = supplier_a_client.post(
                target, {"file": SimpleUploadedFile(f"{n}.xlsx", f"file {n}".encode())}
            )
            assert response.status_code == 302
        response = supplier_a_client.post(target, {"file": SimpleUploadedFile("3.xlsx", b"file 3")})
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many uploads in a short time; try again in 10 minutes." in content
    assert Submission.objects.count() == 2


def test_the_message_says_one_minute_near_the_end_of_the_window(
    supplier_a_client: Client, request_a, frozen
) -> None:
    frozen.time.return_value = 9599.0  # the 10-minute window ends at 9600
    small = Limit(name="portal-upload-clock", limit=0, window=600)
    with mock.patch.object(portal, "UPLOAD_LIMIT", small):
        response = supplier_a_client.post(
            reverse("portal:upload", args=[request_a.pk]),
            {"file": SimpleUploadedFile("a.xlsx", b"a")},
        )
    assert response.context["upload_error"] == (
        "Too many uploads in a short time; try again in 1 minute."
    )


# --- Sign-in -------------------------------------------------------------------------------

# config/urls.py keeps Django's LoginView until the swap (see the report); these tests
# mount the rate-limited view in a URLconf of their own.
urlpatterns = [
    path("signin/", RateLimitedLoginView.as_view(), name="signin"),
    *project_urls,
]
signin = override_settings(ROOT_URLCONF=__name__)


def attempt(client: Client, username: str, password: str = "wrong", ip: str = "203.0.113.7"):
    return client.post("/signin/", {"username": username, "password": password}, REMOTE_ADDR=ip)


@signin
def test_the_tenth_failure_warns_and_the_eleventh_attempt_is_refused(
    client: Client, supplier_a_user, frozen
) -> None:
    for _ in range(LOGIN_LIMIT.limit - 1):
        response = attempt(client, "sam-a")
        assert response.status_code == 200
        assert "Too many sign-in attempts" not in response.content.decode()
    tenth = attempt(client, "sam-a")
    # Even the right password is not checked once the limit is reached.
    refused = attempt(client, "sam-a", PASSWORD)
    message = "Too many sign-in attempts; try again in 15 minutes."
    assert tenth.context["form"].non_field_errors()[-1] == message
    assert refused.status_code == 429
    assert refused.context["form"].non_field_errors() == [message]
    assert message in refused.content.decode()
    assert "_auth_user_id" not in client.session


@signin
def test_the_limit_is_per_user_name_and_address(client: Client, supplier_a_user, frozen) -> None:
    for _ in range(LOGIN_LIMIT.limit):
        attempt(client, "sam-a")
    assert attempt(client, "SAM-A ").status_code == 429  # the same name as people type it
    assert attempt(client, "sam-a", PASSWORD, ip="198.51.100.1").status_code == 302
    assert attempt(Client(), "someone-else").status_code == 200


@signin
def test_a_successful_sign_in_clears_the_count(client: Client, supplier_a_user, frozen) -> None:
    for _ in range(LOGIN_LIMIT.limit - 1):
        attempt(client, "sam-a")
    assert attempt(client, "sam-a", PASSWORD).status_code == 302
    client.logout()
    for _ in range(LOGIN_LIMIT.limit - 1):
        assert attempt(client, "sam-a").status_code == 200
