"""Bounded pre-read of an .xlsx/.xlsm: walk what calamine will read, the way it reads it.

python-calamine trusts the file: a sheet whose cells sit at A1 and XFD1048576 makes it
allocate a dense grid of 17 billion cells (the process aborts, no exception), and one long
shared string referenced by every cell is copied once per cell. This walk (expat, no DTD)
counts what reading would cost and refuses, naming the sheet, when it is over the limits.
It is thorough but slow (about 25 MB/s), so ``cmrt.workbook.isolation`` runs the fast read
in a memory-capped child first and calls this only to explain why a read failed.
"""

from __future__ import annotations

import re
import zipfile
from xml.parsers import expat

from django.utils.translation import gettext as _

from cmrt.workbook.limits import (
    MAX_PART_XML_BYTES,
    MAX_SHARED_STRINGS_XML_BYTES,
    MAX_SHARED_TEXT_CHARS,
    MAX_SHEET_CELLS,
    MAX_SHEET_ROWS,
    MAX_SHEET_XML_BYTES,
    MAX_WORKBOOK_CELLS,
    MAX_WORKBOOK_UNPACKED_BYTES,
    ScanFacts,
    again,
    bad_position,
    megabytes,
    refuse,
    sheet_too_large,
    too_many_cells,
    too_many_rows,
    too_much_text,
    workbook_too_many_cells,
)
from cmrt.workbook.model import UnreadableWorkbook, column_index, column_letters
from cmrt.workbook.xmlparts import (
    DECLARED_ENCODING,
    local_name,
    parse_part,
    read_part,
    sheet_loads,
)
from config.uploads import UnsafeArchive, zip_guard, zip_part_key


class _SharedStrings:
    """Length of each shared string, numbered as calamine numbers them.

    calamine keeps an ``<si>`` only when it holds a ``<t>`` (outside phonetic runs) or a rich
    run ``<r>``; its value is the first ``<t>``, or all runs' texts. The states mirror that.
    """

    def __init__(self, facts: ScanFacts) -> None:
        self.facts = facts
        self.lengths: list[int] = []
        self._state = "outer"  # outer, si, t, skip (rest of the <si>), done
        self._closing = ""
        self._t_name = ""
        self._rich: int | None = None
        self._phonetic = False
        self._t_length = 0
        self._depth = 0

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        self.facts.count_element()
        state = self._state
        if state == "outer":
            if local_name(name) == "si":
                self._state, self._closing, self._rich, self._phonetic = "si", name, None, False
        elif state == "si":
            local = local_name(name)
            if local == "r":
                if self._rich is None:
                    self._rich = 0
            elif local == "rPh":
                self._phonetic = True
            elif local == "t" and not self._phonetic:
                self._state, self._t_name, self._t_length = "t", name, 0
        elif state == "skip" and name == self._closing:
            self._depth += 1

    def end(self, name: str) -> None:
        state = self._state
        if state == "outer":
            if local_name(name) == "sst":
                self._state = "done"
        elif state == "si":
            if name == self._closing:
                if self._rich is not None:
                    self.lengths.append(self._rich)
                self._state = "outer"
            elif local_name(name) == "rPh":
                self._phonetic = False
        elif state == "t":
            if name == self._t_name:
                if self._rich is not None:
                    self._rich += self._t_length
                    self._state = "si"
                else:
                    self.lengths.append(self._t_length)
                    self._state, self._depth = "skip", 0
        elif state == "skip" and name == self._closing:
            if self._depth == 0:
                self._state = "outer"
            else:
                self._depth -= 1

    def text(self, data: str) -> None:
        if self._state == "t":
            self._t_length += len(data)


# Excel's grid: at most three letters and seven digits (calamine accepts longer ones and
# wraps them around; they are refused instead).
_CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_ROW_REFERENCE = re.compile(r"[A-Za-z]{0,3}([0-9]{1,7})")


class _SheetScan:
    """Where calamine will put a worksheet's cells, and what they will cost it.

    Mirrors calamine's cell reader: cells count from ``<sheetData>`` to ``</sheetData>``; a
    ``<row r>`` sets the row and ``</row>`` moves to the next; a ``<c r>`` sets the position,
    a ``<c>`` without one takes the next column; whatever sits inside a cell is its value.
    """

    def __init__(self, label: str, shared: list[int], facts: ScanFacts, loads: int) -> None:
        self.label = label
        self.shared = shared
        self.facts = facts
        self.loads = loads  # how many times calamine will read this part
        self.parser: expat.XMLParserType | None = None
        self.state = "before"  # before, data, done
        self.row = 0
        self.column = 0
        self.max_row = -1
        self.max_column = -1
        self.cells = 0
        self.rows = 0  # <row> elements
        self.depth = 0  # elements open inside the current cell
        self.shared_cell = False
        self.value_depth = 0  # depth of the <v> whose text is being collected, or 0
        self.chunks: list[str] = []
        self.columns: dict[str, int] = {}  # column letters already converted

    def setup(self, parser: expat.XMLParserType) -> None:
        self.parser = parser

    @property
    def dense(self) -> int:
        return (self.max_row + 1) * (self.max_column + 1) if self.cells else 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.facts.count_element(self.loads)
        if self.depth:  # inside a cell: only its values matter
            self.depth += 1
            if self.shared_cell and not self.value_depth and local_name(name) == "v":
                self.value_depth = self.depth
                self.chunks = []
                assert self.parser is not None
                self.parser.CharacterDataHandler = self.chunks.append
            return
        if self.state != "data":
            if self.state == "before" and local_name(name) == "sheetData":
                self.state = "data"
            return
        local = local_name(name)
        if local == "c":
            self._cell(attrs)
        elif local == "row":
            self.rows += 1
            if self.rows > MAX_SHEET_ROWS:
                raise too_many_rows(self.label, self.rows)
            if "r" in attrs:
                match = _ROW_REFERENCE.fullmatch(attrs["r"])
                if match is None or int(match.group(1)) == 0:
                    raise bad_position(self.label, attrs["r"])
                self.row = int(match.group(1)) - 1

    def _cell(self, attrs: dict[str, str]) -> None:
        reference = attrs.get("r")
        if reference is None:
            row = self.row
        else:
            match = _CELL_REFERENCE.fullmatch(reference)
            if match is None:
                raise bad_position(self.label, reference)
            letters, digits = match.groups()
            row = int(digits) - 1
            if row < 0:
                raise bad_position(self.label, reference)
            column = self.columns.get(letters)
            if column is None:
                column = self.columns[letters] = column_index(letters.upper())
            self.column = column
        if row > self.max_row or self.column > self.max_column:
            if row >= MAX_SHEET_ROWS:
                raise too_many_rows(self.label, row + 1)
            self.max_row = max(self.max_row, row)
            self.max_column = max(self.max_column, self.column)
            if (self.max_row + 1) * (self.max_column + 1) > MAX_SHEET_CELLS:
                self.too_many_cells()
        self.cells += 1
        if self.cells > MAX_SHEET_CELLS:
            self.too_many_cells()
        self.column += 1
        self.depth = 1
        self.shared_cell = attrs.get("t") == "s"
        self.value_depth = 0

    def too_many_cells(self) -> None:
        last = f"{column_letters(self.max_column)}{self.max_row + 1}"
        raise too_many_cells(self.label, max(self.dense, self.cells), last)

    def end(self, name: str) -> None:
        if self.depth:
            if self.depth == self.value_depth:
                assert self.parser is not None
                self.parser.CharacterDataHandler = None
                self.value_depth = 0
                self._charge(self.chunks)
            self.depth -= 1
            return
        if self.state == "data":
            local = local_name(name)
            if local == "row":
                self.row += 1
                self.column = 0
            elif local == "sheetData":
                self.state = "done"

    def _charge(self, chunks: list[str]) -> None:
        """Add the shared string this <v> names. calamine takes the first text event, which
        expat may have split further (at references, comments, buffer ends): charge the
        longest string any such split could name."""
        lengths = self.shared
        if len(chunks) == 1 and chunks[0].isascii() and chunks[0].isdigit():
            index = int(chunks[0])
            cost = lengths[index] if index < len(lengths) else 0
        elif not chunks:
            return
        else:
            candidates: set[int] = set()
            joined = ""
            for chunk in chunks:
                joined += chunk
                if not (joined.isascii() and joined.isdigit()):
                    candidates.add(0)  # calamine reads an unparsable index as 0
                    break
                candidates.add(int(joined))
            cost = max((lengths[i] for i in candidates if i < len(lengths)), default=0)
        self.facts.shared_text += cost * self.loads
        if self.facts.shared_text > MAX_SHARED_TEXT_CHARS:
            raise too_much_text(self.facts.shared_text)


def metadata_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo | None) -> bytes:
    """A small part read raw, after expat has checked it (no DTD, well-formed, UTF-8)."""
    if info is None:
        return b""
    parse_part(archive, info)
    data = read_part(archive, info)
    declared = DECLARED_ENCODING.match(data.removeprefix(b"\xef\xbb\xbf"))
    if (
        b"\0" in data
        or data.startswith((b"\xff\xfe", b"\xfe\xff"))
        or (declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8"))
    ):
        raise refuse(
            _(
                "The workbook's part “%(part)s” uses a text encoding Excel never writes, so it "
                "was refused. %(again)s"
            )
            % {"part": info.filename, "again": again()}
        )
    return data


def inspect_ooxml(content: bytes) -> ScanFacts:
    try:
        archive = zip_guard(content, max_uncompressed=MAX_WORKBOOK_UNPACKED_BYTES)
    except UnsafeArchive as exc:
        raise UnreadableWorkbook(str(exc)) from None
    parts = {zip_part_key(info.filename): info for info in archive.infolist()}
    if "xl/workbook.xml" not in parts:
        if "xl/workbook.bin" in parts:
            raise refuse(
                _(
                    "This is a binary Excel workbook (.xlsb), which cannot be read. Save it as "
                    ".xlsx and upload that."
                )
            )
        raise refuse(_("The file is a zip archive, not an Excel workbook (.xlsx or .xlsm)."))
    facts = ScanFacts(
        has_macros=any(
            key.endswith("vbaproject.bin") or key.startswith("xl/macrosheets/") for key in parts
        ),
        has_external_links=any(
            key.startswith("xl/externallinks/") and not key.endswith("/") for key in parts
        ),
    )

    def small(key: str) -> zipfile.ZipInfo | None:
        info = parts.get(key)
        if info is not None and info.file_size > MAX_PART_XML_BYTES:
            raise refuse(
                _(
                    "The workbook's part “%(part)s” is far larger than Excel writes (%(size)s "
                    "MB; the limit is %(limit)s MB), so it was refused."
                )
                % {
                    "part": info.filename,
                    "size": megabytes(info.file_size),
                    "limit": megabytes(MAX_PART_XML_BYTES),
                }
            )
        return info

    workbook_xml = metadata_part(archive, small("xl/workbook.xml"))
    relationships_xml = metadata_part(archive, small("xl/_rels/workbook.xml.rels"))
    styles_info = small("xl/styles.xml")
    if styles_info is not None:
        parse_part(archive, styles_info)  # calamine reads it: no DTD, well-formed
    loads: dict[str, int] = {}
    labels: dict[str, str] = {}
    for name, path in sheet_loads(workbook_xml, relationships_xml):
        key = zip_part_key(path)
        if key in parts:
            loads[key] = loads.get(key, 0) + 1
            labels.setdefault(key, name)

    shared = _SharedStrings(facts)
    shared_info = parts.get("xl/sharedstrings.xml")
    if shared_info is not None:
        if shared_info.file_size > MAX_SHARED_STRINGS_XML_BYTES:
            raise refuse(
                _(
                    "The workbook's table of texts is far larger than a CMRT's (%(size)s MB; "
                    "the limit is %(limit)s MB). Remove unneeded text, save and upload again."
                )
                % {
                    "size": megabytes(shared_info.file_size),
                    "limit": megabytes(MAX_SHARED_STRINGS_XML_BYTES),
                }
            )
        parse_part(archive, shared_info, start=shared.start, end=shared.end, text=shared.text)

    # Walk every part calamine will read as a worksheet, weighted by how often it will, and
    # for good measure every other part in xl/worksheets/ too.
    for key, info in parts.items():
        if key not in loads and (not key.startswith("xl/worksheets/") or key.endswith("/")):
            continue
        if not info.file_size:
            continue  # an empty part calamine could only fail on
        label = labels.get(key, info.filename)
        if info.file_size > MAX_SHEET_XML_BYTES:
            raise sheet_too_large(label, info.file_size, MAX_SHEET_XML_BYTES)
        scan = _SheetScan(label, shared.lengths, facts, max(loads.get(key, 0), 1))
        parse_part(
            archive,
            info,
            start=scan.start,
            end=scan.end,
            buffer_text=False,  # keep text split where calamine splits it
            setup=scan.setup,
        )
        facts.cells += scan.dense * scan.loads
        if facts.cells > MAX_WORKBOOK_CELLS:
            raise workbook_too_many_cells(facts.cells)
    return facts
