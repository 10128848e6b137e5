"""``python manage.py cmrt_check FILE... [--json]``: read and check CMRT files.

Exit status: 0 when no file has errors, 1 when any has errors, 2 when any file cannot be
read as a CMRT (the reason goes to stderr and into the JSON).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cmrt.checks import CheckContext
from cmrt.pipeline import cmrt_check_bytes, report_json, report_text


class Command(BaseCommand):
    help = "Read and check CMRT workbooks; print a report per file (or JSON with --json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="one JSON object per file")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="check dates as if today were YYYY-MM-DD",
        )
        parser.add_argument(
            "--minimum-version",
            default=settings.CMRT_MINIMUM_VERSION,
            help="oldest CMRT release accepted without a warning (default %(default)s)",
        )
        parser.add_argument("--reporting-year", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        context = CheckContext(
            today=options["today"] or date.today(),
            minimum_version=options["minimum_version"],
            reporting_year=options["reporting_year"],
        )
        status = 0
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file")
            if path.stat().st_size > settings.MAX_UPLOAD_BYTES:
                problem = f"the file is larger than the {settings.MAX_UPLOAD_BYTES} byte limit"
                self._unreadable(name, problem, options["json"])
                status = 2
                continue
            report = cmrt_check_bytes(path.read_bytes(), context)
            if options["json"]:
                self.stdout.write(json.dumps(report_json(report, name), ensure_ascii=False))
            else:
                self.stdout.write(report_text(report, name))
            if not report.readable:
                self.stderr.write(f"{name}: {report.problem}")
                status = 2
            elif report.error_count and status == 0:
                status = 1
        if status:
            sys.exit(status)

    def _unreadable(self, name: str, problem: str, as_json: bool) -> None:
        self.stderr.write(f"{name}: {problem}")
        if as_json:
            payload = {"file": name, "template": None, "readable": False, "problem": problem}
            self.stdout.write(json.dumps(payload))
