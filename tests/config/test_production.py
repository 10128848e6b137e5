"""DJANGO_ENV=production: what it requires, what it turns on, and `check --deploy` passing
with no warnings. Settings are read at start-up, so each case runs a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config.csp import policy

ROOT = Path(__file__).resolve().parents[2]
SECRET = "kq3v9Zr7-production-like-secret-Xw2Lp8Ty5Nb4Hc6Jd1Fg0Sm3Rv7Ua9Ee2Oi"
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "dd.example.com",
    "DATABASE_URL": "postgres://app@db.internal:5432/minerals",
    "SITE_URL": "https://dd.example.com",
}
# Variables a developer's shell or pytest's own settings may hold, which would change what
# these start-ups see.
_CLEARED = (
    "DJANGO_ENV",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "SITE_URL",
    "CELERY_",
    "SECURE_",
    "SESSION_",
    "BEHIND_TLS_PROXY",
    "MEDIA_ROOT",
    "STATIC_ROOT",
)


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(_CLEARED)}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", VAR_DIR=str(tmp_path / "var"), **env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def settings_of(expression: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    # Reading settings needs no django.setup(): half a second instead of one and a half.
    probe = f"from django.conf import settings as s; print({expression})"
    return run(["-c", probe], tmp_path, **env)


def check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **env)


def test_check_deploy_passes_with_no_warnings(tmp_path: Path) -> None:
    result = check_deploy(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    # The one silenced check is W021 (HSTS preload), off until the domain's owner opts in.
    assert result.stdout == "System check identified no issues (1 silenced).\n"
    assert result.stderr == ""


def test_with_preload_on_nothing_is_silenced(tmp_path: Path) -> None:
    result = check_deploy(tmp_path, **PRODUCTION, SECURE_HSTS_PRELOAD="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"


def test_check_deploy_fails_when_a_control_is_turned_off(tmp_path: Path) -> None:
    result = check_deploy(tmp_path, **PRODUCTION, SECURE_SSL_REDIRECT="false")
    assert result.returncode == 1
    assert "(security.W008) Your SECURE_SSL_REDIRECT setting is not set to True." in result.stderr


HEADERS = """
from django.test import Client
client = Client(HTTP_HOST="dd.example.com")
plain = client.get("/no-such-page/")
tls = client.get("/no-such-page/", secure=True)
names = ("Strict-Transport-Security", "Content-Security-Policy", "X-Frame-Options",
         "Referrer-Policy", "Cross-Origin-Opener-Policy", "X-Content-Type-Options")
print((plain.status_code, plain["Location"], plain["Content-Security-Policy"] == tls[names[1]],
       tls.status_code, {n: tls[n] for n in names}))
"""


def test_production_responses_carry_the_headers(tmp_path: Path) -> None:
    """The redirect to HTTPS, then the headers every response gets over HTTPS."""
    result = run(["manage.py", "shell", "-v0", "-c", HEADERS], tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert eval(result.stdout) == (
        301,
        "https://dd.example.com/no-such-page/",
        True,  # the redirect carries the policy too
        404,
        {
            "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
            "Content-Security-Policy": policy(settings.SECURE_CSP),
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "same-origin",
            "Cross-Origin-Opener-Policy": "same-origin",
            "X-Content-Type-Options": "nosniff",
        },
    )


def test_production_turns_on_every_control(tmp_path: Path) -> None:
    result = settings_of(
        "(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_SAMESITE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.X_FRAME_OPTIONS,"
        " s.SECURE_REFERRER_POLICY, s.SECURE_CROSS_ORIGIN_OPENER_POLICY,"
        " s.SECURE_CONTENT_TYPE_NOSNIFF, s.SESSION_COOKIE_AGE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE)",
        tmp_path,
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert eval(result.stdout) == (
        False,
        *(True,) * 6,
        *("Lax",) * 3,
        True,
        None,
        31_536_000,
        True,
        False,
        "DENY",
        "same-origin",
        "same-origin",
        True,
        28_800,
        False,
    )


def test_behind_a_tls_proxy_and_with_tuned_sessions(tmp_path: Path) -> None:
    result = settings_of(
        "(s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_AGE,"
        " s.SESSION_EXPIRE_AT_BROWSER_CLOSE)",
        tmp_path,
        **PRODUCTION,
        BEHIND_TLS_PROXY="true",
        SECURE_HSTS_SECONDS="3600",
        SESSION_COOKIE_AGE="3600",
        SESSION_EXPIRE_AT_BROWSER_CLOSE="yes",
    )
    assert result.returncode == 0, result.stderr
    assert eval(result.stdout) == (("HTTP_X_FORWARDED_PROTO", "https"), 3600, 3600, True)


def test_development_stays_on_plain_http(tmp_path: Path) -> None:
    """`make run` serves http://127.0.0.1:8000: no redirect, no HSTS, cookies over HTTP."""
    result = settings_of(
        "(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE,"
        " s.SESSION_COOKIE_AGE, s.X_FRAME_OPTIONS)",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert eval(result.stdout) == (True, False, 0, False, 28_800, "DENY")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DEBUG": "true"}, "DEBUG must be off when DJANGO_ENV=production."),
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set when DEBUG is off."),
        (
            {"ALLOWED_HOSTS": ""},
            "ALLOWED_HOSTS must be set when DJANGO_ENV=production: the host names the app "
            "answers to.",
        ),
        (
            {"DATABASE_URL": ""},
            "DATABASE_URL must be set: production runs on PostgreSQL "
            "(postgres://user:pass@host/db).",
        ),
        (
            {"SITE_URL": "http://dd.example.com"},
            "SITE_URL must be the public https:// address when DJANGO_ENV=production: links "
            "in e-mails use it.",
        ),
        ({"DJANGO_ENV": "prod"}, "DJANGO_ENV='prod' must be one of: development, production."),
    ],
)
def test_production_refuses_to_start_without_what_it_needs(
    tmp_path: Path, change: dict[str, str], message: str
) -> None:
    result = settings_of("s.DEBUG", tmp_path, **{**PRODUCTION, **change})
    assert result.returncode != 0
    assert message in result.stderr


def test_media_inside_a_static_folder_stops_start_up(tmp_path: Path) -> None:
    static = tmp_path / "static"
    result = settings_of(
        "s.MEDIA_ROOT", tmp_path, STATIC_ROOT=str(static), MEDIA_ROOT=str(static / "media")
    )
    assert result.returncode != 0
    assert (
        f"MEDIA_ROOT ({static / 'media'}) must not be inside a static folder ({static}): "
        "uploaded files would be served to anyone."
    ) in result.stderr
