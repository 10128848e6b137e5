"""Submissions: a supplier's uploaded workbook, stored first and immutably, and the rows
derived from reading, checking and matching it (replaced as a whole on every run)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cmrt.models.reference import METAL_CHOICES, ReferenceSmelter


class Submission(models.Model):
    """One uploaded file. ``status`` moves queued -> processing -> checked | failed; a
    second run of the task starts again from queued (or a stale processing)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        PROCESSING = "processing", _("processing")
        CHECKED = "checked", _("checked")
        FAILED = "failed", _("could not be read")

    class Stage(models.TextChoices):
        WAITING = "waiting", _("waiting for a worker")
        READING = "reading", _("reading the workbook")
        MATCHING = "matching", _("matching smelters")
        SAVING = "saving", _("saving the results")
        DONE = "done", _("done")

    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("supplier"),
        help_text=_("Empty while a bulk-imported file waits to be assigned."),
    )
    request = models.ForeignKey(
        "suppliers.CampaignRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("campaign request"),
        help_text=_("The campaign request this file answers, when uploaded for one."),
    )
    file = models.FileField(_("file"), upload_to="submissions/", max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    stage = models.CharField(
        _("stage"), max_length=10, choices=Stage.choices, default=Stage.WAITING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.TextField(_("message"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    template_kind = models.CharField(_("template"), max_length=10, blank=True)
    template_version = models.CharField(_("version"), max_length=10, blank=True)
    template_language = models.CharField(_("language"), max_length=40, blank=True)
    declared_company = models.CharField(_("declared company"), max_length=255, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    smelter_count = models.PositiveIntegerField(_("smelter rows"), default=0)
    matched_count = models.PositiveIntegerField(_("matched smelters"), default=0)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "sha256"],
                condition=Q(supplier__isnull=False),
                name="cmrt_submission_unique_file_per_supplier",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="cmrt_submission_progress_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.CHECKED, self.Status.FAILED)


class DeclarationRecord(models.Model):
    """The declaration as read: company block and answers, as JSON in the shape of
    ``cmrt_check --json`` (``company``, ``scope``, ``answers``, ``company_questions``)."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="declaration"
    )
    company_name = models.CharField(_("company"), max_length=255, blank=True)
    scope = models.CharField(_("declaration scope"), max_length=2, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    company = models.JSONField(_("company block"), default=dict)
    answers = models.JSONField(_("answers by question and metal"), default=dict)
    company_answers = models.JSONField(_("company-level answers"), default=dict)

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")

    def __str__(self) -> str:
        return self.company_name


class SmelterRecord(models.Model):
    """One Smelter List row as reported, and how it matched the reference list."""

    class MatchMethod(models.TextChoices):
        CID = "cid", _("smelter ID")
        NAME = "name", _("name or known alias")
        LEARNED = "learned", _("reviewer's earlier decision")
        FUZZY = "fuzzy", _("similar name")
        NONE = "none", _("no match")

    class MatchStatus(models.TextChoices):
        MATCHED = "matched", _("matched")
        REVIEW = "review", _("needs review")
        UNMATCHED = "unmatched", _("not recognised")
        NOT_IDENTIFIED = "not_identified", _("smelter not yet identified")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="smelters")
    row = models.PositiveIntegerField(_("row"))
    metal = models.CharField(_("metal"), max_length=10, choices=METAL_CHOICES, blank=True)
    lookup_name = models.CharField(_("look-up name"), max_length=255, blank=True)
    name = models.CharField(_("smelter name"), max_length=255, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    cid = models.CharField(_("reported smelter ID"), max_length=40, blank=True)
    resolution = models.CharField(_("read as"), max_length=20, blank=True)
    reference = models.ForeignKey(
        ReferenceSmelter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_rows",
        verbose_name=_("reference smelter"),
    )
    match_method = models.CharField(
        _("matched by"), max_length=10, choices=MatchMethod.choices, default=MatchMethod.NONE
    )
    # No index of its own: the (match_status, metal) index below serves every filter on it,
    # and each index costs every inserted row (a busy bulk import writes 100,000s).
    match_status = models.CharField(_("match"), max_length=16, choices=MatchStatus.choices)
    match_score = models.FloatField(_("score"), null=True, blank=True)
    match_note = models.CharField(_("why"), max_length=500, blank=True)
    candidates = models.JSONField(_("candidates"), default=list, blank=True)

    class Meta:
        ordering = ["submission", "row"]
        verbose_name = _("reported smelter")
        verbose_name_plural = _("reported smelters")
        indexes = [models.Index(fields=["match_status", "metal"])]

    def __str__(self) -> str:
        return f"row {self.row}: {self.name or self.lookup_name}"


class ProductRecord(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="products")
    row = models.PositiveIntegerField(_("row"))
    number = models.CharField(_("product number"), max_length=255, blank=True)
    name = models.CharField(_("product name"), max_length=255, blank=True)
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        ordering = ["submission", "row"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.number


class FindingRecord(models.Model):
    """A checker finding, as ``cmrt.declaration.Finding``."""

    class Severity(models.TextChoices):
        ERROR = "error", _("error")
        WARNING = "warning", _("warning")
        INFO = "info", _("info")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="findings")
    position = models.PositiveIntegerField(_("order"))
    code = models.CharField(_("code"), max_length=60, db_index=True)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    sheet = models.CharField(_("sheet"), max_length=40, blank=True)
    cell = models.CharField(_("cell"), max_length=12, blank=True)
    row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    metal = models.CharField(_("metal"), max_length=10, choices=METAL_CHOICES, blank=True)
    message = models.TextField(_("message"))

    class Meta:
        ordering = ["submission", "position"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.code}: {self.message[:60]}"
