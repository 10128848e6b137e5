"""Opening uploads: formats from the bytes, encryption, hostile archives. No database."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from cmrt.workbook import UnreadableWorkbook, Workbook, split_address, workbook_open
from tests.cmrt import hostile
from tests.cmrt.builders import encrypt, save, template_workbook
from tests.cmrt.corpus import corpus_file


def test_reads_values_by_excel_address() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Declaration"
    workbook.active["D8"] = "Acme Corp"
    workbook.active["J3"] = 6.5
    sheet = workbook_open(save(workbook)).sheet("Declaration")
    assert sheet.value("D8") == "Acme Corp"
    assert sheet.value("J3") == 6.5
    assert sheet.value("AB2000") is None  # off the used range is simply empty


def test_split_address() -> None:
    assert split_address("A1") == (0, 0)
    assert split_address("AB12") == (11, 27)
    with pytest.raises(ValueError, match="not a cell address"):
        split_address("12B")


def test_hidden_sheets_are_marked() -> None:
    workbook = workbook_open(template_workbook())
    assert workbook.sheet("Declaration").visible
    assert not workbook.sheet("L").visible


def test_excel_default_password_is_removed_transparently() -> None:
    content = encrypt(template_workbook(), "VelvetSweatshop")
    workbook = workbook_open(content)
    assert workbook.was_encrypted
    assert workbook.sheet("Declaration").value("D3") == "English"


def test_any_other_password_asks_for_an_unprotected_copy() -> None:
    with pytest.raises(
        UnreadableWorkbook,
        match="The workbook is protected with a password. Save an unprotected copy",
    ):
        workbook_open(encrypt(template_workbook(), "s3cret"))


def test_a_renamed_image_is_not_a_workbook() -> None:
    with pytest.raises(
        UnreadableWorkbook,
        match=r"This file is not an Excel workbook. Upload the CMRT as .xlsx \(or .xls\).",
    ):
        workbook_open(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\0" * 200)


def test_a_truncated_workbook_is_refused_with_a_message() -> None:
    content = template_workbook()
    with pytest.raises(UnreadableWorkbook, match="damaged"):
        workbook_open(content[: len(content) // 2])


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(
        UnreadableWorkbook,
        match=r"The file is a zip archive, not an Excel workbook \(.xlsx or .xlsm\).",
    ):
        workbook_open(buffer.getvalue())


def test_a_zip_bomb_is_refused_before_unpacking() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b" " * (60 * 1024 * 1024))
    with pytest.raises(UnreadableWorkbook, match="unpacks to far more data than a workbook holds"):
        workbook_open(buffer.getvalue())


def test_rows_are_capped_per_sheet() -> None:
    workbook = openpyxl.Workbook()
    for row in range(1, 101):
        workbook.active.cell(row=row, column=1, value=row)
    sheet = workbook_open(save(workbook), max_rows=10).sheet("Sheet")
    assert (sheet.row_count, sheet.rows_dropped) == (10, 90)


def test_reads_the_encrypted_legacy_xls_from_the_corpus() -> None:
    workbook = workbook_open(corpus_file("cmrt/CMRT_2.03_filled_encrypted.xls"))
    assert workbook.was_encrypted and workbook.format == "xls"
    assert workbook.sheet("Declaration").value("J3").startswith("Revision 2.03")


def test_a_workbook_built_without_flags_has_neither() -> None:
    workbook = Workbook(sheet_names=(), sheets={})
    assert not workbook.has_macros and not workbook.has_external_links
    assert workbook.format == "xlsx" and not workbook.was_encrypted


def test_a_prefetched_sheet_is_the_sheet_read_on_demand() -> None:
    content = template_workbook()
    prefetched = workbook_open(content, prefetch=("Smelter List", "No such sheet"))
    plain = workbook_open(content)
    assert prefetched.sheet("Smelter List") == plain.sheet("Smelter List")
    assert prefetched.sheet("No such sheet") is None


def test_a_prefetched_sheet_that_is_refused_is_refused_when_asked_for() -> None:
    """The limits apply when the sheet is asked for, as without prefetching: a file that is
    refused for another reason first (not a CMRT) says that reason."""
    content = hostile.with_sheet("", prolog='<!DOCTYPE x [<!ENTITY a "b">]>')
    workbook = workbook_open(content, prefetch=("Declaration",))
    with pytest.raises(
        UnreadableWorkbook,
        match=r"^The workbook contains XML declarations \(a DTD\) that Excel never writes",
    ):
        workbook.sheet("Declaration")
