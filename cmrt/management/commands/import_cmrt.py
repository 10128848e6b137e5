"""``python manage.py import_cmrt PATH... [--supplier NAME] [--json]``

Imports CMRT workbooks in bulk, through the same service as the bulk upload page. PATH may
be a workbook, a folder (read recursively) or a zip. With a live worker (heartbeat) and a
real broker, the job runs on the workers and the command waits for it; otherwise the
command unpacks and reads every file itself. Exit code 0 when every file was imported
(done, or a duplicate of a file already there), 1 otherwise.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cmrt.models import BulkImport, BulkItem
from cmrt.selectors import worker_status
from cmrt.selectors.bulk import IMPORTED, JSON_KEYS, BulkRow, bulk_rows
from cmrt.services.bulk import BulkRejected, bulk_expand, bulk_settle, bulk_start
from cmrt.services.ingestion import submission_ingest
from suppliers.models import Supplier

POLL_SECONDS = 0.5


class Command(BaseCommand):
    help = "Import CMRT workbooks in bulk from files, folders and zips."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="workbooks, folders or zips")
        parser.add_argument("--supplier", help="assign every file to this supplier (exact name)")
        parser.add_argument("--json", action="store_true", help="one JSON object per file")
        parser.add_argument(
            "--timeout",
            type=float,
            default=3600.0,
            help="seconds to wait for the workers (default 3600); the job goes on after",
        )
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="read the files in this process even if a worker is running",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files = _collect(options["paths"])
        supplier = None
        if options["supplier"]:
            supplier = Supplier.objects.filter(name__iexact=options["supplier"].strip()).first()
            if supplier is None:
                raise CommandError(
                    _('No supplier is named "%(name)s".') % {"name": options["supplier"]}
                )
        on_workers = (
            not options["in_process"]
            and not settings.CELERY_TASK_ALWAYS_EAGER
            and worker_status().alive
        )
        try:
            bulk = bulk_start(files=files, by=None, supplier=supplier, enqueue=on_workers)
        except BulkRejected as exc:
            raise CommandError(str(exc)) from None
        if on_workers:
            self._wait(bulk, options["timeout"])
        else:
            bulk_expand(bulk.pk, enqueue=False)  # the job keeps the supplier
            queued = BulkItem.objects.filter(bulk=bulk, status=BulkItem.Status.QUEUED)
            for submission_id in queued.values_list("submission_id", flat=True):
                if submission_id is not None:
                    submission_ingest(submission_id)
        bulk.refresh_from_db()
        bulk_settle(bulk)
        if bulk.status == BulkImport.Status.FAILED:
            raise CommandError(bulk.message)
        rows = bulk_rows(bulk)
        if options["json"]:
            for row in rows:
                self.stdout.write(json.dumps(row.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(_table(rows))
        for row in rows:
            # Why a file was not imported: neither the table nor the JSON (its keys are fixed)
            # has room for the message, so it goes to stderr, as cmrt_check does.
            if row.message and row.status not in IMPORTED:
                self.stderr.write(f"{row.file}: {row.message}")
        if not rows or any(row.status not in IMPORTED for row in rows):
            raise SystemExit(1)

    def _wait(self, bulk: BulkImport, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            bulk.refresh_from_db()
            if bulk.status == BulkImport.Status.RUNNING:
                bulk_settle(bulk)
                bulk.refresh_from_db()
            if bulk.status in (BulkImport.Status.DONE, BulkImport.Status.FAILED):
                return
            time.sleep(POLL_SECONDS)
        raise CommandError(
            _(
                "The workers did not finish within %(seconds)d s; bulk import %(id)d goes on "
                "in the background (see its page)."
            )
            % {"seconds": timeout, "id": bulk.pk}
        )


def _collect(paths: list[str]) -> list[tuple[str, bytes]]:
    """(name, bytes) for every file: a folder's files keep their path under the folder."""
    files: list[tuple[str, bytes]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file():
                    name = f"{path.resolve().name}/{found.relative_to(path).as_posix()}"
                    files.append((name, found.read_bytes()))
        elif path.is_file():
            files.append((path.name, path.read_bytes()))
        else:
            raise CommandError(_("%(path)s does not exist.") % {"path": raw})
    if not files:
        raise CommandError(_("The folders hold no file."))
    return files


def _table(rows: list[BulkRow]) -> str:
    header = [key for key in JSON_KEYS if key != "duplicate"]
    lines = [header]
    for row in rows:
        values = row.as_json()
        lines.append(["" if values[key] is None else str(values[key]) for key in header])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )
