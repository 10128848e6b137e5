"""Walk an uploaded bulk archive into entries, safely. Pure: bytes in, dataclasses out.

What the walk does with each member of the zip:

1. Directories and operating-system clutter (``__MACOSX/``, ``.DS_Store``, ``Thumbs.db``,
   ``desktop.ini``, AppleDouble ``._*`` files and Excel's ``~$*`` lock files) are dropped
   silently: nobody put them there on purpose, so reporting them is noise.
2. A zip inside the upload is opened too, one level deep (people zip folders of zips
   from their mailbox); a zip inside that one is reported as skipped, not opened. When the
   app packed several uploaded files into one archive itself (``archive_pack``), that
   packing does not count as a level.
3. Anything that is not a workbook (by its leading bytes, or a workbook file name) is
   reported as skipped, "not a spreadsheet".
4. A workbook with the same SHA-256 as an earlier one is reported as a duplicate of the
   first path; only the first is imported.

Every archive, the outer one and nested ones, goes through ``config.uploads.zip_guard``
after our own limits on entry count, total unpacked size and compression ratio, which are
counted across nested archives too, so a zip of zip bombs is refused like a single one.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

from config.uploads import (
    MAX_COMPRESSION_RATIO,
    MAX_ZIP_ENTRIES,
    ContainerKind,
    UnsafeArchive,
    container_kind,
    zip_guard,
    zip_part_key,
)

# zip_guard refuses more entries than this anyway; a bigger import is split into several.
MAX_ENTRIES = MAX_ZIP_ENTRIES
# Written as the zip comment of archives the app builds from several uploaded files, so the
# walk knows the outer level is ours and still opens the user's zips inside it.
PACK_COMMENT = b"cmrt-bulk-pack/1"
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls"})
_JUNK_FOLDERS = frozenset({"__macosx"})
_JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
_JUNK_PREFIXES = ("._", "~$")
_PATH_MAX = 500  # BulkItem.path
_MB = 1024 * 1024
_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    struct.error,
    ValueError,
    RuntimeError,  # an encrypted member
    NotImplementedError,
)


class EntryKind(StrEnum):
    WORKBOOK = "workbook"  # to import
    DUPLICATE = "duplicate"  # same bytes as an earlier entry (duplicate_of)
    SKIPPED = "skipped"  # not imported; message says why


class _Sniffed(StrEnum):
    WORKBOOK = "workbook"
    ARCHIVE = "archive"
    OTHER = "other"


@dataclass(frozen=True)
class ArchiveEntry:
    path: str  # inside the upload, "/"-separated; nested zips appear as folders
    content: bytes  # the workbook's bytes; empty for skipped entries and duplicates
    sha256: str
    kind: EntryKind
    size: int = 0
    message: str = ""
    duplicate_of: str = ""


@dataclass
class _Walk:
    max_file_bytes: int
    max_total_bytes: int
    max_entries: int
    unpacked: int = 0  # declared bytes of every archive opened so far
    entries: int = 0
    paths: set[str] = field(default_factory=set)
    first_path: dict[str, str] = field(default_factory=dict)  # sha256 -> first path


def archive_entries(
    content: bytes,
    *,
    max_file_bytes: int,
    max_total_bytes: int,
    max_entries: int = MAX_ENTRIES,
) -> Iterator[ArchiveEntry]:
    """The entries of a bulk upload, lazily (one workbook in memory at a time).

    Raises ``UnsafeArchive`` at once, before any entry, when the archive itself is refused;
    problems with one member or a nested zip become SKIPPED entries instead.
    """
    walk = _Walk(max_file_bytes, max_total_bytes, max_entries)
    archive = _open(content, walk)
    levels = 2 if archive.comment == PACK_COMMENT else 1
    return _walk(archive, "", levels, walk)


def archive_pack(files: list[tuple[str, bytes]]) -> bytes:
    """One stored (uncompressed) zip of several uploaded files, marked as ours."""
    buffer = io.BytesIO()
    taken: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in files:
            path = _unique(_clean(name) or "upload", taken)
            archive.writestr(path, data)
        archive.comment = PACK_COMMENT
    return buffer.getvalue()


def is_archive(name: str, content: bytes) -> bool:
    """A zip of files (not a workbook, which is a zip too)."""
    return _sniff(name, content) is _Sniffed.ARCHIVE


# --- The walk ----------------------------------------------------------------------------


def _open(content: bytes, walk: _Walk) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except _READ_ERRORS:
        raise UnsafeArchive(_("The archive is damaged or is not a zip file.")) from None
    count = sum(not info.is_dir() for info in infos)
    if walk.entries + count > walk.max_entries:
        raise UnsafeArchive(
            _(
                "The archive holds %(count)d files; one import takes at most %(limit)d. "
                "Split it into smaller archives."
            )
            % {"count": walk.entries + count, "limit": walk.max_entries}
        )
    total = sum(info.file_size for info in infos)
    packed = max(min(sum(info.compress_size for info in infos), len(content)), 1)
    if total / packed > MAX_COMPRESSION_RATIO:
        raise UnsafeArchive(
            _(
                "The archive unpacks to far more data than its size suggests (a zip bomb), "
                "so it was refused."
            )
        )
    if walk.unpacked + total > walk.max_total_bytes:
        raise UnsafeArchive(
            _("The archive unpacks to more than %(limit)d MB; split it into smaller archives.")
            % {"limit": walk.max_total_bytes // _MB}
        )
    try:  # the shared guard: compression methods, encryption, repeated names
        zip_guard(content, max_uncompressed=walk.max_total_bytes)
    except UnsafeArchive as exc:
        raise UnsafeArchive(_("The archive was refused: %(reason)s") % {"reason": exc}) from None
    walk.entries += count
    walk.unpacked += total
    return archive


def _walk(
    archive: zipfile.ZipFile, prefix: str, levels: int, walk: _Walk
) -> Iterator[ArchiveEntry]:
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = _clean(info.filename)
        if not name or _is_junk(name):
            continue
        path = _unique(prefix + name, walk.paths)
        suffix = PurePosixPath(name).suffix.lower()
        if info.file_size > walk.max_file_bytes and suffix != ".zip":
            yield _skipped(
                path,
                info.file_size,
                _("Larger than %(limit)d MB, far larger than a CMRT; not imported.")
                % {"limit": walk.max_file_bytes // _MB},
            )
            continue
        try:
            data = archive.read(info)
        except _READ_ERRORS:
            yield _skipped(path, info.file_size, _("Damaged inside the archive; not unpacked."))
            continue
        sniffed = _sniff(name, data)
        if sniffed is _Sniffed.ARCHIVE:
            yield from _nested(data, path, levels, walk)
        elif sniffed is _Sniffed.OTHER:
            yield _skipped(path, len(data), _("Not a spreadsheet."))
        else:
            yield _workbook(path, data, walk)


def _nested(data: bytes, path: str, levels: int, walk: _Walk) -> Iterator[ArchiveEntry]:
    if levels <= 0:
        yield _skipped(
            path,
            len(data),
            _("A zip inside a zip inside the upload is not opened; unpack it and upload it."),
        )
        return
    try:
        inner = _open(data, walk)
    except UnsafeArchive as exc:
        yield _skipped(path, len(data), str(exc))
        return
    yield from _walk(inner, path + "/", levels - 1, walk)


def _workbook(path: str, data: bytes, walk: _Walk) -> ArchiveEntry:
    sha256 = hashlib.sha256(data).hexdigest()
    first = walk.first_path.setdefault(sha256, path)
    if first != path:
        return ArchiveEntry(
            path=path,
            content=b"",
            sha256=sha256,
            kind=EntryKind.DUPLICATE,
            size=len(data),
            message=_("Same file as %(path)s.") % {"path": first},
            duplicate_of=first,
        )
    return ArchiveEntry(path, data, sha256, EntryKind.WORKBOOK, size=len(data))


def _skipped(path: str, size: int, message: str) -> ArchiveEntry:
    return ArchiveEntry(path, b"", "", EntryKind.SKIPPED, size=size, message=message)


def _sniff(name: str, data: bytes) -> _Sniffed:
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    kind = container_kind(data)
    if kind is ContainerKind.OLE:  # .xls, or an encrypted .xlsx
        return _Sniffed.WORKBOOK
    if kind is ContainerKind.ZIP:
        try:
            parts = {zip_part_key(n) for n in zipfile.ZipFile(io.BytesIO(data)).namelist()}
        except _READ_ERRORS:
            parts = set()
        if "xl/workbook.xml" in parts or suffix in WORKBOOK_SUFFIXES:
            return _Sniffed.WORKBOOK  # a damaged workbook still goes to the reader, which says why
        return _Sniffed.ARCHIVE
    # A file named like a workbook goes to the reader, which explains what is wrong with it.
    return _Sniffed.WORKBOOK if suffix in WORKBOOK_SUFFIXES else _Sniffed.OTHER


def _clean(name: str) -> str:
    """A display path: forward slashes, no empty, "." or ".." parts, bounded length. The
    bytes are never written under this name, so this is about readable labels."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    if parts and len(parts[0]) == 2 and parts[0][1] == ":":  # a Windows drive, "C:"
        parts = parts[1:]
    path = "/".join(parts)
    return path if len(path) <= _PATH_MAX - 10 else "…" + path[-(_PATH_MAX - 11) :]


def _is_junk(path: str) -> bool:
    parts = path.casefold().split("/")
    return (
        any(part in _JUNK_FOLDERS for part in parts[:-1])
        or parts[-1] in _JUNK_NAMES
        or parts[-1].startswith(_JUNK_PREFIXES)
    )


def _unique(path: str, taken: set[str]) -> str:
    """The path, or "name (2).xlsx" if it is taken (ignoring case, like zip_guard)."""
    candidate, number = path, 1
    stem, dot, suffix = path.rpartition(".") if "." in path.rsplit("/", 1)[-1] else (path, "", "")
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem} ({number}){dot}{suffix}"
    taken.add(candidate.casefold())
    return candidate
