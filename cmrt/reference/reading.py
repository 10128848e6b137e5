"""Bytes in, ``ParsedReference`` out. The content decides what the file is, never its name.

Workbooks (.xlsx, .xlsm, .xls) are opened only inside ``read_isolated`` (a memory- and
time-capped child), because a hostile sheet can abort the process; everything else is
read as CSV text.
"""

from __future__ import annotations

import codecs
import csv
import io

from django.utils.translation import gettext as _

from cmrt.recognition import template_identify
from cmrt.reference.lists import Table, lists_parse
from cmrt.reference.lookup import LOOKUP_SHEET, lookup_parse
from cmrt.reference.model import ParsedReference, ReferenceFileError
from cmrt.workbook import UnreadableWorkbook, read_isolated, workbook_open
from config.uploads import ContainerKind, container_kind

MAX_CSV_ROWS = 50_000


def reference_parse(content: bytes) -> ParsedReference:
    """Parse a Smelter Look-up tab, a facility list or a status list.

    Raises ReferenceFileError (with a message for the user) for anything else.
    """
    if not content:
        raise ReferenceFileError(_("The file is empty."))
    if container_kind(content) is ContainerKind.OTHER:
        return lists_parse((Table("", csv_rows(content)),))
    try:
        return read_isolated(content, workbook_parse)
    except UnreadableWorkbook as exc:
        raise ReferenceFileError(str(exc)) from None


def workbook_parse(content: bytes) -> ParsedReference:
    """Runs in the reader child (module level, so it travels by name)."""
    workbook = workbook_open(content)
    identity = template_identify(workbook)
    if identity is not None:
        if LOOKUP_SHEET not in workbook.sheet_names:
            raise ReferenceFileError(
                _(
                    "This %(kind)s %(version)s has no Smelter Look-up tab (6.x templates carry "
                    "one). Import the tab of a current release or an RMI facility list."
                )
                % {"kind": identity.kind.value, "version": identity.version}
            )
        return lookup_parse(workbook, identity)
    tables = []
    for name in workbook.sheet_names:
        sheet = workbook.sheet(name)
        if sheet is not None:
            tables.append(Table(name, sheet.rows))
    return lists_parse(tables)


def csv_rows(content: bytes) -> tuple[tuple[str, ...], ...]:
    """CSV as rows of text: UTF-16 with a byte-order mark, UTF-8 (with or without BOM), else
    Windows-1252 (Excel's "CSV" on Western Windows); comma, semicolon or tab."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode Text"
        text = content.decode("utf-16", errors="replace")
    elif b"\x00" in content:
        raise ReferenceFileError(
            _("The file is neither a workbook nor a CSV text file (it holds binary data).")
        )
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:  # a UTF-8 BOM before Windows-1252 text would garble row 1
            text = content.removeprefix(codecs.BOM_UTF8).decode("cp1252", errors="replace")
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            rows.append(tuple(cell.strip() for cell in row))
            if len(rows) > MAX_CSV_ROWS:
                raise ReferenceFileError(
                    _("The file has more than %(limit)d rows; no reference list is that long.")
                    % {"limit": MAX_CSV_ROWS}
                )
    except csv.Error as exc:
        raise ReferenceFileError(
            _("Row %(row)d of the CSV file cannot be read: %(error)s")
            % {"row": len(rows) + 1, "error": exc}
        ) from None
    return tuple(rows)
