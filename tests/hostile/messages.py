"""The exact user-facing messages the hostile corpus expects, written out once.

Shared with tests/cmrt/test_hostile.py (which pins the reader's messages on its own files):
an assertion compares whole messages, so a changed word fails a test instead of slipping by.
"""

from __future__ import annotations

# --- The CMRT reader (cmrt/workbook) --------------------------------------------------------

AGAIN = "Open it in Excel, save it as .xlsx and upload the new copy."
NOT_A_WORKBOOK = "This file is not an Excel workbook. Upload the CMRT as .xlsx (or .xls)."
NOT_A_WORKBOOK_ZIP = "The file is a zip archive, not an Excel workbook (.xlsx or .xlsm)."
DAMAGED_ZIP = "The file is damaged: it looks like an Excel file but cannot be opened."
UNPACKS_TOO_MUCH = "The file unpacks to far more data than a workbook holds; it was refused."
TOO_MANY_PARTS = "The file has too many parts to be a normal Excel workbook."
DTD = (
    "The workbook contains XML declarations (a DTD) that Excel never writes, so it was refused "
    f"for safety. {AGAIN}"
)
OLE_BROKEN = (
    "The file is damaged: it looks like an old Excel (.xls) file but its internal structure is "
    f"broken. {AGAIN}"
)
XLS_DAMAGED = (
    f"The file looks like an old Excel (.xls) workbook but its contents are damaged. {AGAIN}"
)
TOO_MUCH_TEXT = (
    "The workbook repeats long texts so often that reading it would take far more memory than a "
    "CMRT needs ({chars} characters; the limit is 10,000,000). Remove the repeated long texts, "
    "save and upload again."
)
PASSWORD = (
    "The workbook is protected with a password. Save an unprotected copy (File > Info > Protect "
    "Workbook > Encrypt with Password: clear it) and upload that."
)
WORD = "This file is a Word document, not an Excel workbook. Upload the CMRT as .xlsx (or .xls)."
XLSB = (
    "This is a binary Excel workbook (.xlsb), which cannot be read. Save it as .xlsx and upload "
    "that."
)
NOT_A_TEMPLATE = (
    "This workbook is not an RMI reporting template: it has no Declaration sheet with a template "
    "title. Please upload the Conflict Minerals Reporting Template (CMRT)."
)
EMPTY_FILE = "The file is empty."


def calamine_refused(reason: str) -> str:
    return (
        f"The workbook cannot be read ({reason}). Open it in Excel, save it as .xlsx and upload "
        "it again."
    )


def damaged_part(part: str) -> str:
    return f"The workbook is damaged: its part “{part}” cannot be unpacked. {AGAIN}"


def not_well_formed(part: str) -> str:
    return f"The workbook is damaged: its part “{part}” is not well-formed XML. {AGAIN}"


def sheet_too_large(sheet: str, size: str) -> str:
    return (
        f"The sheet “{sheet}” holds far more data than a CMRT sheet ({size} MB of cell data; the "
        "limit is 32 MB). Delete unused rows and columns, save and upload again."
    )


def too_many_cells(sheet: str, cells: str, cell: str) -> str:
    return (
        f"The sheet “{sheet}” spreads over {cells} cells (up to cell {cell}); the limit is "
        "500,000. Delete the unused rows and columns (Ctrl+End shows the last cell Excel "
        "considers used), save and upload again."
    )


def too_many_rows(sheet: str, row: str) -> str:
    return (
        f"The sheet “{sheet}” has data down to row {row}; a CMRT sheet ends within the first few "
        "thousand rows (the limit is 100,000). Delete the rows below your data, save and upload "
        "again."
    )


# --- The paths around the reader ------------------------------------------------------------

# Django's FileField refuses an empty upload before any of the app's code sees it.
SUBMITTED_EMPTY = "The submitted file is empty."
# cmrt.services.ingestion.submission_receive, for an empty member of a bulk archive.
RECEIVED_EMPTY = "The file is empty. Choose the CMRT workbook and upload it again."
# cmrt.bulk.archive: a member that is neither a workbook nor a zip.
NOT_A_SPREADSHEET = "Not a spreadsheet."

# --- Registry imports (suppliers/tabular.py, suppliers/services/transfer.py) -----------------

TABLE_EMPTY_CSV = "The file is empty: put the column names in row 1."
TABLE_OLD_OR_ENCRYPTED = (
    "This is an old Excel (.xls) or encrypted file; save it as .xlsx or CSV and try again."
)
TABLE_NOT_A_WORKBOOK = "The file is a zip archive, not an Excel workbook."
TABLE_BINARY = "The file is neither a CSV text file nor an Excel workbook."
TABLE_NOT_UTF8 = "The CSV file is not UTF-8 text; save it as “CSV UTF-8”."
TABLE_NO_ROWS = "The file has column names but no rows to import."
TABLE_TOO_MANY_ENTRIES = (
    "The workbook holds far more entries than a registry import of at most 5,000 rows needs "
    "(over 600,000 pieces of cell data and formatting). Delete unused rows, columns and sheets, "
    "save and upload again."
)


def table_cannot_read(reason: str) -> str:
    """openpyxl gave up: its reason, then what to do (as the CMRT reader says it)."""
    return (
        f"The workbook cannot be read ({reason}). Open it in Excel, save it as .xlsx and upload "
        "it again."
    )


def table_too_many_rows(count: int, limit: int = 5_000) -> str:
    return f"The file has {count} rows; at most {limit} can be imported at once."


def csv_row_unreadable(row: int, error: str) -> str:
    return f"Row {row} of the CSV file cannot be read: {error}"


# --- Reference imports (cmrt/reference) ----------------------------------------------------

REFERENCE_BINARY = "The file is neither a workbook nor a CSV text file (it holds binary data)."
NOT_A_SMELTER_LIST = (
    "This file is not a smelter list: no sheet has a header row with a smelter ID column and a "
    "metal or smelter name column in its first 20 rows."
)


def reference_too_many_rows(limit: str = "50000") -> str:
    return f"The file has more than {limit} rows; no reference list is that long."
