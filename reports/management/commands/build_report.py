"""``python manage.py build_report --campaign YEAR --out DIR``: write the report documents
of that reporting year's campaign and print their paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reports.services import report_documents
from suppliers.models import Campaign


class Command(BaseCommand):
    help = "Build the RCOI summary, the CMR draft (DOCX, PDF) and the company CMRT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", type=int, required=True, metavar="YEAR")
        parser.add_argument("--name", default="", help="the campaign's name, if several")
        parser.add_argument("--out", type=Path, required=True, metavar="DIR")

    def handle(self, *args: Any, **options: Any) -> None:
        year, name = options["campaign"], options["name"]
        campaigns = Campaign.objects.filter(reporting_year=year)
        if name:
            campaigns = campaigns.filter(name=name)
        found = list(campaigns.order_by("name")[:2])
        if not found:
            raise CommandError(f"No campaign for the reporting year {year}.")
        if len(found) > 1:
            names = ", ".join(c.name for c in campaigns.order_by("name"))
            raise CommandError(f"Several campaigns for {year} ({names}): choose one with --name.")
        out: Path = options["out"]
        out.mkdir(parents=True, exist_ok=True)
        documents = report_documents(found[0], today=timezone.localdate())
        for file_name, content in documents.files.items():
            path = out / file_name
            path.write_bytes(content)
            self.stdout.write(str(path))
