"""Bounded pre-read of a legacy .xls: calamine's BIFF record walk, counting what it costs.

A legacy .xls can declare a sheet size (DIMENSIONS) or a string table that makes calamine
reserve terabytes; this walk refuses such files with a plain message naming the sheet.
"""

from __future__ import annotations

import struct

from django.utils.translation import gettext as _

from cmrt.workbook.limits import (
    MAX_SHARED_TEXT_CHARS,
    MAX_SHEET_CELLS,
    MAX_SHEET_ROWS,
    MAX_WORKBOOK_CELLS,
    MAX_XLS_FORMULA_BYTES,
    ScanFacts,
    refuse,
    too_many_cells,
    too_many_rows,
    too_much_text,
    workbook_too_many_cells,
    xls_damaged,
)
from cmrt.workbook.model import UnreadableWorkbook, column_letters
from config.uploads import CompoundFile, UnsafeArchive

_EOF, _BOF, _CONTINUE = 0x000A, 0x0809, 0x003C
_BOUNDSHEET, _SST, _NAME, _SUPBOOK, _DIMENSIONS = 0x0085, 0x00FC, 0x0018, 0x01AE, 0x0200
_FORMULA, _MULRK, _LABELSST = 0x0006, 0x00BD, 0x00FD
# Records from which calamine makes a cell at (row, column) = the first two u16.
_CELL_RECORDS = frozenset({0x0203, 0x0204, 0x0205, 0x027E, _LABELSST, _FORMULA, _MULRK})
_BOF_RECORDS = frozenset({0x0009, 0x0209, 0x0409, _BOF})


def _records(stream: bytes, position: int) -> list[tuple[int, bytes, list[bytes]]]:
    """calamine's record walk: (type, data, CONTINUE records that follow) until EOF."""
    found: list[tuple[int, bytes, list[bytes]]] = []
    end = len(stream)
    while position + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, position)
        if position + 4 + length > end:
            break
        data = stream[position + 4 : position + 4 + length]
        position += 4 + length
        continued: list[bytes] = []
        while position + 4 < end and struct.unpack_from("<H", stream, position)[0] == _CONTINUE:
            length = struct.unpack_from("<H", stream, position + 2)[0]
            if position + 4 + length > end:
                break
            continued.append(stream[position + 4 : position + 4 + length])
            position += 4 + length
        found.append((kind, data, continued))
        if kind == _EOF:
            break
    return found


def _sst_lengths(data: bytes, continued: list[bytes]) -> list[int]:
    """Characters of each string in an SST record, read as calamine reads them."""
    chunks = [data[8:], *continued]
    if len(data) < 8:
        return []
    count = max(struct.unpack_from("<i", data, 4)[0], 0)
    chunk, position = 0, 0
    lengths: list[int] = []

    def take(size: int) -> bytes | None:
        nonlocal chunk, position
        if position >= len(chunks[chunk]) and chunk + 1 < len(chunks):
            chunk, position = chunk + 1, 0
        piece = chunks[chunk][position : position + size]
        if len(piece) < size:
            return None
        position += size
        return piece

    def skip(size: int) -> bool:
        nonlocal chunk, position
        while size > 0:
            if position >= len(chunks[chunk]):
                if chunk + 1 >= len(chunks):
                    return False
                chunk, position = chunk + 1, 0
            step = min(size, len(chunks[chunk]) - position)
            position += step
            size -= step
        return True

    while len(lengths) < count:
        header = take(3)
        if header is None:
            break
        characters, flags = struct.unpack_from("<HB", header)
        runs = extension = 0
        if flags & 0x8:
            piece = take(2)
            if piece is None:
                break
            runs = struct.unpack("<H", piece)[0]
        if flags & 0x4:
            piece = take(4)
            if piece is None:
                break
            extension = max(struct.unpack("<i", piece)[0], 0)
        wide = flags & 0x1
        remaining = characters
        while remaining:
            available = (len(chunks[chunk]) - position) // (2 if wide else 1)
            step = min(remaining, available)
            position += step * (2 if wide else 1)
            remaining -= step
            if remaining:
                if chunk + 1 >= len(chunks) or not chunks[chunk + 1]:
                    return lengths
                chunk, position = chunk + 1, 1
                wide = chunks[chunk][0] & 0x1
        lengths.append(characters)
        if not skip(runs * 4 + extension):
            break
    return lengths


def inspect_biff(ole: CompoundFile) -> tuple[ScanFacts, bytes]:
    """Check the Workbook stream; return the facts and the content to hand to calamine."""
    entry = ole.find("Workbook") or ole.find("Book")
    if entry is None:
        raise xls_damaged()
    try:
        stream = ole.read(entry)
    except UnsafeArchive as exc:
        raise UnreadableWorkbook(str(exc)) from None
    if struct.unpack_from("<H", stream.ljust(2, b"\0"))[0] not in _BOF_RECORDS:
        raise xls_damaged()
    facts = ScanFacts()
    sheets: list[tuple[int, str]] = []
    lengths: list[int] = []
    formula_bytes = 0
    for kind, data, continued in _records(stream, 0):
        if kind == _BOUNDSHEET and len(data) >= 8:
            position, _state, sheet_type, size = struct.unpack_from("<IBBB", data)
            name = data[8 : 8 + size].decode("latin-1", errors="replace")
            sheets.append((position, name))
            facts.has_macros |= sheet_type == 1  # an Excel 4 macro sheet
        elif kind == _SST:
            lengths = _sst_lengths(data, continued)
        elif kind == _NAME and len(data) >= 6:
            formula_bytes += struct.unpack_from("<H", data, 4)[0]
        elif kind == _SUPBOOK and len(data) >= 4:
            # 0x0401: this workbook; 0x3A01: add-in functions; anything else names a file.
            facts.has_external_links |= struct.unpack_from("<H", data, 2)[0] not in (
                0x0401,
                0x3A01,
            )
    for position, label in sheets:
        if position >= len(stream):
            raise xls_damaged()
        max_row = max_column = -1
        cells = 0
        for kind, data, _continued in _records(stream, position):
            if kind == _DIMENSIONS and len(data) in (10, 14):
                # calamine reserves rows x columns cells up front from this record.
                if len(data) == 14:
                    first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", data)
                else:
                    first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", data)
                if last_row >= 1 and last_col >= 1:
                    rows = (last_row - 1 - first_row + 1) & 0xFFFFFFFF
                    columns = (last_col - 1 - first_col + 1) & 0xFFFFFFFF
                    if rows * columns > MAX_SHEET_CELLS:
                        last = f"{column_letters(last_col - 1)}{last_row}"
                        raise too_many_cells(label, rows * columns, last)
            elif kind in _CELL_RECORDS and len(data) >= 4:
                row, column = struct.unpack_from("<HH", data)
                if kind == _MULRK:
                    column += max((len(data) - 6) // 6, 1) - 1
                elif kind == _FORMULA and len(data) >= 22:
                    formula_bytes += struct.unpack_from("<H", data, 20)[0]
                elif kind == _LABELSST and len(data) >= 10:
                    index = struct.unpack_from("<I", data, 6)[0]
                    if index < len(lengths):
                        facts.shared_text += lengths[index]
                if row >= MAX_SHEET_ROWS:
                    raise too_many_rows(label, row + 1)
                max_row, max_column = max(max_row, row), max(max_column, column)
                cells += 1
        dense = max((max_row + 1) * (max_column + 1), cells) if cells else 0
        if dense > MAX_SHEET_CELLS:
            last = f"{column_letters(max_column)}{max_row + 1}"
            raise too_many_cells(label, dense, last)
        facts.cells += dense
        if facts.cells > MAX_WORKBOOK_CELLS:
            raise workbook_too_many_cells(facts.cells)
    if facts.shared_text > MAX_SHARED_TEXT_CHARS:
        raise too_much_text(facts.shared_text)
    if formula_bytes > MAX_XLS_FORMULA_BYTES:
        raise refuse(
            _(
                "The workbook holds far more formula data than a CMRT (%(size)s KB; the limit "
                "is %(limit)s KB). Open it in Excel, save it as .xlsx and upload the new copy."
            )
            % {"size": formula_bytes // 1024, "limit": MAX_XLS_FORMULA_BYTES // 1024}
        )
    content = ole.content
    project = ole.find("_VBA_PROJECT_CUR")
    if project is not None:
        # Older python-calamine releases (the project allows >= 0.4) decompress and parse a
        # VBA project as soon as they open an .xls. Nothing here needs it: rename the storage
        # in a private copy so no release looks at it, and report the macros instead.
        facts.has_macros = True
        patched = bytearray(content)
        patched[project.offset : project.offset + 2] = "X".encode("utf-16-le")
        content = bytes(patched)
    return facts, content


def ole_document(ole: CompoundFile) -> None:
    """Refuse an OLE file that holds no Excel workbook, saying what it is instead."""
    if ole.find("Workbook") or ole.find("Book") or ole.find("EncryptedPackage"):
        return
    if ole.find("WordDocument"):
        message = _("This file is a Word document, not an Excel workbook.")
    elif ole.find("PowerPoint Document"):
        message = _("This file is a PowerPoint presentation, not an Excel workbook.")
    else:
        message = _("This file is an Office document but not an Excel workbook.")
    raise refuse(f"{message} {_('Upload the CMRT as .xlsx (or .xls).')}")
