"""Bulk imports: one job for a zip (or many files), one item per file found in it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cmrt.models.submissions import Submission


class BulkImport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        EXPANDING = "expanding", _("unpacking")
        RUNNING = "running", _("importing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("archive"), upload_to="bulk/%Y/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("files"), default=0)
    message = models.TextField(_("message"), blank=True)
    # Chosen for every file at the start (else each file is assigned by its declared
    # company): kept on the row, so that unpacking can be resumed from the row alone.
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supplier for every file"),
    )
    # When unpacking was claimed or last made progress: a job that stays unpacked-to-be
    # with an old stamp lost its task message (cmrt/services/resume.py).
    claimed_at = models.DateTimeField(_("unpacking claimed"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bulk import")
        verbose_name_plural = _("bulk imports")

    def __str__(self) -> str:
        return self.original_name


class BulkItem(models.Model):
    """One file of a bulk import and what became of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        INGESTING = "ingesting", _("importing")
        NEEDS_SUPPLIER = "needs_supplier", _("supplier to assign")
        DONE = "done", _("imported")
        DUPLICATE = "duplicate", _("duplicate")
        SKIPPED = "skipped", _("not a workbook")
        FAILED = "failed", _("failed")

    bulk = models.ForeignKey(BulkImport, on_delete=models.CASCADE, related_name="items")
    path = models.CharField(_("path in the archive"), max_length=500)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="bulk_items"
    )
    supplier_note = models.CharField(_("supplier match"), max_length=500, blank=True)
    candidates = models.JSONField(_("supplier candidates"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["bulk", "path"]
        verbose_name = _("bulk import file")
        verbose_name_plural = _("bulk import files")
        constraints = [
            models.UniqueConstraint(fields=["bulk", "path"], name="cmrt_bulkitem_unique_path")
        ]

    def __str__(self) -> str:
        return self.path
