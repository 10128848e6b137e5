"""The backup rehearsal on PostgreSQL with the real pg_dump and pg_restore (live: needs
DATABASE_URL on a PostgreSQL server). It works in a scratch database of its own, created
and dropped here, so it never touches the test database other tests share."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parents[2]


def _server() -> dict[str, object]:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("This live test needs DATABASE_URL on PostgreSQL.", pytrace=False)
    return {
        "host": database["HOST"],
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"] or None,
    }


@pytest.fixture
def scratch_url() -> Iterator[str]:
    server = _server()
    name = f"backup_rehearsal_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{server['password']}" if server["password"] else ""
    try:
        yield f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(url: str, var: Path, *args: str, script: str | None = None) -> str:
    env = {**os.environ, "DATABASE_URL": url, "VAR_DIR": str(var)}
    env.pop("MEDIA_ROOT", None)
    argv = ["-c", script] if script else ["manage.py", *args]
    result = subprocess.run(
        [sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


SETUP = """
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from suppliers.models import Supplier
call_command("migrate", verbosity=0)
Supplier.objects.create(name="Alpha Metals", country="DE")
default_storage.save("submissions/ab/abc.xlsx", ContentFile(b"PK original workbook"))
"""
DAMAGE = """
import django
django.setup()
from suppliers.models import Supplier
Supplier.objects.update(name="Wrong")
Supplier.objects.create(name="Later", country="DE")
"""
READ = """
import django
django.setup()
from suppliers.models import Supplier
print(sorted(Supplier.objects.values_list("name", flat=True)))
"""


def test_rehearsal_on_postgresql(scratch_url: str, tmp_path: Path) -> None:
    var = tmp_path / "var"
    manage(scratch_url, var, script=SETUP)
    made = manage(scratch_url, var, "backup", "--out", str(tmp_path / "b"))
    assert made == (
        f"Backed up the postgresql database and 1 media file (20 bytes) to {tmp_path / 'b'}.\n"
    )
    manage(scratch_url, var, script=DAMAGE)
    (var / "media" / "submissions" / "ab" / "abc.xlsx").unlink()
    restored = manage(scratch_url, var, "restore", str(tmp_path / "b"), "--noinput")
    assert restored == (
        f"Restored the postgresql database and 1 media file (20 bytes) from {tmp_path / 'b'}; "
        "every file matches the manifest.\n"
    )
    assert manage(scratch_url, var, script=READ) == "['Alpha Metals']\n"
    assert (var / "media" / "submissions" / "ab" / "abc.xlsx").read_bytes() == (
        b"PK original workbook"
    )
