"""Read a spreadsheet a person uploaded (CSV or XLSX) into header + rows. Pure: no ORM.

Uploads are distrusted: the format is decided from the bytes (never the file name),
XLSX archives are checked against zip-bomb limits before openpyxl opens them, openpyxl
parses XML through defusedxml (installed as a dependency) and never evaluates formulas.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from config.cells import cell_restore
from config.uploads import OLE_MAGIC, ZIP_MAGIC, UnsafeArchive, zip_guard


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


def _read_xlsx(content: bytes, max_rows: int) -> Table:
    import openpyxl  # imported here: CSV imports should not pay for it

    try:
        archive = zip_guard(content)
    except UnsafeArchive as exc:
        raise TableError(str(exc)) from None
    if "xl/workbook.xml" not in archive.namelist():
        raise TableError(_("The file is a zip archive, not an Excel workbook."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise TableError(_("The workbook cannot be read (%(reason)s).") % {"reason": exc}) from None
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
    finally:
        workbook.close()
    return Table(headers=headers, rows=_trim(rows, len(headers)), format="xlsx")


def _read_csv(content: bytes) -> Table:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise TableError(_("The CSV file is not UTF-8 text; save it as “CSV UTF-8”."))
    if "\x00" in text:
        raise TableError(_("The file is neither a CSV text file nor an Excel workbook."))
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    all_rows = [tuple(cell_restore(cell.strip()) for cell in row) for row in reader]
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
