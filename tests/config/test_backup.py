"""Backup and restore (config/backup.py and the ``backup``/``restore`` commands).

The rehearsal at the end runs the real commands, as an operator would, on a file-based
SQLite database in a fresh VAR_DIR: migrate and add rows and files, back up, damage both,
restore, and find everything back. The other tests work on small SQLite files directly.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from config import backup
from config.backup import BackupError, backup_create, backup_restore, backup_verify

ROOT = Path(__file__).resolve().parents[2]


def sqlite_db(path: Path, rows: int = 3) -> dict[str, Any]:
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")  # as the app runs it
        connection.execute("CREATE TABLE supplier (id INTEGER PRIMARY KEY, name TEXT)")
        connection.executemany(
            "INSERT INTO supplier (name) VALUES (?)", [(f"S{i}",) for i in range(rows)]
        )
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": path}


def names(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM supplier ORDER BY id")]


@pytest.fixture
def site(tmp_path: Path) -> tuple[dict[str, Any], Path]:
    database = sqlite_db(tmp_path / "db.sqlite3")
    media = tmp_path / "media"
    (media / "submissions" / "ab").mkdir(parents=True)
    (media / "submissions" / "ab" / "abc.xlsx").write_bytes(b"workbook")
    (media / "imports").mkdir()
    (media / "imports" / "x.upload").write_bytes(b"name\nA\n")
    return database, media


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_backup_holds_the_database_the_files_and_their_sums(site, tmp_path: Path) -> None:
    database, media = site
    outcome = backup_create(tmp_path / "b", database=database, media_root=media)
    assert (outcome.engine, outcome.tables, outcome.media_files, outcome.media_bytes) == (
        "sqlite",
        {"supplier": 3},
        2,
        15,
    )
    assert outcome.database_summary == "sqlite database, 1 tables, 3 rows"
    assert outcome.media_summary == "2 media files (15 bytes)"
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    copy = tmp_path / "b" / "database.sqlite3"
    assert manifest["format"] == 1
    assert manifest["database"] == {"engine": "sqlite", "tables": {"supplier": 3}}
    assert manifest["files"] == {
        "database.sqlite3": {"sha256": sha(copy.read_bytes()), "size": copy.stat().st_size},
        "media/imports/x.upload": {"sha256": sha(b"name\nA\n"), "size": 7},
        "media/submissions/ab/abc.xlsx": {"sha256": sha(b"workbook"), "size": 8},
    }
    assert names(copy) == ["S0", "S1", "S2"]
    # One self-contained file: no write-ahead log left beside the copy.
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "database.sqlite3",
        "manifest.json",
        "media",
    ]


def test_restore_brings_back_rows_and_files(site, tmp_path: Path) -> None:
    database, media = site
    backup_create(tmp_path / "b", database=database, media_root=media)
    with sqlite3.connect(database["NAME"]) as connection:
        connection.execute("DELETE FROM supplier WHERE name = 'S1'")
        connection.execute("UPDATE supplier SET name = 'changed' WHERE name = 'S0'")
        connection.execute("CREATE TABLE later (id INTEGER)")
    (media / "submissions" / "ab" / "abc.xlsx").write_bytes(b"overwritten")
    (media / "imports" / "x.upload").unlink()
    (media / "newer.upload").write_bytes(b"after the backup")

    outcome = backup_restore(tmp_path / "b", database=database, media_root=media)

    assert names(database["NAME"]) == ["S0", "S1", "S2"]
    with sqlite3.connect(database["NAME"]) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert [row[0] for row in tables] == ["supplier"]
    assert (media / "submissions" / "ab" / "abc.xlsx").read_bytes() == b"workbook"
    assert (media / "imports" / "x.upload").read_bytes() == b"name\nA\n"
    assert (outcome.tables, outcome.mismatched_tables, outcome.extra_media) == (
        {"supplier": 3},
        {},
        ["newer.upload"],
    )
    assert (media / "newer.upload").exists()  # left for the operator


def test_restore_onto_a_new_machine(site, tmp_path: Path) -> None:
    database, media = site
    backup_create(tmp_path / "b", database=database, media_root=media)
    fresh = {**database, "NAME": tmp_path / "new" / "db.sqlite3"}
    (tmp_path / "new").mkdir()
    backup_restore(tmp_path / "b", database=fresh, media_root=tmp_path / "new" / "media")
    assert names(fresh["NAME"]) == ["S0", "S1", "S2"]
    assert (tmp_path / "new" / "media" / "submissions" / "ab" / "abc.xlsx").exists()


def test_backup_refuses_to_overwrite_or_to_copy_itself(site, tmp_path: Path) -> None:
    database, media = site
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "old").write_text("x")
    with pytest.raises(BackupError, match=r"used is not empty: a backup never overwrites"):
        backup_create(tmp_path / "used", database=database, media_root=media)
    with pytest.raises(BackupError, match=r"inside MEDIA_ROOT: the backup would copy itself\.$"):
        backup_create(media / "backup", database=database, media_root=media)


@pytest.mark.parametrize(
    ("database", "message"),
    [
        (
            {"ENGINE": "django.db.backends.sqlite3", "NAME": "file:memorydb?mode=memory"},
            "An in-memory SQLite database cannot be backed up or restored.",
        ),
        (
            {"ENGINE": "django.db.backends.mysql", "NAME": "x"},
            "Backups support SQLite and PostgreSQL, not django.db.backends.mysql.",
        ),
    ],
)
def test_backup_refuses_what_it_cannot_copy(tmp_path, database, message: str) -> None:
    with pytest.raises(BackupError) as refused:
        backup_create(tmp_path / "b", database=database, media_root=tmp_path / "media")
    assert str(refused.value) == message


def test_a_missing_database_file_is_an_error_not_an_empty_backup(tmp_path: Path) -> None:
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "none.sqlite3"}
    with pytest.raises(BackupError) as refused:
        backup_create(tmp_path / "b", database=database, media_root=tmp_path / "media")
    assert str(refused.value) == f"The database file {tmp_path / 'none.sqlite3'} does not exist."
    assert not (tmp_path / "none.sqlite3").exists()


def damage(directory: Path, how: str) -> str:
    manifest_path = directory / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    if how == "changed":
        (directory / "media" / "imports" / "x.upload").write_bytes(b"name\nB\n")
        return "media/imports/x.upload: size or SHA-256 differs from the manifest; the backup "
    if how == "missing":
        (directory / "media" / "imports" / "x.upload").unlink()
        return "media/imports/x.upload is listed in the manifest but missing from the backup."
    if how == "escaping":
        manifest["files"]["../db.sqlite3"] = {"sha256": "0", "size": 0}
    elif how == "format":
        manifest["format"] = 2
    elif how == "engine":
        manifest["database"]["engine"] = "postgresql"
    manifest_path.write_text(json.dumps(manifest))
    return {
        "escaping": "The manifest names a path outside the backup: ../db.sqlite3",
        "format": "Unknown backup format 2 (expected 1).",
        "engine": "The backup is of a postgresql database; this installation uses sqlite.",
    }[how]


@pytest.mark.parametrize("how", ["changed", "missing", "escaping", "format", "engine"])
def test_a_damaged_backup_is_refused_before_anything_changes(site, tmp_path, how) -> None:
    database, media = site
    backup_create(tmp_path / "b", database=database, media_root=media)
    message = damage(tmp_path / "b", how)
    with sqlite3.connect(database["NAME"]) as connection:
        connection.execute("DELETE FROM supplier")
    with pytest.raises(BackupError) as refused:
        backup_restore(tmp_path / "b", database=database, media_root=media)
    assert str(refused.value).startswith(message)
    assert names(database["NAME"]) == []  # untouched


def test_a_directory_without_a_manifest_is_not_a_backup(tmp_path: Path) -> None:
    with pytest.raises(BackupError) as refused:
        backup_verify(tmp_path)
    assert str(refused.value) == (
        f"{tmp_path} has no manifest.json: it is not a backup made by `manage.py backup`."
    )


# POSTGRESQL -------------------------------------------------------------------------------

PG = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "minerals",
    "USER": "app",
    "PASSWORD": "s3cret",
    "HOST": "db.internal",
    "PORT": 5432,
    "OPTIONS": {"sslmode": "require"},
}
LIBPQ = {
    "PGHOST": "db.internal",
    "PGPORT": "5432",
    "PGUSER": "app",
    "PGPASSWORD": "s3cret",
    "PGSSLMODE": "require",
}


class FakeTools:
    """Records pg_dump/pg_restore calls; pg_dump writes a small file like a dump."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], dict[str, str]]] = []

    def __call__(self, argv: list[str], env: Mapping[str, str]) -> None:
        self.calls.append((argv, {k: env[k] for k in LIBPQ if k in env}))
        if argv[0] == "pg_dump":
            Path(argv[3].removeprefix("--file=")).write_bytes(b"PGDMP fake")


def test_postgresql_is_dumped_and_restored_with_the_client_tools(tmp_path: Path) -> None:
    tools = FakeTools()
    out = tmp_path / "b"
    outcome = backup_create(out, database=PG, media_root=tmp_path / "media", run=tools)
    assert outcome.database_summary == "postgresql database"
    dump = str(out / "database.dump")
    restored = backup_restore(out, database=PG, media_root=tmp_path / "media", run=tools)
    assert tools.calls == [
        (
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--file={dump}",
                "--dbname=minerals",
            ],
            LIBPQ,
        ),
        (["pg_restore", "--list", dump], LIBPQ),
        (
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname=minerals",
                dump,
            ],
            LIBPQ,
        ),
    ]
    assert (restored.engine, restored.tables, restored.media_files) == ("postgresql", {}, 0)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["database"] == {"engine": "postgresql", "tables": None}
    assert manifest["files"] == {"database.dump": {"sha256": sha(b"PGDMP fake"), "size": 10}}


def test_missing_client_tools_are_named(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(BackupError) as refused:
        backup_create(tmp_path / "b", database=PG, media_root=tmp_path / "media")
    assert str(refused.value) == (
        "pg_dump was not found on PATH: install the PostgreSQL client tools "
        "(the server's major version or newer)."
    )


def test_a_failing_tool_reports_its_message(tmp_path: Path, monkeypatch) -> None:
    def fake(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(argv, 1, "", "pg_dump: error: connection failed\n")

    monkeypatch.setattr(backup.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(backup.subprocess, "run", fake)
    with pytest.raises(BackupError) as refused:
        backup_create(tmp_path / "b", database=PG, media_root=tmp_path / "media")
    assert str(refused.value) == "pg_dump failed (1): pg_dump: error: connection failed"


# THE COMMANDS -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_commands_refuse_the_in_memory_test_database(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("backup", out=tmp_path / "b")
    assert str(refused.value) == "An in-memory SQLite database cannot be backed up or restored."


def test_restore_asks_first(site, tmp_path: Path, monkeypatch) -> None:
    database, media = site
    backup_create(tmp_path / "b", database=database, media_root=media)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(tmp_path / "b"))
    assert str(refused.value) == "Restore cancelled."


def manage(var: Path, *args: str, script: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "MEDIA_ROOT", "DJANGO_ENV"))
    }
    env.update(VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="config.settings")
    argv = ["-c", script] if script else ["manage.py", *args]
    return subprocess.run(
        [sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


SETUP = """
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from suppliers.models import Supplier
call_command("migrate", verbosity=0)
for name in ("Alpha Metals", "Beta Circuits"):
    Supplier.objects.create(name=name, country="DE")
default_storage.save("submissions/ab/abc.xlsx", ContentFile(b"PK original workbook"))
"""


def test_rehearsal_backup_damage_restore_on_the_embedded_sqlite(tmp_path: Path) -> None:
    var = tmp_path / "var"
    setup = manage(var, script=SETUP)
    assert setup.returncode == 0, setup.stderr
    made = manage(var, "backup", "--out", str(tmp_path / "backup"))
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Backed up the sqlite database, ")
    assert made.stdout.endswith(f"and 1 media file (20 bytes) to {tmp_path / 'backup'}.\n")

    db, stored = var / "db.sqlite3", var / "media" / "submissions" / "ab" / "abc.xlsx"
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM suppliers_supplier WHERE name = 'Beta Circuits'")
        connection.execute("UPDATE suppliers_supplier SET name = 'Wrong' WHERE name LIKE 'A%'")
    stored.unlink()

    restored = manage(var, "restore", str(tmp_path / "backup"), "--noinput")
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.endswith(
        f"and 1 media file (20 bytes) from {tmp_path / 'backup'}; every file matches the "
        "manifest.\n"
    )
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT name FROM suppliers_supplier ORDER BY name").fetchall()
    assert rows == [("Alpha Metals",), ("Beta Circuits",)]
    assert stored.read_bytes() == b"PK original workbook"


def test_restore_finds_row_counts_that_differ_from_the_manifest(site, tmp_path: Path) -> None:
    database, media = site
    backup_create(tmp_path / "b", database=database, media_root=media)
    manifest_path = tmp_path / "b" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["database"]["tables"]["supplier"] = 4
    manifest_path.write_text(json.dumps(manifest))
    outcome = backup_restore(tmp_path / "b", database=database, media_root=media)
    assert outcome.mismatched_tables == {"supplier": (4, 3)}


def test_the_restore_command_fails_on_differing_row_counts(tmp_path: Path, monkeypatch) -> None:
    from suppliers.management.commands import restore

    monkeypatch.setattr(restore, "backup_verify", lambda directory: {"created_at": "x"})
    monkeypatch.setattr(
        restore,
        "backup_restore",
        lambda directory, **kwargs: backup.Outcome(
            directory, "sqlite", {"supplier": 3}, 0, 0, mismatched_tables={"supplier": (4, 3)}
        ),
    )
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(tmp_path), interactive=False)
    assert str(refused.value) == (
        "Restored, but row counts differ from the manifest: supplier (backup 4, now 3)"
    )
