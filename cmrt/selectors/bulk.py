"""Read side of bulk imports: progress, the per-file result table, the assign queue and
the supplier directory that name matching works on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from cmrt.models import BulkImport, BulkItem, Submission
from cmrt.selectors.versions import Stamped, table_stamps
from suppliers.models import Supplier, SupplierAlias

# Items still waiting for a worker; every other status is settled.
PENDING = (BulkItem.Status.QUEUED, BulkItem.Status.INGESTING)
# Items that ended well: imported, or already known (the exit code of import_cmrt).
IMPORTED = (BulkItem.Status.DONE, BulkItem.Status.DUPLICATE)
ACTIVE_JOB = (BulkImport.Status.QUEUED, BulkImport.Status.EXPANDING, BulkImport.Status.RUNNING)
# The keys of `import_cmrt --json` (fixed by the issue) and, with more, of the export.
JSON_KEYS = (
    "file",
    "supplier",
    "status",
    "template",
    "version",
    "errors",
    "warnings",
    "smelters",
    "matched",
    "duplicate",
)
EXPORT_KEYS = (*JSON_KEYS[:2], "declared_company", *JSON_KEYS[2:], "message")


@dataclass(frozen=True)
class BulkProgress:
    status: str
    status_label: str
    total: int
    counts: dict[str, int]  # BulkItem.Status value -> items
    settled: int
    percent: int
    active: bool  # the page keeps refreshing while true

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "total": self.total,
            "settled": self.settled,
            "percent": self.percent,
            "counts": self.counts,
            "active": self.active,
        }


@dataclass(frozen=True)
class BulkRow:
    item_id: int
    file: str
    status: str
    status_label: str
    supplier: str
    supplier_id: int | None
    declared_company: str
    template: str
    version: str
    errors: int | None
    warnings: int | None
    smelters: int | None
    matched: int | None
    submission_id: int | None
    note: str
    message: str

    @property
    def duplicate(self) -> bool:
        return self.status == BulkItem.Status.DUPLICATE

    def as_json(self) -> dict[str, Any]:
        """Exactly ``JSON_KEYS`` (import_cmrt --json)."""
        return {key: getattr(self, key) for key in JSON_KEYS}

    def as_export(self) -> list[Any]:
        return [getattr(self, key) for key in EXPORT_KEYS]


def bulk_imports() -> QuerySet[BulkImport]:
    """Every job, newest first, with item counts for the list page."""
    return (
        BulkImport.objects.select_related("created_by")
        .annotate(
            items_done=Count("items", filter=Q(items__status__in=IMPORTED)),
            items_waiting=Count("items", filter=Q(items__status=BulkItem.Status.NEEDS_SUPPLIER)),
            items_problem=Count(
                "items",
                filter=Q(items__status__in=(BulkItem.Status.FAILED, BulkItem.Status.SKIPPED)),
            ),
        )
        .order_by("-created_at", "-id")
    )


def bulk_progress(bulk: BulkImport) -> BulkProgress:
    counts = {status.value: 0 for status in BulkItem.Status}
    for row in BulkItem.objects.filter(bulk=bulk).values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    total = sum(counts.values())
    settled = total - sum(counts[status] for status in PENDING)
    active = bulk.status in ACTIVE_JOB
    if bulk.status == BulkImport.Status.DONE:
        percent = 100
    elif total:
        # Unpacking is the first tenth of the bar; files then fill the rest.
        percent = (10 if bulk.status != BulkImport.Status.EXPANDING else 5) + 90 * settled // total
        percent = min(percent, 99)
    else:
        percent = 0
    return BulkProgress(
        status=bulk.status,
        status_label=bulk.get_status_display(),
        total=max(total, bulk.total),
        counts=counts,
        settled=settled,
        percent=percent,
        active=active,
    )


def bulk_rows(bulk: BulkImport) -> list[BulkRow]:
    items = (
        BulkItem.objects.filter(bulk=bulk).select_related("submission__supplier").order_by("path")
    )
    return [_row(item) for item in items]


def _row(item: BulkItem) -> BulkRow:
    submission = item.submission
    status = item.status
    if (
        status == BulkItem.Status.QUEUED
        and submission is not None
        and submission.status == Submission.Status.PROCESSING
    ):
        status = BulkItem.Status.INGESTING
    read = submission is not None and submission.is_finished
    supplier = submission.supplier if submission is not None else None
    return BulkRow(
        item_id=item.pk,
        file=item.path,
        status=status,
        status_label=BulkItem.Status(status).label,
        supplier=supplier.name if supplier is not None else "",
        supplier_id=supplier.pk if supplier is not None else None,
        declared_company=submission.declared_company if submission is not None else "",
        template=submission.template_kind if submission is not None else "",
        version=submission.template_version if submission is not None else "",
        errors=submission.error_count if read else None,
        warnings=submission.warning_count if read else None,
        smelters=submission.smelter_count if read else None,
        matched=submission.matched_count if read else None,
        submission_id=submission.pk if submission is not None else None,
        note=item.supplier_note,
        message=item.message,
    )


def bulk_waiting_items() -> QuerySet[BulkItem]:
    """The 'assign supplier' queue across every job, oldest first."""
    return (
        BulkItem.objects.filter(status=BulkItem.Status.NEEDS_SUPPLIER)
        .select_related("submission", "bulk")
        .order_by("bulk__created_at", "path")
    )


# What ``supplier_directory_version`` watches (``cmrt.selectors.versions``).
SUPPLIER_TABLES: tuple[Stamped, ...] = ((Supplier, ("id", "updated_at")), (SupplierAlias, ("id",)))


def supplier_directory_version() -> tuple[object, ...]:
    """Changes whenever ``supplier_directory`` would: a supplier added, deleted or saved
    (``updated_at``), an alias added or deleted (aliases are never edited in place: see
    ``cmrt.services.bulk._alias_record``). One query."""
    return table_stamps(*SUPPLIER_TABLES)


def supplier_directory() -> list[tuple[int, str, tuple[str, ...]]]:
    """(id, name, alias names) of every supplier, for ``cmrt.bulk.supplier_guess``."""
    aliases: dict[int, list[str]] = {}
    for supplier_id, name in SupplierAlias.objects.values_list("supplier_id", "name"):
        aliases.setdefault(supplier_id, []).append(name)
    return [
        (supplier_id, name, tuple(aliases.get(supplier_id, ())))
        for supplier_id, name in Supplier.objects.order_by("name").values_list("id", "name")
    ]
