"""``manage.py cmrt_check``: readable report, JSON, exit codes. No database needed."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.cmrt.build6x import cmrt_6x
from tests.cmrt.builders import template_workbook


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("cmrt_check", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_a_clean_file_exits_0_with_its_json(tmp_path: Path) -> None:
    path = write(tmp_path, "clean.xlsx", cmrt_6x())
    code, out, _err = run(path, "--json", "--today", "2026-06-01")
    data = json.loads(out)
    assert code == 0, data["findings"]
    assert (data["file"], data["template"], data["version"], data["language"]) == (
        path,
        "CMRT",
        "6.5",
        "English",
    )
    assert data["company"]["name"] == "Acme Components Ltd"
    assert data["scope"] == "A"
    assert data["answers"]["Q1"] == {
        "Tantalum": "Yes",
        "Tin": "Yes",
        "Gold": "Yes",
        "Tungsten": "Yes",
    }
    assert data["company_questions"]["B"]["comment"] == "https://acme.example.com/policy"
    assert [(s["row"], s["metal"], s["cid"]) for s in data["smelters"]] == [
        (5, "Tantalum", "CID001969"),
        (6, "Tin", "CID001182"),
        (7, "Gold", "CID000077"),
        (8, "Tungsten", "CID002044"),
    ]
    assert data["products"] == []
    assert all(f["severity"] != "error" for f in data["findings"])


def test_errors_exit_1_and_are_listed(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.xlsx", cmrt_6x(company={"name": "Acme", "scope": "A. Company"}))
    code, out, _err = run(path, "--today", "2026-06-01")
    assert code == 1
    assert "[error]" in out and out.strip().endswith("warnings")


def test_another_template_exits_2_naming_it(tmp_path: Path) -> None:
    content = template_workbook(
        title="Extended Mineral Reporting Template", revision_cell="Revision 2.1", history=("2.1",)
    )
    path = write(tmp_path, "emrt.xlsx", content)
    code, out, err = run(path, "--json")
    data = json.loads(out)
    assert code == 2
    assert (data["template"], data["version"], data["readable"]) == ("EMRT", "2.1", False)
    assert data["problem"].startswith("This is the EMRT 2.1 template")
    assert "not a CMRT" in err


def test_a_file_that_is_no_spreadsheet_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, "photo.xls", b"\xff\xd8\xff\xe0JFIF" + b"\0" * 100)
    code, out, err = run(path)
    assert code == 2
    assert "cannot be read: This file is not an Excel workbook." in out
    assert (
        err.strip()
        == f"{path}: This file is not an Excel workbook. Upload the CMRT as .xlsx (or .xls)."
    )


def test_several_files_report_the_worst_status(tmp_path: Path) -> None:
    good = write(tmp_path, "good.xlsx", cmrt_6x())
    bad = write(tmp_path, "bad.bin", b"not a workbook at all")
    code, out, _err = run(good, bad, "--json", "--today", "2026-06-01")
    assert code == 2
    assert [json.loads(line)["file"] for line in out.splitlines()] == [good, bad]


def test_a_missing_file_is_a_command_error(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no such file"):
        call_command("cmrt_check", str(tmp_path / "nope.xlsx"))
