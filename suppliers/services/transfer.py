"""Import and export of suppliers and contacts (CSV and XLSX) via django-import-export.

An import is all or nothing: the preview (dry run) and the real run go through the same
code, and the real run saves nothing unless every row is valid.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

import tablib
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.results import Result, RowResult

from config.cells import row_safe
from suppliers.resources import AuditedResource, ContactResource, SupplierResource
from suppliers.tabular import Table, TableError, table_read


class RegistryKind(StrEnum):
    SUPPLIERS = "suppliers"
    CONTACTS = "contacts"


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


_RESOURCES: dict[RegistryKind, type[AuditedResource]] = {
    RegistryKind.SUPPLIERS: SupplierResource,
    RegistryKind.CONTACTS: ContactResource,
}
REQUIRED_COLUMNS: dict[RegistryKind, tuple[str, ...]] = {
    RegistryKind.SUPPLIERS: ("name",),
    RegistryKind.CONTACTS: ("supplier", "name", "email"),
}
# Header spellings people use, mapped to our column names (after lower-casing and
# turning spaces and dashes into underscores).
HEADER_ALIASES = {
    "duns": "duns_number",
    "duns_no": "duns_number",
    "vendor": "vendor_number",
    "vendor_no": "vendor_number",
    "supplier_number": "vendor_number",
    "primary": "is_primary",
    "primary_contact": "is_primary",
    "active": "is_active",
    "e_mail": "email",
    "supplier_name": "name",
}


def column_names(kind: RegistryKind) -> tuple[str, ...]:
    return tuple(_RESOURCES[kind]._meta.fields)


def normalise_header(header: str) -> str:
    key = header.strip().lower().replace(" ", "_").replace("-", "_")
    return HEADER_ALIASES.get(key, key)


ACTION_LABELS = {
    "new": gettext_lazy("new"),
    "update": gettext_lazy("update"),
    "skip": gettext_lazy("unchanged"),
    "invalid": gettext_lazy("has problems"),
    "error": gettext_lazy("has problems"),
}


@dataclass(frozen=True)
class ImportRow:
    number: int  # the spreadsheet row (the header is row 1)
    action: str  # new, update, skip, invalid, error (django-import-export's row types)
    label: str
    errors: tuple[str, ...] = ()

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


@dataclass(frozen=True)
class ImportReport:
    kind: RegistryKind
    rows: tuple[ImportRow, ...] = ()
    file_errors: tuple[str, ...] = ()
    committed: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[str]:
        """Every problem, file-level first, then row by row."""
        return list(self.file_errors) + [e for row in self.rows for e in row.errors]

    @property
    def ok(self) -> bool:
        return not self.errors


def _check_table(kind: RegistryKind, table: Table) -> tuple[list[str], list[str]]:
    """File-level problems (columns) and cross-row problems (duplicates in the file)."""
    known = column_names(kind)
    headers = [normalise_header(h) for h in table.headers]
    problems: list[str] = []
    for position, header in enumerate(headers, start=1):
        if not header:
            problems.append(_("Column %(n)d has no name in row 1.") % {"n": position})
        elif header not in known:
            problems.append(
                _("Column “%(header)s” is not known; the columns are: %(known)s.")
                % {"header": table.headers[position - 1], "known": ", ".join(known)}
            )
    duplicated = [h for h, count in Counter(headers).items() if h and count > 1]
    problems += [_("Column “%(header)s” appears twice.") % {"header": h} for h in duplicated]
    missing = [c for c in REQUIRED_COLUMNS[kind] if c not in headers]
    if missing:
        problems.append(_("Required columns are missing: %(cols)s.") % {"cols": ", ".join(missing)})
    if not table.rows:
        problems.append(_("The file has column names but no rows to import."))
    return headers, problems


def _duplicate_rows(kind: RegistryKind, headers: list[str], table: Table) -> dict[int, str]:
    """Row number -> message, for rows whose natural key repeats an earlier row."""
    key_columns = ("name",) if kind is RegistryKind.SUPPLIERS else ("supplier", "email")
    if any(c not in headers for c in key_columns):
        return {}
    seen: dict[tuple[str, ...], int] = {}
    duplicates: dict[int, str] = {}
    primaries: dict[str, int] = {}
    start = table.first_data_row_number()
    for offset, values in enumerate(table.rows):
        number = start + offset
        record = dict(zip(headers, values, strict=False))
        key = tuple(record[c].strip().lower() for c in key_columns)
        if all(key):
            if key in seen:
                duplicates[number] = _("row %(row)d: repeats row %(first)d (%(key)s).") % {
                    "row": number,
                    "first": seen[key],
                    "key": " / ".join(record[c] for c in key_columns),
                }
            seen.setdefault(key, number)
        if kind is RegistryKind.CONTACTS and record.get("is_primary", "").strip().lower() in {
            "1",
            "true",
            "yes",
            "y",
            "x",
            "primary",
        }:
            supplier_key = record["supplier"].strip().lower()
            if supplier_key in primaries and number not in duplicates:
                duplicates[number] = _(
                    "row %(row)d: is_primary: row %(first)d already makes another contact "
                    "of this supplier primary."
                ) % {"row": number, "first": primaries[supplier_key]}
            primaries.setdefault(supplier_key, number)
    return duplicates


def _row_label(kind: RegistryKind, record: dict[str, str]) -> str:
    if kind is RegistryKind.SUPPLIERS:
        return record.get("name", "")
    return f"{record.get('name', '')} <{record.get('email', '')}> ({record.get('supplier', '')})"


def _messages_for(number: int, row_result: RowResult) -> list[str]:
    messages = []
    if row_result.validation_error is not None:
        error = row_result.validation_error
        error_dict = getattr(error, "error_dict", None) or {"__all__": error.error_list}
        for field_name, errors in error_dict.items():
            for item in errors:
                text = " ".join(item.messages) if hasattr(item, "messages") else str(item)
                where = "" if field_name == "__all__" else f"{field_name}: "
                messages.append(f"row {number}: {where}{text}")
    for error in row_result.errors:
        messages.append(
            _("row %(row)d: could not be saved (%(reason)s).")
            % {"row": number, "reason": error.error}
        )
    return messages


def registry_import(
    kind: RegistryKind, content: bytes, *, by: AbstractUser | None, commit: bool
) -> ImportReport:
    """Check (``commit=False``) or import (``commit=True``) an uploaded CSV/XLSX file.

    1. Read the table from the bytes; refuse unreadable files and bad columns.
    2. Find rows that repeat an earlier row's natural key.
    3. Run django-import-export in a transaction: as a dry run to preview, or for real,
       rolled back whole if any row is invalid. Nothing is saved unless all rows pass.
    """
    try:
        table = table_read(content, max_rows=settings.IMPORT_MAX_ROWS)
    except TableError as exc:
        return ImportReport(kind=kind, file_errors=(str(exc),))
    headers, file_errors = _check_table(kind, table)
    if file_errors:
        return ImportReport(kind=kind, file_errors=tuple(file_errors))
    duplicates = _duplicate_rows(kind, headers, table)
    dataset = tablib.Dataset(*table.rows, headers=headers)
    resource = _RESOURCES[kind]()
    result: Result = resource.import_data(
        dataset,
        dry_run=not commit or bool(duplicates),
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=by,
    )
    start = table.first_data_row_number()
    rows = []
    for offset, row_result in enumerate(result.rows):
        number = start + offset
        messages = _messages_for(number, row_result)
        if number in duplicates:
            messages.insert(0, duplicates[number])
        action = row_result.import_type
        if messages and action not in (RowResult.IMPORT_TYPE_INVALID, RowResult.IMPORT_TYPE_ERROR):
            action = RowResult.IMPORT_TYPE_INVALID
        record = dict(zip(headers, table.rows[offset], strict=False))
        rows.append(ImportRow(number, action, _row_label(kind, record), tuple(messages)))
    base_errors = tuple(
        _("The import failed: %(reason)s") % {"reason": error.error} for error in result.base_errors
    )
    counts = Counter(row.action for row in rows)
    ok = not base_errors and not any(row.errors for row in rows)
    return ImportReport(
        kind=kind,
        rows=tuple(rows),
        file_errors=base_errors,
        committed=commit and ok,
        counts=dict(counts),
    )


def registry_export(kind: RegistryKind, queryset: QuerySet, fmt: ExportFormat) -> bytes:
    """The rows of ``queryset`` as CSV (UTF-8 with BOM, so Excel reads accents) or XLSX."""
    exported = _RESOURCES[kind]().export(queryset=queryset)
    # Names and notes were typed by users: a formula-like text must not run when opened.
    dataset = tablib.Dataset(*(row_safe(row) for row in exported), headers=exported.headers)
    if fmt is ExportFormat.CSV:
        return ("\ufeff" + dataset.export("csv")).encode("utf-8")
    return dataset.export("xlsx")


# PENDING IMPORTS ----------------------------------------------------------------------
# Between the preview and the confirmation the uploaded file waits in private storage;
# the browser only holds a signed reference to it, bound to the user who uploaded it.

_PENDING_SALT = "suppliers.pending-import"
PENDING_MAX_AGE_SECONDS = 3600


class PendingImportError(Exception):
    pass


def pending_imports_prune() -> int:
    """Delete previews nobody confirmed: their tokens have expired anyway."""
    cutoff = timezone.now() - timedelta(seconds=PENDING_MAX_AGE_SECONDS)
    try:
        _folders, files = default_storage.listdir("imports")
    except FileNotFoundError:
        return 0
    stale = [
        f"imports/{name}"
        for name in files
        if default_storage.get_modified_time(f"imports/{name}") < cutoff
    ]
    for path in stale:
        default_storage.delete(path)
    return len(stale)


def pending_import_store(kind: RegistryKind, content: bytes, *, by: AbstractUser) -> str:
    pending_imports_prune()
    name = default_storage.save(f"imports/{uuid.uuid4().hex}.upload", ContentFile(content))
    return signing.dumps({"path": name, "kind": kind.value, "user": by.pk}, salt=_PENDING_SALT)


def pending_import_load(token: str, *, by: AbstractUser) -> tuple[RegistryKind, bytes, str]:
    """The kind, bytes and storage path of a pending import this user uploaded."""
    try:
        data = signing.loads(token, salt=_PENDING_SALT, max_age=PENDING_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise PendingImportError(
            _("The preview is more than an hour old; upload the file again.")
        ) from None
    except signing.BadSignature:
        raise PendingImportError(
            _("The import could not be found; upload the file again.")
        ) from None
    path = data.get("path", "")
    if (
        data.get("user") != by.pk
        or not path.startswith("imports/")
        or not default_storage.exists(path)
    ):
        raise PendingImportError(_("The import could not be found; upload the file again."))
    with default_storage.open(path, "rb") as handle:
        return RegistryKind(data["kind"]), handle.read(), path


def pending_import_discard(path: str) -> None:
    if path.startswith("imports/"):
        default_storage.delete(path)
