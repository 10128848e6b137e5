"""How much do our upload guards and the full import preview cost, per file size?

Prints ratios against a baseline run in the same process: a plain openpyxl read-only
read of the same XLSX. Run: ``.venv/bin/python bench/registry_import.py [ROWS ...]``.
Uses an in-memory SQLite database, so it needs no service and touches no data.
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("VAR_DIR", "/tmp/bench-var")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.core.management import call_command  # noqa: E402

from suppliers.services.transfer import RegistryKind, registry_import  # noqa: E402
from suppliers.tabular import table_read  # noqa: E402


def build_xlsx(rows: int) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["name", "country", "vendor_number", "duns_number", "status", "tags"])
    for n in range(rows):
        sheet.append(
            [f"Supplier {n:06d}", "DE", f"V-{n:06d}", f"{n:09d}", "active", "Metals, Tier 1"]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_openpyxl(content: bytes) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    for _row in workbook.worksheets[0].iter_rows(values_only=True):
        pass
    workbook.close()


def best_of(runs: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main(sizes: list[int]) -> None:
    call_command("migrate", verbosity=0)
    print(
        f"{'rows':>6} {'openpyxl s':>11} {'table_read':>11} {'preview':>9} {'preview/row ms':>15}"
    )
    for rows in sizes:
        content = build_xlsx(rows)
        baseline = best_of(3, lambda c=content: plain_openpyxl(c))
        guarded = best_of(3, lambda c=content: table_read(c, max_rows=10**6))
        preview = best_of(
            1, lambda c=content: registry_import(RegistryKind.SUPPLIERS, c, by=None, commit=False)
        )
        print(
            f"{rows:>6} {baseline:>11.3f} {guarded / baseline:>10.2f}x {preview / baseline:>8.1f}x"
            f" {preview / rows * 1000:>15.2f}"
        )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100, 1000, 5000])
