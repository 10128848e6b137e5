"""Open an uploaded spreadsheet as plain cell values. Pure: no ORM, no formulas run.

The bytes decide the format, never the file name. Legacy ``.xls`` and ``.xlsx``/``.xlsm``
are read by python-calamine (Rust: cached cell values only, no formula evaluation, no
macros, no XML entity expansion, nothing fetched for external links). Files encrypted with
Excel's default password ("VelvetSweatshop", common in real CMRTs) are decrypted in memory
by msoffcrypto-tool; files with any other password get a message asking for an unprotected
copy.

Uploads are hostile until proven otherwise:

- ``opening``: cheap checks (container sniffing, zip limits, no DTD) and lazy sheet reads;
- ``isolation``: the read runs in a forked child with capped memory and time, because a
  hostile sheet can make calamine abort the process;
- ``ooxml`` / ``biff``: the bounded pre-read that says exactly why a file was too costly
  (the sheet, the cell, the limit in ``limits``), run only when a read fails.
"""

from cmrt.workbook import isolation
from cmrt.workbook.isolation import isolation_available, read_isolated
from cmrt.workbook.limits import (
    MAX_SHARED_TEXT_CHARS,
    MAX_SHEET_CELLS,
    MAX_SHEET_ROWS,
    MAX_SHEET_XML_BYTES,
    MAX_WORKBOOK_CELLS,
    MAX_WORKBOOK_UNPACKED_BYTES,
    MAX_XML_ELEMENTS,
)
from cmrt.workbook.model import (
    EXCEL_DEFAULT_PASSWORD,
    CellValue,
    Sheet,
    UnreadableWorkbook,
    Workbook,
    column_index,
    column_letters,
    split_address,
)
from cmrt.workbook.opening import workbook_inspect, workbook_open

__all__ = [
    "EXCEL_DEFAULT_PASSWORD",
    "MAX_SHARED_TEXT_CHARS",
    "MAX_SHEET_CELLS",
    "MAX_SHEET_ROWS",
    "MAX_SHEET_XML_BYTES",
    "MAX_WORKBOOK_CELLS",
    "MAX_WORKBOOK_UNPACKED_BYTES",
    "MAX_XML_ELEMENTS",
    "CellValue",
    "Sheet",
    "UnreadableWorkbook",
    "Workbook",
    "column_index",
    "column_letters",
    "isolation",
    "isolation_available",
    "read_isolated",
    "split_address",
    "workbook_inspect",
    "workbook_open",
]
