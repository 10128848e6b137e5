"""Open an uploaded spreadsheet as plain cell values. Pure: no ORM, no formulas run.

The bytes decide the format, never the file name. Legacy ``.xls`` and ``.xlsx``/``.xlsm``
are read by python-calamine (Rust: cached cell values only, no formula evaluation, no
macros, no XML entity expansion). Files encrypted with Excel's default password
("VelvetSweatshop", common in real CMRTs) are decrypted in memory by msoffcrypto-tool;
files with any other password get a message asking for an unprotected copy.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils.translation import gettext as _

from config.uploads import ContainerKind, UnsafeArchive, container_kind, zip_guard

EXCEL_DEFAULT_PASSWORD = "VelvetSweatshop"
CellValue = str | int | float | bool | date | datetime | time | None
_ADDRESS = re.compile(r"^([A-Z]{1,3})([1-9][0-9]*)$")


class UnreadableWorkbook(ValueError):
    """The upload cannot be read as a spreadsheet; the message tells the user what to do."""


def column_index(letters: str) -> int:
    """0-based column index of ``A``, ``Z``, ``AA``..."""
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - 64)
    return index - 1


def split_address(address: str) -> tuple[int, int]:
    """0-based (row, column) of an Excel address such as ``D8``."""
    match = _ADDRESS.match(address.upper())
    if match is None:
        raise ValueError(f"not a cell address: {address!r}")
    return int(match.group(2)) - 1, column_index(match.group(1))


@dataclass(frozen=True)
class Sheet:
    """One worksheet's values as rows of cells, addressed like Excel (``D8``)."""

    name: str
    visible: bool
    rows: tuple[tuple[CellValue, ...], ...]

    def value(self, address: str) -> CellValue:
        row, column = split_address(address)
        return self.at(row, column)

    def at(self, row: int, column: int) -> CellValue:
        """Value at a 0-based position; empty cells and cells off the used range are None."""
        if row >= len(self.rows) or column >= len(self.rows[row]):
            return None
        value = self.rows[row][column]
        return None if value == "" else value

    @property
    def row_count(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Workbook:
    sheet_names: tuple[str, ...]
    sheets: dict[str, Sheet] = field(repr=False)
    was_encrypted: bool = False
    format: str = "xlsx"  # "xlsx" (OOXML) or "xls" (BIFF)

    def sheet(self, name: str) -> Sheet | None:
        return self.sheets.get(name)


def _decrypt(content: bytes) -> bytes:
    import msoffcrypto
    from msoffcrypto.exceptions import DecryptionError, FileFormatError, InvalidKeyError

    try:
        office_file = msoffcrypto.OfficeFile(io.BytesIO(content))
        if not office_file.is_encrypted():
            return content
        office_file.load_key(password=EXCEL_DEFAULT_PASSWORD)
        plain = io.BytesIO()
        office_file.decrypt(plain)
    except (InvalidKeyError, DecryptionError):
        raise UnreadableWorkbook(
            _(
                "The workbook is protected with a password. Save an unprotected copy (File > "
                "Info > Protect Workbook > Encrypt with Password: clear it) and upload that."
            )
        ) from None
    except (FileFormatError, Exception) as exc:  # msoffcrypto raises many types
        raise UnreadableWorkbook(
            _("The file looks like an old Excel file but cannot be opened (%(reason)s).")
            % {"reason": exc}
        ) from None
    return plain.getvalue()


def _is_encrypted(content: bytes) -> bool:
    import msoffcrypto

    try:
        return bool(msoffcrypto.OfficeFile(io.BytesIO(content)).is_encrypted())
    except Exception:  # not an Office file msoffcrypto knows: let calamine decide
        return False


def workbook_open(content: bytes, *, max_rows: int = 20_000) -> Workbook:
    """Read every sheet's cached values (at most ``max_rows`` rows each).

    Raises UnreadableWorkbook with a plain message for anything that is not a workbook.
    """
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    kind = container_kind(content)
    encrypted = False
    if kind is ContainerKind.OTHER:
        raise UnreadableWorkbook(
            _("This file is not an Excel workbook. Upload the CMRT as .xlsx (or .xls).")
        )
    if kind is ContainerKind.OLE and _is_encrypted(content):
        content = _decrypt(content)
        encrypted = True
        kind = container_kind(content)
    if kind is ContainerKind.ZIP:
        try:
            archive = zip_guard(content)
        except UnsafeArchive as exc:
            raise UnreadableWorkbook(str(exc)) from None
        if "xl/workbook.xml" not in archive.namelist():
            raise UnreadableWorkbook(
                _("The file is a zip archive, not an Excel workbook (.xlsx or .xlsm).")
            )
    try:
        calamine = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheets: dict[str, Sheet] = {}
        for meta in calamine.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue  # chart sheets hold no cells
            data = calamine.get_sheet_by_name(meta.name).to_python(
                skip_empty_area=False, nrows=max_rows
            )
            sheets[meta.name] = Sheet(
                name=meta.name,
                visible=meta.visible == SheetVisibleEnum.Visible,
                rows=tuple(tuple(row) for row in data),
            )
    except CalamineError as exc:
        raise UnreadableWorkbook(
            _(
                "The workbook cannot be read (%(reason)s). "
                "Open it in Excel, save it as .xlsx and upload it again."
            )
            % {"reason": exc}
        ) from None
    return Workbook(
        sheet_names=tuple(sheets),
        sheets=sheets,
        was_encrypted=encrypted,
        format="xlsx" if kind is ContainerKind.ZIP else "xls",
    )
