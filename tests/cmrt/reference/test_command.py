"""``manage.py import_reference``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from cmrt.models import ReferenceSmelter
from tests.cmrt.reference.builders import csv_bytes, facility_list

pytestmark = pytest.mark.django_db


def _run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = 0
    try:
        call_command("import_reference", *args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_and_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(facility_list([("CID000001", "Gold", "Gold One", "JAPAN")]))
    code, out, _err = _run(str(path), "--as-of", "2024-01-01", "--json", capsys=capsys)
    payload = json.loads(out)
    assert code == 0
    assert {k: payload[k] for k in ("kind", "created", "updated", "removed", "as_of")} == {
        "kind": "facility_list",
        "created": 1,
        "updated": 0,
        "removed": 0,
        "as_of": "2024-01-01",
    }
    assert payload["committed"] is True


def test_dry_run_saves_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(facility_list([("CID000001", "Gold", "Gold One", "JAPAN")]))
    code, out, _err = _run(str(path), "--dry-run", capsys=capsys)
    assert code == 0
    assert "Preview (nothing saved): 1 created, 0 updated, 0 unchanged, 0 removed" in out
    assert not ReferenceSmelter.objects.exists()


def test_rows_with_problems_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.csv"
    rows = [("Smelter ID", "Metal", "Smelter Name"), ("CID000001", "Gold", "A"), ("", "Gold", "B")]
    path.write_bytes(csv_bytes(rows))
    code, out, _err = _run(str(path), capsys=capsys)
    assert code == 1
    assert "Problem: row 3: no smelter ID" in out


def test_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n1,2\n")
    code, out, err = _run(str(path), "--json", capsys=capsys)
    assert code == 2
    assert json.loads(out)["readable"] is False
    assert "This file is not a smelter list" in err
