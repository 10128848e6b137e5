"""Every hostile file through the command line: ``cmrt_check`` (reads and checks, stores
nothing) and ``import_cmrt`` (the bulk import: the job's archive and each file's submission
keep the bytes). Each gives the exact message on stderr, the right exit status, and no
traceback."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from cmrt.models import BulkImport
from tests.hostile.bounds import bounded
from tests.hostile.corpus import (
    CMRT_CHECK,
    IMPORT_CMRT,
    Case,
    NotReceived,
    Read,
    Refused,
    Skipped,
    cases,
)
from tests.hostile.stored import member_bytes, stored_bytes


def run(*args: str) -> tuple[int, str, str]:
    """The command's exit status, stdout and stderr."""
    out, err = StringIO(), StringIO()
    status = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("case", cases(), ids=str)
def test_cmrt_check(case: Case, tmp_path: Path) -> None:
    path = tmp_path / case.name
    path.write_bytes(case.content)
    expected = case.expected(CMRT_CHECK)
    with bounded():
        status, out, err = run("cmrt_check", str(path), "--json", "--today", "2026-04-01")
    report = json.loads(out)
    assert report["file"] == str(path)
    if isinstance(expected, Refused):
        assert (status, report["readable"], report["problem"]) == (2, False, expected.message)
        assert err == f"{path}: {expected.message}\n"
    else:
        assert isinstance(expected, Read)
        assert status in (0, 1)  # 1: the checker found errors, which it lists
        assert (report["readable"], report["company"]["name"]) == (True, expected.company)
        assert err == ""


@pytest.mark.django_db
@pytest.mark.parametrize("case", cases(), ids=str)
def test_import_cmrt(case: Case, tmp_path: Path) -> None:
    path = tmp_path / case.name
    path.write_bytes(case.content)
    expected = case.expected(IMPORT_CMRT)
    with bounded():
        status, out, err = run("import_cmrt", str(path), "--json")
    # Nothing here ends "imported": refused, skipped, or waiting for a supplier to be named.
    assert status == 1
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["file"] == case.name
    bulk = BulkImport.objects.get()
    assert member_bytes(bulk.file, case.name) == case.content  # the job's archive
    item = bulk.items.select_related("submission").get()
    if isinstance(expected, Refused | NotReceived | Skipped):
        status_of = {Refused: "failed", NotReceived: "failed", Skipped: "skipped"}
        assert row["status"] == status_of[type(expected)]
        assert err == f"{case.name}: {expected.message}\n"
    else:
        assert isinstance(expected, Read)
        assert (row["status"], err) == ("needs_supplier", "")
        assert item.submission.declared_company == expected.stored_company
    if isinstance(expected, Refused | Read):
        assert stored_bytes(item.submission.file) == case.content
    else:
        assert item.submission is None
