"""Limits of the bounded pre-read and the plain messages that refuse a workbook.

Every limit is far above the real RMI templates (CMRT 1.00-6.5, EMRT, CRT, AMRT in the
team's corpus), whose figures are quoted next to each constant.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cmrt.workbook.model import UnreadableWorkbook

MB = 1024 * 1024

# --- Limits (why each value: see the module docstring) -----------------------------------
# Everything an .xlsx unpacks to. Real templates: at most 12 MB.
MAX_WORKBOOK_UNPACKED_BYTES = 64 * MB
# One worksheet's XML. Real: at most 6 MB (the 2,500-row Smelter List of CMRT 6.x). Also
# bounds the time of the pre-read: expat walks sheet XML at about 25 MB/s.
MAX_SHEET_XML_BYTES = 32 * MB
# The shared-string table (calamine holds all of it in memory). Real: at most 1 MB.
MAX_SHARED_STRINGS_XML_BYTES = 16 * MB
# workbook.xml, its relationships and styles.xml. Real: at most 0.3 MB.
MAX_PART_XML_BYTES = 4 * MB
# Highest row holding a cell, and <row> elements per sheet. Real: 6,230 (the hidden SorP
# list). Excel allows 1,048,576.
MAX_SHEET_ROWS = 100_000
# calamine stores a sheet as a dense grid from A1 to its last cell, 32 bytes per cell, and
# python-calamine pads rows the same way: (last row) x (last column) is what memory costs.
# Real: at most 88,000 per sheet and 210,000 per workbook. Measured at the workbook limit
# (two sheets of 500,000 filled cells): 3.5 s (5 s in a cold process) and 75 MB above the
# baseline, two thirds of the time in the pre-read.
MAX_SHEET_CELLS = 500_000
MAX_WORKBOOK_CELLS = 1_000_000
# XML elements the pre-read walks in the sheets and the shared strings: its time is about
# 1.3 microseconds each. Real: at most 385,000 (EMRT 2.1).
MAX_XML_ELEMENTS = 3_000_000
# calamine copies a shared string into every cell that uses it. Real: at most 0.8 million
# characters in all (CMRT 6.x, counted the same way). 10 million are 10-40 MB per copy.
MAX_SHARED_TEXT_CHARS = 10_000_000
# Formula bytes in a legacy .xls, which calamine decompiles to text when it opens the file
# (one short token can name a 255-character sheet). Real: 0.5 MB (CMRT 2.03).
MAX_XLS_FORMULA_BYTES = 2 * MB


@dataclass
class ScanFacts:
    """What the pre-read learnt about the file."""

    has_macros: bool = False
    has_external_links: bool = False
    cells: int = 0  # dense cells over all sheets
    shared_text: int = 0  # characters calamine will copy out of the shared-string table
    elements: int = 0  # XML elements walked so far

    def count_element(self, times: int = 1) -> None:
        self.elements += times
        if self.elements > MAX_XML_ELEMENTS:
            raise refuse(
                _(
                    "The workbook holds far more entries than a CMRT (over %(limit)s pieces of "
                    "cell data and formatting). Delete unused rows, columns and formatting, "
                    "save and upload again."
                )
                % {"limit": f"{MAX_XML_ELEMENTS:,}"}
            )


# --- Messages -------------------------------------------------------------------------


def again() -> str:
    return _("Open it in Excel, save it as .xlsx and upload the new copy.")


def refuse(message: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(message)


def megabytes(size: int) -> str:
    return f"{size / MB:.0f}"


def sheet_too_large(label: str, size: int, limit: int) -> UnreadableWorkbook:
    return refuse(
        _(
            "The sheet “%(sheet)s” holds far more data than a CMRT sheet (%(size)s MB of cell "
            "data; the limit is %(limit)s MB). Delete unused rows and columns, save and upload "
            "again."
        )
        % {"sheet": label, "size": megabytes(size), "limit": megabytes(limit)}
    )


def too_many_rows(label: str, row: int) -> UnreadableWorkbook:
    return refuse(
        _(
            "The sheet “%(sheet)s” has data down to row %(row)s; a CMRT sheet ends within the "
            "first few thousand rows (the limit is %(limit)s). Delete the rows below your "
            "data, save and upload again."
        )
        % {"sheet": label, "row": f"{row:,}", "limit": f"{MAX_SHEET_ROWS:,}"}
    )


def too_many_cells(label: str, cells: int, last: str) -> UnreadableWorkbook:
    return refuse(
        _(
            "The sheet “%(sheet)s” spreads over %(cells)s cells (up to cell %(cell)s); the "
            "limit is %(limit)s. Delete the unused rows and columns (Ctrl+End shows the last "
            "cell Excel considers used), save and upload again."
        )
        % {"sheet": label, "cells": f"{cells:,}", "cell": last, "limit": f"{MAX_SHEET_CELLS:,}"}
    )


def workbook_too_many_cells(cells: int) -> UnreadableWorkbook:
    return refuse(
        _(
            "The workbook's sheets together span %(cells)s cells; the limit is %(limit)s. "
            "Delete unused sheets, rows and columns, save and upload again."
        )
        % {"cells": f"{cells:,}", "limit": f"{MAX_WORKBOOK_CELLS:,}"}
    )


def too_much_text(chars: int) -> UnreadableWorkbook:
    return refuse(
        _(
            "The workbook repeats long texts so often that reading it would take far more "
            "memory than a CMRT needs (%(chars)s characters; the limit is %(limit)s). Remove "
            "the repeated long texts, save and upload again."
        )
        % {"chars": f"{chars:,}", "limit": f"{MAX_SHARED_TEXT_CHARS:,}"}
    )


def damaged_part(part: str) -> UnreadableWorkbook:
    return refuse(
        _("The workbook is damaged: its part “%(part)s” cannot be unpacked. %(again)s")
        % {"part": part, "again": again()}
    )


def bad_xml(part: str) -> UnreadableWorkbook:
    return refuse(
        _("The workbook is damaged: its part “%(part)s” is not well-formed XML. %(again)s")
        % {"part": part, "again": again()}
    )


def dtd(*_args: object) -> None:
    raise refuse(
        _(
            "The workbook contains XML declarations (a DTD) that Excel never writes, so it "
            "was refused for safety. %(again)s"
        )
        % {"again": again()}
    )


def bad_position(label: str, reference: str) -> UnreadableWorkbook:
    return refuse(
        _("The sheet “%(sheet)s” is damaged: a cell has an invalid position (%(ref)s). %(again)s")
        % {"sheet": label, "ref": reference[:20], "again": again()}
    )


def xls_damaged() -> UnreadableWorkbook:
    return refuse(
        _(
            "The file looks like an old Excel (.xls) workbook but its contents are damaged. "
            "%(again)s"
        )
        % {"again": again()}
    )
