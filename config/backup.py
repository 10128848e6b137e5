"""Backup and restore of the database and MEDIA_ROOT, with a manifest to verify both.

A backup is a new directory::

    manifest.json       format, time, app version, database engine, table row counts, and
                        the SHA-256 and size of every file below
    database.sqlite3    SQLite: a consistent copy made with SQLite's online backup API
    database.dump       PostgreSQL: ``pg_dump --format=custom``
    media/...           every file of MEDIA_ROOT, same relative paths

Restore checks every file against the manifest before it changes anything, then replaces
the database (SQLite: the online backup API in the other direction; PostgreSQL:
``pg_restore --clean --single-transaction``), writes the media files back and checks them
again. SQLite row counts are compared with the manifest. A PostgreSQL dump has none (it
reads a snapshot that a separate count could not match); pg_restore's exit status and the
dump's SHA-256 are its checks, and ``pg_restore --list`` reads every dump back once made.

Works on databases and folders, never on models: the commands ``backup`` and ``restore``
(suppliers/management/commands) call it, and so does the rehearsal test.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from config import __version__

MANIFEST = "manifest.json"
FORMAT = 1
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
MEDIA_DIR = "media"
_ENGINES = {"django.db.backends.sqlite3": "sqlite", "django.db.backends.postgresql": "postgresql"}
_CHUNK = 1024 * 1024

Runner = Callable[[list[str], Mapping[str, str]], None]


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Outcome:
    directory: Path
    engine: str
    tables: dict[str, int]
    media_files: int
    media_bytes: int
    mismatched_tables: dict[str, tuple[int, int]] = field(default_factory=dict)
    extra_media: list[str] = field(default_factory=list)  # in MEDIA_ROOT, not in the backup

    @property
    def database_summary(self) -> str:
        """ "sqlite database, 37 tables, 1204 rows" (PostgreSQL: no counts)."""
        if self.engine != "sqlite":
            return f"{self.engine} database"
        rows = sum(self.tables.values())
        return f"{self.engine} database, {len(self.tables)} tables, {rows} rows"

    @property
    def media_summary(self) -> str:
        """ "1 media file (11 bytes)", "3 media files (2048 bytes)"."""
        files = "file" if self.media_files == 1 else "files"
        return f"{self.media_files} media {files} ({self.media_bytes} bytes)"


def _engine(database: Mapping[str, Any]) -> str:
    engine = _ENGINES.get(str(database.get("ENGINE", "")))
    if engine is None:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {database.get('ENGINE')}.")
    return engine


def _sqlite_path(database: Mapping[str, Any]) -> Path:
    name = str(database.get("NAME", ""))
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(name)


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def _entry(path: Path) -> dict[str, Any]:
    return {"sha256": _digest(path), "size": path.stat().st_size}


def _media_files(root: Path) -> list[PurePosixPath]:
    """Regular files under ``root`` (symbolic links are not followed: a link could point
    anywhere, and the storage never makes one)."""
    if not root.is_dir():
        return []
    found = []
    for directory, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append(PurePosixPath(path.relative_to(root).as_posix()))
    return found


def _sqlite_tables(connection: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        name: connection.execute(f"SELECT COUNT(*) FROM {_quoted(name)}").fetchone()[0]
        for name in names
    }


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _check_integrity(connection: sqlite3.Connection, what: str) -> None:
    result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"SQLite's integrity check of {what} failed: {result}")


def _run(argv: list[str], env: Mapping[str, str]) -> None:
    if shutil.which(argv[0]) is None:
        raise BackupError(
            f"{argv[0]} was not found on PATH: install the PostgreSQL client tools "
            "(the server's major version or newer)."
        )
    result = subprocess.run(argv, env=dict(env), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} failed ({result.returncode}): {result.stderr.strip()}")


def pg_environment(database: Mapping[str, Any]) -> dict[str, str]:
    """libpq's variables for the connection in settings (the password never on argv)."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    sslmode = (database.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env


# BACKUP -----------------------------------------------------------------------------------


def backup_create(
    out: Path, *, database: Mapping[str, Any], media_root: Path, run: Runner = _run
) -> Outcome:
    engine = _engine(database)
    if out.resolve().is_relative_to(media_root.resolve()):
        raise BackupError(f"{out} is inside MEDIA_ROOT: the backup would copy itself.")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupError(f"{out} is not empty: a backup never overwrites another.")
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, dict[str, Any]] = {}
    tables: dict[str, int] = {}
    if engine == "sqlite":
        source_path = _sqlite_path(database)
        if not source_path.is_file():
            raise BackupError(f"The database file {source_path} does not exist.")
        copy = out / SQLITE_FILE
        source = sqlite3.connect(source_path, timeout=20)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)  # a consistent copy even while others write
            # One self-contained file: the copy must not depend on -wal/-shm files.
            target.execute("PRAGMA journal_mode=DELETE")
            _check_integrity(target, "the copy")
            tables = _sqlite_tables(target)
        finally:
            target.close()
            source.close()
        files[SQLITE_FILE] = _entry(copy)
    else:
        dump = out / PG_FILE
        env = pg_environment(database)
        name = database["NAME"]
        run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", f"--dbname={name}"], env)
        run(["pg_restore", "--list", str(dump)], env)  # the archive reads back
        files[PG_FILE] = _entry(dump)
    media_bytes = 0
    media = _media_files(media_root)
    for relative in media:
        target_path = out / MEDIA_DIR / relative
        target_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(media_root / relative, target_path)
        files[f"{MEDIA_DIR}/{relative}"] = _entry(target_path)
        media_bytes += files[f"{MEDIA_DIR}/{relative}"]["size"]
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "app_version": __version__,
        "database": {"engine": engine, "tables": tables if engine == "sqlite" else None},
        "files": files,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return Outcome(out, engine, tables, len(media), media_bytes)


# VERIFY AND RESTORE -----------------------------------------------------------------------


def backup_verify(directory: Path) -> dict[str, Any]:
    """The manifest, once every file it lists is there with its size and SHA-256."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(
            f"{directory} has no {MANIFEST}: it is not a backup made by `manage.py backup`."
        ) from None
    except (ValueError, OSError) as exc:
        raise BackupError(f"{directory / MANIFEST} cannot be read: {exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} (expected {FORMAT}).")
    for name, expected in sorted(manifest["files"].items()):
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise BackupError(f"The manifest names a path outside the backup: {name}")
        path = directory / relative
        if not path.is_file():
            raise BackupError(f"{name} is listed in the manifest but missing from the backup.")
        if path.stat().st_size != expected["size"] or _digest(path) != expected["sha256"]:
            raise BackupError(
                f"{name}: size or SHA-256 differs from the manifest; the backup is damaged "
                "or was changed."
            )
    return manifest


def _write_media(source: Path, target: Path, sha256: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.restoring")
    shutil.copy2(source, partial)
    os.replace(partial, target)  # a reader sees the old file or the new one, never half
    if _digest(target) != sha256:
        raise BackupError(f"{target} differs from the backup after writing it.")


def backup_restore(
    directory: Path, *, database: Mapping[str, Any], media_root: Path, run: Runner = _run
) -> Outcome:
    """Replace the database and write the media files back (stop the web server and the
    workers first). Files in MEDIA_ROOT that the backup does not hold are left in place
    and listed in ``extra_media``."""
    manifest = backup_verify(directory)
    engine = _engine(database)
    if manifest["database"]["engine"] != engine:
        raise BackupError(
            f"The backup is of a {manifest['database']['engine']} database; this installation "
            f"uses {engine}."
        )
    mismatched: dict[str, tuple[int, int]] = {}
    if engine == "sqlite":
        target_path = _sqlite_path(database)
        # Read-only: a restore never changes the backup it restores from.
        copy_uri = f"{(directory / SQLITE_FILE).resolve().as_uri()}?mode=ro"
        source = sqlite3.connect(copy_uri, uri=True)
        target = sqlite3.connect(target_path, timeout=20)
        try:
            source.backup(target)
            _check_integrity(target, str(target_path))
            tables = _sqlite_tables(target)
        finally:
            target.close()
            source.close()
        expected = manifest["database"]["tables"]
        for name in sorted(set(expected) | set(tables)):
            if expected.get(name) != tables.get(name):
                mismatched[name] = (expected.get(name, -1), tables.get(name, -1))
    else:
        run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={database['NAME']}",
                str(directory / PG_FILE),
            ],
            pg_environment(database),
        )
        tables = {}
    media = {
        name.removeprefix(f"{MEDIA_DIR}/"): entry
        for name, entry in manifest["files"].items()
        if name.startswith(f"{MEDIA_DIR}/")
    }
    for relative, entry in sorted(media.items()):
        _write_media(directory / MEDIA_DIR / relative, media_root / relative, entry["sha256"])
    extra = [str(path) for path in _media_files(media_root) if str(path) not in media]
    return Outcome(
        directory,
        engine,
        tables,
        len(media),
        sum(entry["size"] for entry in media.values()),
        mismatched_tables=mismatched,
        extra_media=extra,
    )
