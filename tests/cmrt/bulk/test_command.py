"""``manage.py import_cmrt`` (no worker: it reads the files in-process)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cmrt.models import BulkImport
from suppliers.models import Supplier
from tests.cmrt.bulk.helpers import cmrt_for, zip_of

pytestmark = pytest.mark.django_db

ALPHA = cmrt_for("Alpha Metals AG")
BETA = cmrt_for("Beta Circuits")


def import_cmrt(*args: str) -> tuple[int, list[dict[str, object]] | str]:
    out = io.StringIO()
    try:
        call_command("import_cmrt", *args, stdout=out)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    text = out.getvalue()
    if "--json" in args:
        return code, [json.loads(line) for line in text.splitlines()]
    return code, text


def test_json_has_one_object_per_file_with_exactly_the_issue_keys(
    tmp_path: Path, supplier_a: Supplier, supplier_b: Supplier
) -> None:
    folder = tmp_path / "cmrts"
    (folder / "q1").mkdir(parents=True)
    (folder / "q1" / "alpha.xlsx").write_bytes(ALPHA)
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    archive = tmp_path / "more.zip"
    archive.write_bytes(zip_of({"beta.xlsx": BETA, "alpha copy.xlsx": ALPHA}))

    code, rows = import_cmrt(str(folder), str(archive), "--json")

    assert code == 0
    assert [list(row) for row in rows] == [
        [
            "file",
            "supplier",
            "status",
            "template",
            "version",
            "errors",
            "warnings",
            "smelters",
            "matched",
            "duplicate",
        ]
    ] * 3
    by_file = {row["file"]: row for row in rows}
    alpha = by_file["cmrts/q1/alpha.xlsx"]
    assert {k: alpha[k] for k in ("supplier", "status", "template", "version", "smelters")} == {
        "supplier": "Alpha Metals",
        "status": "done",
        "template": "CMRT",
        "version": "6.5",
        "smelters": 4,
    }
    assert alpha["duplicate"] is False
    assert isinstance(alpha["errors"], int) and isinstance(alpha["matched"], int)
    assert by_file["more.zip/beta.xlsx"]["supplier"] == "Beta Circuits"
    copy = by_file["more.zip/alpha copy.xlsx"]
    assert (copy["status"], copy["duplicate"], copy["supplier"]) == (
        "duplicate",
        True,
        "Alpha Metals",
    )
    assert BulkImport.objects.get().status == BulkImport.Status.DONE


def test_the_exit_code_is_1_when_a_file_was_not_imported(tmp_path: Path) -> None:
    (tmp_path / "unknown.xlsx").write_bytes(cmrt_for("Nobody Ltd"))
    (tmp_path / "notes.txt").write_text("hello")
    code, text = import_cmrt(str(tmp_path / "unknown.xlsx"), str(tmp_path / "notes.txt"))
    assert code == 1
    lines = text.splitlines()
    assert lines[0].split() == [
        "file",
        "supplier",
        "status",
        "template",
        "version",
        "errors",
        "warnings",
        "smelters",
        "matched",
    ]
    assert lines[1].split() == ["notes.txt", "skipped"]
    assert lines[2].split()[:4] == ["unknown.xlsx", "needs_supplier", "CMRT", "6.5"]


def test_supplier_forces_the_supplier_and_must_exist(tmp_path: Path, supplier_b: Supplier) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(cmrt_for("Nobody Ltd"))
    code, rows = import_cmrt(str(path), "--supplier", "beta circuits", "--json")
    assert (code, rows[0]["supplier"], rows[0]["status"]) == (0, "Beta Circuits", "done")
    with pytest.raises(CommandError) as refused:
        call_command("import_cmrt", str(path), "--supplier", "Nobody")
    assert str(refused.value) == 'No supplier is named "Nobody".'
    with pytest.raises(CommandError) as refused:
        call_command("import_cmrt", str(tmp_path / "missing.xlsx"))
    assert str(refused.value) == f"{tmp_path / 'missing.xlsx'} does not exist."
