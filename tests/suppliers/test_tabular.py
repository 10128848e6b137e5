"""Pure reading of uploaded tables: no database."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from suppliers.tabular import TableError, table_read


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_reads_a_utf8_csv_with_bom_and_semicolons() -> None:
    table = table_read("\ufeffname;country\nMüller GmbH;DE\n".encode(), max_rows=10)
    assert table.headers == ("name", "country")
    assert table.rows == (("Müller GmbH", "DE"),)
    assert table.format == "csv"


def test_reads_a_windows_1252_csv() -> None:
    table = table_read("name,country\nCafé SA,FR\n".encode("cp1252"), max_rows=10)
    assert table.rows == (("Café SA", "FR"),)


def test_reads_the_first_sheet_of_an_xlsx_and_drops_trailing_blank_rows() -> None:
    content = xlsx_bytes([["name", "duns_number"], ["Acme", 123456789], [None, None]])
    table = table_read(content, max_rows=10)
    assert table.format == "xlsx"
    assert table.rows == (("Acme", "123456789"),)


def test_refuses_a_legacy_xls_or_encrypted_file() -> None:
    with pytest.raises(TableError, match=r"old Excel \(.xls\) or encrypted file"):
        table_read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, max_rows=10)


def test_refuses_a_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(TableError, match="The file is a zip archive, not an Excel workbook."):
        table_read(buffer.getvalue(), max_rows=10)


def test_refuses_a_zip_bomb_before_opening_it() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<" + b" " * (50 * 1024 * 1024))
    with pytest.raises(TableError, match="unpacks to far more data than a workbook holds"):
        table_read(buffer.getvalue(), max_rows=10)


def test_refuses_binary_garbage_that_is_not_csv() -> None:
    with pytest.raises(TableError, match="neither a CSV text file nor an Excel workbook"):
        table_read(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", max_rows=10)


def test_refuses_too_many_rows() -> None:
    content = ("name\n" + "x\n" * 11).encode()
    with pytest.raises(
        TableError, match="The file has 11 rows; at most 10 can be imported at once."
    ):
        table_read(content, max_rows=10)


def test_refuses_an_empty_file() -> None:
    with pytest.raises(TableError, match="The file is empty."):
        table_read(b"  \n", max_rows=10)
