"""Open an upload's bytes as a lazily read workbook, or walk it to say why it cannot be read.

``workbook_open`` runs the cheap checks (container sniffing, zip limits, no DTD in the
parts calamine parses first, encryption) and returns a ``Workbook`` whose sheets calamine
reads on first use. It does not bound calamine's memory: call it inside
``cmrt.workbook.isolation.read_isolated``, which caps the child that reads, or after
``workbook_inspect``, the thorough but slow bounded pre-read.
"""

from __future__ import annotations

import contextlib
import io
import re
import threading
import zipfile
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from cmrt.workbook.biff import inspect_biff, ole_document
from cmrt.workbook.limits import (
    MAX_PART_XML_BYTES,
    MAX_SHARED_STRINGS_XML_BYTES,
    MAX_SHEET_XML_BYTES,
    MAX_WORKBOOK_UNPACKED_BYTES,
    ScanFacts,
    damaged_part,
    dtd,
    megabytes,
    refuse,
    sheet_too_large,
)
from cmrt.workbook.model import EXCEL_DEFAULT_PASSWORD, Sheet, UnreadableWorkbook, Workbook
from cmrt.workbook.ooxml import inspect_ooxml
from cmrt.workbook.xmlparts import UNPACKING_ERRORS, sheet_loads
from config.uploads import (
    CompoundFile,
    ContainerKind,
    UnsafeArchive,
    compound_file_open,
    container_kind,
    zip_guard,
    zip_part_key,
)

# A DTD can only come before the root element: after the XML declaration, comments and
# processing instructions. Excel never writes one; calamine would not expand its entities
# anyway, but a file carrying one was made to attack XML parsers and gets a clear refusal.
_PROLOG_DTD = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:(?:<\?.*?\?>|<!--.*?-->)\s*)*<!DOCTYPE", re.S)
_PROLOG_PEEK = 64 * 1024


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


def _compound(content: bytes) -> CompoundFile:
    try:
        return compound_file_open(content)
    except UnsafeArchive as exc:
        raise UnreadableWorkbook(str(exc)) from None


def _not_a_workbook() -> UnreadableWorkbook:
    return UnreadableWorkbook(
        _("This file is not an Excel workbook. Upload the CMRT as .xlsx (or .xls).")
    )


def _plain_content(content: bytes) -> tuple[bytes, ContainerKind, bool]:
    """(content to read, its container, whether it was decrypted)."""
    kind = container_kind(content)
    if not content:  # e.g. `cmrt_check` on a file saved empty; uploads refuse it earlier
        raise UnreadableWorkbook(_("The file is empty."))
    if kind is ContainerKind.OTHER:
        raise _not_a_workbook()
    if kind is ContainerKind.OLE:
        ole_document(_compound(content))
        if _is_encrypted(content):
            content = _decrypt(content)
            kind = container_kind(content)
            if kind is ContainerKind.OTHER:
                raise _not_a_workbook()
            return content, kind, True
    return content, kind, False


def workbook_inspect(content: bytes) -> ScanFacts:
    """The bounded pre-read: raise UnreadableWorkbook naming what reading would overrun."""
    content, kind, _encrypted = _plain_content(content)
    if kind is ContainerKind.ZIP:
        return inspect_ooxml(content)
    facts, _content = inspect_biff(_compound(content))
    return facts


def _refuse_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    try:
        with archive.open(info) as stream:
            head = stream.read(_PROLOG_PEEK)
    except UNPACKING_ERRORS:
        raise damaged_part(info.filename) from None
    if _PROLOG_DTD.match(head):
        dtd()


def _too_large_part(info: zipfile.ZipInfo, limit: int) -> UnreadableWorkbook:
    return refuse(
        _(
            "The workbook's part “%(part)s” is far larger than Excel writes (%(size)s MB; the "
            "limit is %(limit)s MB), so it was refused."
        )
        % {
            "part": info.filename,
            "size": megabytes(info.file_size),
            "limit": megabytes(limit),
        }
    )


class _OoxmlParts:
    """The cheap checks of an .xlsx before and while calamine reads it."""

    def __init__(self, content: bytes) -> None:
        try:
            self.archive = zip_guard(content, max_uncompressed=MAX_WORKBOOK_UNPACKED_BYTES)
        except UnsafeArchive as exc:
            raise UnreadableWorkbook(str(exc)) from None
        self.parts = {zip_part_key(info.filename): info for info in self.archive.infolist()}
        if "xl/workbook.xml" not in self.parts:
            if "xl/workbook.bin" in self.parts:
                raise refuse(
                    _(
                        "This is a binary Excel workbook (.xlsb), which cannot be read. Save it "
                        "as .xlsx and upload that."
                    )
                )
            raise refuse(_("The file is a zip archive, not an Excel workbook (.xlsx or .xlsm)."))
        keys = self.parts.keys()
        self.has_macros = any(
            key.endswith("vbaproject.bin") or key.startswith("xl/macrosheets/") for key in keys
        )
        self.has_external_links = any(
            key.startswith("xl/externallinks/") and not key.endswith("/") for key in keys
        )
        limits = {
            "xl/workbook.xml": MAX_PART_XML_BYTES,
            "xl/_rels/workbook.xml.rels": MAX_PART_XML_BYTES,
            "xl/styles.xml": MAX_PART_XML_BYTES,
            "xl/sharedstrings.xml": MAX_SHARED_STRINGS_XML_BYTES,
        }
        for key, limit in limits.items():
            info = self.parts.get(key)
            if info is not None:
                if info.file_size > limit:
                    raise _too_large_part(info, limit)
                _refuse_dtd(self.archive, info)
        self._sheet_parts: dict[str, zipfile.ZipInfo] | None = None

    def check_sheet(self, name: str) -> None:
        """Before calamine reads the worksheet ``name``: size limit and no DTD."""
        if self._sheet_parts is None:
            workbook_xml = self.archive.read(self.parts["xl/workbook.xml"])
            relationships = self.parts.get("xl/_rels/workbook.xml.rels")
            relationships_xml = self.archive.read(relationships) if relationships else b""
            self._sheet_parts = {
                sheet: self.parts[zip_part_key(path)]
                for sheet, path in sheet_loads(workbook_xml, relationships_xml)
                if zip_part_key(path) in self.parts
            }
        info = self._sheet_parts.get(name)
        if info is None:
            return
        if info.file_size > MAX_SHEET_XML_BYTES:
            raise sheet_too_large(name, info.file_size, MAX_SHEET_XML_BYTES)
        _refuse_dtd(self.archive, info)


_PASSWORD_MESSAGE = (
    "The workbook is protected with a password. Save an unprotected copy (File > "
    "Info > Protect Workbook > Encrypt with Password: clear it) and upload that."
)


class CalamineRefusal(UnreadableWorkbook):
    """calamine itself gave up on the file; the bounded pre-read may say more precisely why."""


def _calamine_failure(exc: BaseException) -> UnreadableWorkbook:
    if isinstance(exc, PasswordError):
        return UnreadableWorkbook(_(_PASSWORD_MESSAGE))
    if isinstance(exc, CalamineError):
        return CalamineRefusal(
            _(
                "The workbook cannot be read (%(reason)s). "
                "Open it in Excel, save it as .xlsx and upload it again."
            )
            % {"reason": exc}
        )
    # A Rust panic inside calamine surfaces as pyo3's PanicException, which derives from
    # BaseException: it becomes a message too.
    return CalamineRefusal(
        _(
            "The workbook cannot be read: its contents are malformed. "
            "Open it in Excel, save it as .xlsx and upload it again."
        )
    )


def _is_calamine_failure(exc: BaseException) -> bool:
    return isinstance(exc, CalamineError) or type(exc).__name__ == "PanicException"


def _worksheets(calamine: CalamineWorkbook) -> dict[str, Any]:
    """Sheet name -> calamine's metadata, worksheets only (a repeated name reads the first)."""
    return {
        meta.name: meta
        for meta in reversed(calamine.sheets_metadata)
        if meta.typ == SheetTypeEnum.WorkSheet
    }


def _sheet_read(
    calamine: CalamineWorkbook, metadata: dict[str, Any], name: str, max_rows: int
) -> Sheet | None:
    meta = metadata.get(name)
    if meta is None:
        return None  # a chart sheet holds no cells
    try:
        sheet = calamine.get_sheet_by_name(name)
        data = sheet.to_python(skip_empty_area=False, nrows=max_rows)
        end = sheet.end
    except BaseException as exc:
        if not _is_calamine_failure(exc):
            raise
        raise _calamine_failure(exc) from None
    return Sheet(
        name=name,
        visible=meta.visible == SheetVisibleEnum.Visible,
        rows=tuple(tuple(row) for row in data),
        rows_dropped=max((end[0] + 1 if end else 0) - len(data), 0),
    )


def _sheet_thread(content: bytes, name: str, max_rows: int) -> Callable[[], Sheet | None]:
    """Read ``name`` on a thread: calamine lets go of the GIL while it parses, so the
    reader's Python work on the other sheets runs meanwhile (on its own calamine handle:
    one handle is not shared between threads). Returns the function that waits for it."""
    outcome: list[Sheet | None] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            reader = CalamineWorkbook.from_filelike(io.BytesIO(content))
            outcome.append(_sheet_read(reader, _worksheets(reader), name, max_rows))
        except BaseException as exc:  # handed to the thread that asks for the sheet
            failure.append(exc)

    thread = threading.Thread(target=run, name=f"read {name}", daemon=True)
    thread.start()

    def result() -> Sheet | None:
        thread.join()
        if failure:
            exc = failure[0]
            if _is_calamine_failure(exc):
                raise _calamine_failure(exc) from None
            raise exc
        return outcome[0]

    return result


def workbook_open(
    content: bytes, *, max_rows: int = 20_000, prefetch: tuple[str, ...] = ()
) -> Workbook:
    """Open the bytes; sheets are read on first use, at most ``max_rows`` rows each.

    ``prefetch``: sheets to start reading on threads at once (the largest one: its read
    then overlaps opening the workbook and reading the others).
    Raises UnreadableWorkbook with a plain message for anything that is not a workbook.
    """
    content, kind, encrypted = _plain_content(content)
    ooxml: _OoxmlParts | None = None
    has_macros = has_external_links = False
    started: dict[str, Callable[[], Sheet | None]] = {}
    if kind is ContainerKind.ZIP:
        ooxml = _OoxmlParts(content)
        has_macros, has_external_links = ooxml.has_macros, ooxml.has_external_links
        for name in prefetch:
            try:
                ooxml.check_sheet(name)
            except UnreadableWorkbook:
                continue  # said when the sheet is asked for, as without prefetching
            started[name] = _sheet_thread(content, name, max_rows)
    else:
        # The record walk is cheap and also hides a VBA project from older calamine releases.
        facts, content = inspect_biff(_compound(content))
        has_macros, has_external_links = facts.has_macros, facts.has_external_links
    try:
        calamine = CalamineWorkbook.from_filelike(io.BytesIO(content))
        metadata = _worksheets(calamine)
    except BaseException as exc:
        for wait in started.values():  # no thread outlives a refused file
            with contextlib.suppress(BaseException):
                wait()
        if not _is_calamine_failure(exc):
            raise
        raise _calamine_failure(exc) from None
    names = tuple(meta.name for meta in calamine.sheets_metadata if meta.name in metadata)

    def load(name: str) -> Sheet | None:
        if name in metadata and ooxml is not None:
            ooxml.check_sheet(name)
        return _sheet_read(calamine, metadata, name, max_rows)

    def start(name: str) -> Callable[[], Sheet | None]:
        if ooxml is not None:
            ooxml.check_sheet(name)
        return _sheet_thread(content, name, max_rows)

    return Workbook(
        sheet_names=tuple(dict.fromkeys(names)),
        loader=load,
        starter=start,
        started={name: wait for name, wait in started.items() if name in metadata},
        was_encrypted=encrypted,
        format="xlsx" if kind is ContainerKind.ZIP else "xls",
        has_macros=has_macros,
        has_external_links=has_external_links,
    )
