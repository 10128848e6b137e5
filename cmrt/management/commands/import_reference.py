"""``python manage.py import_reference FILE [--as-of YYYY-MM-DD] [--dry-run] [--json]``.

Imports a Smelter Look-up tab, an RMI facility list or an RMAP status list (what the file
is comes from its content). Exit status: 0 imported (or previewed) without problems,
1 some rows were skipped (listed), 2 the file cannot be read as a reference list and
nothing was imported.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cmrt.services.reference import ReferenceFileError, ReferenceImportResult, reference_import


class Command(BaseCommand):
    help = "Import a smelter reference file (Look-up tab, facility list or RMAP status list)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="date the list is valid from (default: the date the file states, else today)",
        )
        parser.add_argument("--dry-run", action="store_true", help="report, save nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if path.stat().st_size > settings.MAX_UPLOAD_BYTES:
            self._unreadable(
                path, f"the file is larger than the {settings.MAX_UPLOAD_BYTES} byte limit", options
            )
        try:
            result = reference_import(
                path.read_bytes(),
                path.name,
                as_of=options["as_of"],
                commit=not options["dry_run"],
            )
        except ReferenceFileError as exc:
            self._unreadable(path, str(exc), options, exc.problems)
        if options["json"]:
            self.stdout.write(
                json.dumps({"file": str(path), **result.as_dict()}, ensure_ascii=False)
            )
        else:
            self.stdout.write(self._text(path, result, options["dry_run"]))
        if result.problems:
            sys.exit(1)

    def _text(self, path: Path, result: ReferenceImportResult, dry_run: bool) -> str:
        head = "Preview (nothing saved)" if dry_run and not result.already_imported else "Imported"
        if result.already_imported:
            head = "Already imported"
        lines = [
            f"{path}: {result.source_label or result.kind} as of "
            f"{result.as_of.isoformat() if result.as_of else '-'}",
            f"{head}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.removed} removed",
        ]
        if result.statuses:
            lines.append(
                "Statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(result.statuses.items()))
            )
        lines += [f"Note: {note}" for note in result.notes]
        lines += [f"Problem: {problem}" for problem in result.problems]
        return "\n".join(lines)

    def _unreadable(
        self, path: Path, problem: str, options: dict[str, Any], problems: tuple[str, ...] = ()
    ) -> NoReturn:
        self.stderr.write(f"{path}: {problem}")
        for line in problems:
            self.stderr.write(f"  {line}")
        if options["json"]:
            payload = {
                "file": str(path),
                "readable": False,
                "problem": problem,
                "problems": list(problems),
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        sys.exit(2)
