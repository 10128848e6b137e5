"""Upload safety shared by every app: decide a file's format from its bytes, refuse zip
archives that would unpack to far more than a workbook holds, and check the structure of
OLE compound files (legacy .xls) before any parser walks them. Pure: no ORM.

The limits below are generous next to real files: the RMI templates in the team's corpus
(CMRT 1.00-6.5, EMRT, CRT, AMRT) have at most 90 zip entries, unpack to at most 12 MB and
compress at most 8:1 overall.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
from array import array
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and encrypted .xlsx/.xls
# Declared total size of all entries. Both readers behind zip_guard (Python's zipfile and the
# Rust zip crate inside python-calamine) stop at an entry's declared size, so a lying central
# directory cannot unpack more than it declares: these declared figures are real bounds.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 2_000
MAX_COMPRESSION_RATIO = 200
# OOXML (ECMA-376 part 2) allows only these two; anything else is not from a spreadsheet program.
_ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


class ContainerKind(StrEnum):
    ZIP = "zip"  # OOXML (.xlsx/.xlsm) or any other zip
    OLE = "ole"  # Compound File: .xls (BIFF8) or an encrypted Office file
    OTHER = "other"


class UnsafeArchive(ValueError):
    """The archive is damaged or too large when unpacked; the message says which."""


def container_kind(content: bytes) -> ContainerKind:
    if content.startswith(ZIP_MAGIC):
        return ContainerKind.ZIP
    if content.startswith(OLE_MAGIC):
        return ContainerKind.OLE
    return ContainerKind.OTHER


def zip_part_key(name: str) -> str:
    """How OOXML readers match part names: case-insensitive, either slash."""
    return name.replace("\\", "/").lower()


def zip_guard(content: bytes, *, max_uncompressed: int = MAX_UNCOMPRESSED_BYTES) -> zipfile.ZipFile:
    """Open a zip only if its declared sizes, entry count, names and compression are sane."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (
        zipfile.BadZipFile,
        ValueError,
        OSError,
        EOFError,
        struct.error,
        UnicodeError,
        NotImplementedError,  # "zip file version": needs a newer unzip than any Excel
    ):
        raise UnsafeArchive(
            _("The file is damaged: it looks like an Excel file but cannot be opened.")
        ) from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UnsafeArchive(_("The file has too many parts to be a normal Excel workbook."))
    if len({zip_part_key(entry.filename) for entry in entries}) != len(entries):
        # Readers disagree on which copy wins, so what is checked need not be what is read.
        raise UnsafeArchive(
            _("The file is damaged: it contains the same part twice, so it was refused.")
        )
    if any(e.compress_type not in _ZIP_METHODS or e.flag_bits & 0x1 for e in entries):
        raise UnsafeArchive(
            _(
                "The file uses a zip compression method that Excel never writes, so it was "
                "refused. Save it again from Excel and upload the new copy."
            )
        )
    total = sum(entry.file_size for entry in entries)
    # Entries may overlap (one compressed stream listed many times): never count more
    # packed bytes than the file has.
    packed = max(min(sum(entry.compress_size for entry in entries), len(content)), 1)
    if total > max_uncompressed or total / packed > MAX_COMPRESSION_RATIO:
        raise UnsafeArchive(
            _("The file unpacks to far more data than a workbook holds; it was refused.")
        )
    return archive


# --- OLE compound files (MS-CFB) ---------------------------------------------------------
# python-calamine's own compound-file reader trusts the file: a directory chain that loops
# grows memory until the process dies, and a sector number past the end of the file makes it
# allocate that much memory (the process aborts). compound_file_open() re-reads the structure
# the way that reader does and refuses anything it could not walk safely.

_FREESECT, _ENDOFCHAIN, _FATSECT, _DIFSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC
_MAXREGSECT = 0xFFFFFFFA
_MINI_SECTOR = 64
_MINI_STREAM_CUTOFF = 4096


@dataclass(frozen=True)
class CompoundEntry:
    name: str
    start: int
    size: int
    offset: int  # where the 128-byte directory entry sits in the file


class CompoundFile:
    """A validated compound file: every chain a reader follows ends inside the file."""

    def __init__(self, content: bytes) -> None:
        damaged = _broken_compound_file()
        if len(content) < 512 or not content.startswith(OLE_MAGIC):
            raise damaged
        shift, mini_shift = struct.unpack_from("<HH", content, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise damaged
        self._content = content
        self._size = 1 << shift
        sector_count = -(-(len(content) - self._size) // self._size)
        if sector_count <= 0:
            raise damaged
        dir_len, fat_len, dir_start = struct.unpack_from("<III", content, 40)
        mini_fat_start, mini_fat_len, difat_start = struct.unpack_from("<III", content, 60)
        if max(dir_len, fat_len, mini_fat_len) > sector_count:
            raise damaged

        difat = self._u32s(content[76:512])
        seen: set[int] = set()
        sector = difat_start
        while sector < _MAXREGSECT:  # the DIFAT chain: last entry of each sector links on
            if sector >= sector_count or sector in seen:
                raise damaged
            seen.add(sector)
            difat.extend(self._u32s(self._sector(sector)))
            sector = difat.pop()
        fat = array("I")
        for sector in difat:
            if sector < _DIFSECT:
                if sector >= sector_count:  # the reader would allocate up to that sector
                    raise damaged
                if len(fat) < sector_count:  # entries past the file's sectors are never used
                    fat.extend(self._u32s(self._sector(sector)))
        self._fat = fat
        self._fat_ok = _chain_ends(fat, min(sector_count, len(fat)))

        directory = self._chain(dir_start, dir_len * self._size, mini=False)
        if directory is None:
            raise damaged
        directory_bytes, directory_sectors = directory
        if not directory_bytes or len(directory_bytes) % 128:
            raise damaged
        entries = []
        for index in range(len(directory_bytes) // 128):
            raw = directory_bytes[index * 128 : index * 128 + 128]
            name = raw[:64].decode("utf-16-le", errors="replace").split("\x00", 1)[0]
            start = struct.unpack_from("<I", raw, 116)[0]
            if self._size == 512:
                size = struct.unpack_from("<I", raw, 120)[0]
            else:
                size = struct.unpack_from("<Q", raw, 120)[0]
            position = index * 128
            sector = directory_sectors[position // self._size]
            offset = self._size + sector * self._size + position % self._size
            entries.append(CompoundEntry(name=name, start=start, size=size, offset=offset))
        self.entries = tuple(entries)

        self._mini_fat = array("I")
        self._mini_stream = b""
        self._mini_ok: list[bool] = []
        if mini_fat_len:
            root = self.entries[0]
            if root.size > len(content):
                raise damaged
            mini_stream = self._chain(root.start, root.size, mini=False)
            mini_fat = self._chain(mini_fat_start, mini_fat_len * self._size, mini=False)
            if mini_stream is None or mini_fat is None:
                raise damaged
            self._mini_stream = mini_stream[0]
            self._mini_fat = self._u32s(mini_fat[0])
            mini_count = -(-len(self._mini_stream) // _MINI_SECTOR)
            self._mini_ok = _chain_ends(self._mini_fat, min(mini_count, len(self._mini_fat)))

    @property
    def content(self) -> bytes:
        return self._content

    def find(self, name: str) -> CompoundEntry | None:
        """The first directory entry with exactly this name (as python-calamine looks up)."""
        return next((entry for entry in self.entries if entry.name == name), None)

    def read(self, entry: CompoundEntry) -> bytes:
        """The entry's bytes; UnsafeArchive if its chain is broken (then nothing may read it)."""
        found = None
        if entry.size <= len(self._content):
            found = self._chain(entry.start, entry.size, mini=entry.size < _MINI_STREAM_CUTOFF)
        if found is None:
            raise _broken_compound_file()
        return found[0]

    def _sector(self, number: int) -> bytes:
        start = self._size + number * self._size
        return self._content[start : start + self._size]

    @staticmethod
    def _u32s(data: bytes) -> array[int]:
        numbers = array("I", data[: len(data) // 4 * 4])
        if sys.byteorder == "big":
            numbers.byteswap()
        return numbers

    def _chain(self, start: int, size: int, *, mini: bool) -> tuple[bytes, list[int]] | None:
        table, ok = (self._mini_fat, self._mini_ok) if mini else (self._fat, self._fat_ok)
        if start == _ENDOFCHAIN:
            return b"", []
        if start >= len(ok) or not ok[start]:
            return None
        parts: list[bytes] = []
        sectors: list[int] = []
        sector = start
        while sector != _ENDOFCHAIN:  # _chain_ends() proved this ends, inside the file
            sectors.append(sector)
            if mini:
                begin = sector * _MINI_SECTOR
                parts.append(self._mini_stream[begin : begin + _MINI_SECTOR])
            else:
                parts.append(self._sector(sector))
            sector = table[sector]
        data = b"".join(parts)
        return (data[:size] if size else data), sectors


def _chain_ends(table: array[int], count: int) -> list[bool]:
    """For each sector below ``count``: does following ``table`` reach ENDOFCHAIN, without a
    loop and without leaving the first ``count`` sectors?"""
    state = [0] * count  # 0 unknown, 1 on the current walk, 2 ends well, 3 broken
    for first in range(count):
        path: list[int] = []
        sector = first
        while True:
            if sector == _ENDOFCHAIN:
                verdict = 2
                break
            if sector >= count or state[sector] == 1:
                verdict = 3
                break
            if state[sector] > 1:
                verdict = state[sector]
                break
            state[sector] = 1
            path.append(sector)
            sector = table[sector]
        for visited in path:
            state[visited] = verdict
    return [value == 2 for value in state]


def _broken_compound_file() -> UnsafeArchive:
    return UnsafeArchive(
        _(
            "The file is damaged: it looks like an old Excel (.xls) file but its internal "
            "structure is broken. Open it in Excel, save it as .xlsx and upload the new copy."
        )
    )


def compound_file_open(content: bytes) -> CompoundFile:
    """Parse an OLE compound file, refusing one whose structure a reader could not walk."""
    try:
        return CompoundFile(content)
    except (struct.error, IndexError):
        raise _broken_compound_file() from None
