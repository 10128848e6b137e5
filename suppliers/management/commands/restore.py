"""``manage.py restore DIR``: verify a backup against its manifest, then replace the
database and write MEDIA_ROOT's files back (config/backup.py). Stop the web server and the
workers first; run ``migrate`` afterwards if the code is newer than the backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from config.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = "Restore the database and MEDIA_ROOT from a directory made by `manage.py backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        database = connections[options["database"]].settings_dict
        try:
            manifest = backup_verify(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if options["interactive"]:
            answer = input(
                f"This replaces the database and rewrites MEDIA_ROOT's files from the backup "
                f"of {manifest['created_at']}. Type 'yes' to continue: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        # Our own connection must not hold the database while it is replaced.
        connections.close_all()
        try:
            outcome = backup_restore(
                directory, database=database, media_root=Path(settings.MEDIA_ROOT)
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if outcome.mismatched_tables:
            listed = ", ".join(
                f"{name} (backup {want}, now {got})"
                for name, (want, got) in outcome.mismatched_tables.items()
            )
            raise CommandError(f"Restored, but row counts differ from the manifest: {listed}")
        self.stdout.write(
            f"Restored the {outcome.database_summary} and {outcome.media_summary}"
            f" from {directory}; every file matches the manifest."
        )
        if outcome.extra_media:
            self.stdout.write(
                f"Left in place: {len(outcome.extra_media)} of MEDIA_ROOT's files are not in "
                "the backup (newer uploads; delete them if nothing refers to them)."
            )
