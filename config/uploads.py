"""Upload safety shared by every app: decide a file's format from its bytes and refuse
zip archives that would unpack to far more than a workbook holds. Pure: no ORM."""

from __future__ import annotations

import io
import zipfile
from enum import StrEnum

from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and encrypted .xlsx/.xls
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 2_000
MAX_COMPRESSION_RATIO = 200


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


def zip_guard(content: bytes) -> zipfile.ZipFile:
    """Open a zip only if its declared sizes and entry count are within safe limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise UnsafeArchive(
            _("The file is damaged: it looks like an Excel file but cannot be opened.")
        ) from None
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UnsafeArchive(_("The file has too many parts to be a normal Excel workbook."))
    total = sum(entry.file_size for entry in entries)
    packed = max(sum(entry.compress_size for entry in entries), 1)
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        raise UnsafeArchive(
            _("The file unpacks to far more data than a workbook holds; it was refused.")
        )
    return archive
