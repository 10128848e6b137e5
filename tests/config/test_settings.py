"""Settings are read at start-up, so each case runs Django in a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import django; django.setup(); from django.conf import settings as s; print({})"


def run_settings(expression: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "CELERY_", "SECRET_KEY", "DEBUG"))
    }
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", VAR_DIR=str(tmp_path / "var"), **env)
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(expression)],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_embedded_default_needs_nothing_configured(tmp_path: Path) -> None:
    result = run_settings(
        "(s.DATABASES['default']['ENGINE'], str(s.DATABASES['default']['NAME']), s.CELERY_BROKER_URL,"
        " s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    engine, name, broker, eager, email = eval(result.stdout)
    assert engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "var" / "db.sqlite3")
    assert broker == "filesystem://"
    assert eager is False  # a real worker process, not in-request execution
    assert email == "django.core.mail.backends.console.EmailBackend"
    assert (tmp_path / "var" / "broker" / "queue").is_dir()


def test_the_embedded_broker_keeps_everything_under_var(tmp_path: Path) -> None:
    """Worker pings and remote control go to var/broker/control, not ./control."""
    result = run_settings("s.CELERY_BROKER_TRANSPORT_OPTIONS", tmp_path)
    assert result.returncode == 0, result.stderr
    broker = tmp_path / "var" / "broker"
    assert eval(result.stdout) == {
        "data_folder_in": str(broker / "queue"),
        "data_folder_out": str(broker / "queue"),
        "processed_folder": str(broker / "processed"),
        "control_folder": str(broker / "control"),
        "store_processed": False,
    }
    assert (broker / "control").is_dir()


def test_production_urls_select_postgresql_and_redis(tmp_path: Path) -> None:
    result = run_settings(
        "(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.CELERY_BROKER_URL,"
        " s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'])",
        tmp_path,
        DATABASE_URL="postgres://app@db.internal:5432/minerals",
        CELERY_BROKER_URL="redis://cache.internal:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert eval(result.stdout) == (
        "django.db.backends.postgresql",
        "minerals",
        "redis://cache.internal:6379/0",
        14400,
    )


def test_secret_key_is_required_when_debug_is_off(tmp_path: Path) -> None:
    result = run_settings("s.DEBUG", tmp_path, DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_a_bad_boolean_stops_start_up(tmp_path: Path) -> None:
    result = run_settings("s.DEBUG", tmp_path, DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_smtp_is_used_when_a_mail_host_is_set(tmp_path: Path) -> None:
    result = run_settings(
        "(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_USE_TLS)", tmp_path, EMAIL_HOST="smtp.example.com"
    )
    assert result.returncode == 0, result.stderr
    assert eval(result.stdout) == (
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.com",
        True,
    )


def test_upload_limit_is_read_with_units(tmp_path: Path) -> None:
    result = run_settings("s.MAX_UPLOAD_BYTES", tmp_path, MAX_UPLOAD_BYTES="5M")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(5 * 1024 * 1024)
