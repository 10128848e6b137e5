"""Read a spreadsheet a person uploaded (CSV or XLSX) into header + rows. Pure: no ORM.

Uploads are distrusted: the format is decided from the bytes (never the file name),
XLSX archives are checked against zip-bomb limits, DTDs and element counts before openpyxl
opens them, openpyxl parses XML through defusedxml (installed as a dependency) and never
evaluates formulas.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from config.cells import cell_restore
from config.uploads import OLE_MAGIC, ZIP_MAGIC, UnsafeArchive, zip_guard

# openpyxl runs in the web request, in pure Python, and opens a workbook by parsing every
# worksheet in full (to size the sheets whose file does not say), at ~9 µs and ~100 bytes per
# XML element: 8 MB of "<x/>" took 14 s and 200 MB. A registry of 5,000 rows with every column
# filled is ~3 MB of XML with 270,000 tags (1.5 s), so these limits leave real files room and
# keep a crafted one to about 4 s and 50 MB.
MAX_XLSX_UNPACKED_BYTES = 32 * 1024 * 1024
MAX_XLSX_TAGS = 600_000
_CHUNK = 1024 * 1024


class TableError(ValueError):
    """The upload cannot be read as a table; the message tells the user what to do."""


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    format: str  # "csv" or "xlsx"

    def first_data_row_number(self) -> int:
        """The spreadsheet row of rows[0]: the header is row 1."""
        return 2


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return cell_restore(str(value).strip())


def _trim(rows: list[tuple[str, ...]], width: int) -> tuple[tuple[str, ...], ...]:
    padded = [tuple((list(row) + [""] * width)[:width]) for row in rows]
    while padded and not any(padded[-1]):
        padded.pop()
    return tuple(padded)


def _damaged(reason: object) -> TableError:
    return TableError(
        _(
            "The workbook cannot be read (%(reason)s). Open it in Excel, save it as .xlsx and "
            "upload it again."
        )
        % {"reason": reason}
    )


def _xml_check(archive: zipfile.ZipFile, max_rows: int) -> None:
    """Before openpyxl parses anything: every XML part unpacks, none has a DTD (entity bombs,
    external entities), and the XML tags are bounded, counted by their "<" at C speed."""
    tags = 0
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue  # images and other binaries: openpyxl does not parse them
        try:
            with archive.open(info) as stream:
                head = stream.read(_CHUNK)
                count = head.count(b"<")
                while chunk := stream.read(_CHUNK):
                    count += chunk.count(b"<")
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
            raise TableError(
                _(
                    "The workbook is damaged: its part “%(part)s” cannot be unpacked. Open it in "
                    "Excel, save it as .xlsx and upload the new copy."
                )
                % {"part": info.filename}
            ) from None
        if b"<!DOCTYPE" in head:  # only the prolog may hold one, and Excel never writes it
            raise TableError(
                _(
                    "The workbook contains XML declarations (a DTD) that Excel never writes, so "
                    "it was refused for safety. Open it in Excel, save it as .xlsx and upload "
                    "the new copy."
                )
            )
        tags += count
        if tags > MAX_XLSX_TAGS:
            raise TableError(
                _(
                    "The workbook holds far more entries than a registry import of at most "
                    "%(rows)s rows needs (over %(limit)s pieces of cell data and formatting). "
                    "Delete unused rows, columns and sheets, save and upload again."
                )
                % {"rows": f"{max_rows:,}", "limit": f"{MAX_XLSX_TAGS:,}"}
            )


def _read_xlsx(content: bytes, max_rows: int) -> Table:
    import openpyxl  # imported here: CSV imports should not pay for it

    try:
        archive = zip_guard(content, max_uncompressed=MAX_XLSX_UNPACKED_BYTES)
    except UnsafeArchive as exc:
        raise TableError(str(exc)) from None
    if "xl/workbook.xml" not in archive.namelist():
        raise TableError(_("The file is a zip archive, not an Excel workbook."))
    _xml_check(archive, max_rows)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise _damaged(exc) from None
    try:
        sheet = workbook.worksheets[0]
        raw_rows = sheet.iter_rows(values_only=True)
        header_cells = next(raw_rows, None)
        if header_cells is None:
            raise TableError(_("The first sheet is empty: put the column names in row 1."))
        headers = tuple(_cell_text(cell) for cell in header_cells)
        while headers and not headers[-1]:
            headers = headers[:-1]
        rows: list[tuple[str, ...]] = []
        for cells in raw_rows:
            rows.append(tuple(_cell_text(cell) for cell in cells))
            if len(rows) > max_rows + 1000:  # allow trailing blank rows, but not forever
                break
    except TableError:
        raise
    except Exception as exc:  # sheets are parsed while iterating: damage shows up here too
        raise _damaged(exc) from None
    finally:
        workbook.close()
    return Table(headers=headers, rows=_trim(rows, len(headers)), format="xlsx")


def _csv_text(content: bytes) -> str:
    """UTF-16 with a byte-order mark (Excel's "Unicode Text"), UTF-8 (with or without BOM),
    else Windows-1252 (Excel's "CSV" on Western Windows, sometimes behind a UTF-8 BOM)."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise TableError(_("The CSV file is not UTF-8 text; save it as “CSV UTF-8”.")) from None
    if b"\x00" in content:  # binary, whatever its name: say so before any encoding guess
        raise TableError(_("The file is neither a CSV text file nor an Excel workbook."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.removeprefix(codecs.BOM_UTF8).decode("cp1252")
    except UnicodeDecodeError:  # bytes Windows-1252 leaves undefined: neither encoding
        raise TableError(_("The CSV file is not UTF-8 text; save it as “CSV UTF-8”.")) from None


def _read_csv(content: bytes) -> Table:
    text = _csv_text(content)
    if "\x00" in text:
        raise TableError(_("The file is neither a CSV text file nor an Excel workbook."))
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    all_rows: list[tuple[str, ...]] = []
    try:
        for row in reader:
            all_rows.append(tuple(cell_restore(cell.strip()) for cell in row))
    except csv.Error as exc:  # e.g. a field over the csv module's 131,072 characters
        raise TableError(
            _("Row %(row)d of the CSV file cannot be read: %(error)s")
            % {"row": len(all_rows) + 1, "error": exc}
        ) from None
    if not all_rows:
        raise TableError(_("The file is empty: put the column names in row 1."))
    headers = all_rows[0]
    while headers and not headers[-1]:
        headers = headers[:-1]
    return Table(headers=headers, rows=_trim(all_rows[1:], len(headers)), format="csv")


def table_read(content: bytes, *, max_rows: int) -> Table:
    """Read an uploaded CSV or XLSX file; raise TableError with a plain message."""
    if not content.strip():
        raise TableError(_("The file is empty."))
    if content.startswith(OLE_MAGIC):
        raise TableError(
            _(
                "This is an old Excel (.xls) or encrypted file; "
                "save it as .xlsx or CSV and try again."
            )
        )
    table = _read_xlsx(content, max_rows) if content.startswith(ZIP_MAGIC) else _read_csv(content)
    if not any(table.headers):
        raise TableError(_("Row 1 must hold the column names; it is empty."))
    if len(table.rows) > max_rows:
        raise TableError(
            _("The file has %(count)d rows; at most %(max)d can be imported at once.")
            % {"count": len(table.rows), "max": max_rows}
        )
    return table
