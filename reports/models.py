"""Report versions, the committee's decisions on them and their timeline.

The states and their transitions are plain data in ``reports.versions``; only
``reports.services_versions`` writes these rows.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.versions import ACTION_LABELS, DECISION_LABELS, STATE_LABELS, State


def _file_path(instance: ReportFile, filename: str) -> str:
    # A UUID name outside any web root; the document's name is kept in ``name``.
    return f"reports/{instance.build.campaign_id}/{uuid.uuid4().hex}{PurePath(filename).suffix}"


class ReportVersion(models.Model):
    """One version of a campaign's report: a snapshot of its inputs with a content hash."""

    campaign = models.ForeignKey(
        "suppliers.Campaign",
        on_delete=models.PROTECT,
        related_name="report_versions",
        verbose_name=_("campaign"),
    )
    number = models.PositiveIntegerField(_("number"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=list(STATE_LABELS.items()),
        default=State.DRAFT.value,
    )
    as_of = models.DateField(_("data as of"))
    inputs = models.JSONField(_("campaign inputs"), default=dict)
    profile = models.JSONField(_("company profile"), default=dict)
    texts = models.JSONField(_("edited texts"), default=dict, blank=True)
    inputs_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    snapshot = models.ForeignKey(
        "cmrt.RmapSnapshot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_versions",
        verbose_name=_("RMAP snapshot"),
    )
    required_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("required approvers"),
        help_text=_("Empty: every member of the disclosure committee."),
    )
    review_round = models.PositiveIntegerField(_("review round"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)

    class Meta:
        ordering = ("campaign", "-number")
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(
                fields=("campaign", "number"), name="reports_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} v{self.number} ({self.get_state_display()})"

    @property
    def label(self) -> str:
        return f"v{self.number}"


class ReportBuild(models.Model):
    """One run of the report task: the four documents of a campaign's current data, or of
    a version from its stored inputs. The row holds the progress the build page polls."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("building")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Stage(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        FILED = "filed", _("filed")

    campaign = models.ForeignKey(
        "suppliers.Campaign",
        on_delete=models.PROTECT,
        related_name="report_builds",
        verbose_name=_("campaign"),
    )
    version = models.ForeignKey(
        ReportVersion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="builds",
        verbose_name=_("version"),
        help_text=_("Empty: the campaign's data at the time of the build (a draft)."),
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=100, blank=True)
    message = models.TextField(_("message"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("report build")
        verbose_name_plural = _("report builds")
        constraints = [
            # A version's approved and filed documents are built once each.
            models.UniqueConstraint(
                fields=("version", "stage"),
                condition=models.Q(stage__in=("approved", "filed")),
                name="reports_build_final_once",
            )
        ]

    def __str__(self) -> str:
        subject = self.version.label if self.version_id else _("current data")
        return f"{self.campaign} {subject} {self.stage} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ReportFile(models.Model):
    """A document a build rendered: of a version when approved or filed, or a draft."""

    Stage = ReportBuild.Stage

    build = models.ForeignKey(
        ReportBuild, on_delete=models.CASCADE, related_name="files", verbose_name=_("build")
    )
    version = models.ForeignKey(
        ReportVersion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("version"),
    )
    stage = models.CharField(_("stage"), max_length=10, choices=ReportBuild.Stage.choices)
    name = models.CharField(_("name"), max_length=100)
    file = models.FileField(_("file"), upload_to=_file_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ("build", "pk")
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [
            models.UniqueConstraint(fields=("build", "name"), name="reports_file_unique")
        ]

    def __str__(self) -> str:
        return f"{self.build} {self.name}"


class ReportApproval(models.Model):
    """A committee member's decision on a version, for the whole report or one section."""

    version = models.ForeignKey(
        ReportVersion,
        on_delete=models.CASCADE,
        related_name="approvals",
        verbose_name=_("version"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("member"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=list(DECISION_LABELS.items()))
    section = models.CharField(_("section"), max_length=60, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    review_round = models.PositiveIntegerField(_("review round"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ("version", "at", "pk")
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")

    def __str__(self) -> str:
        return f"{self.version.label} {self.member} {self.decision}"


class ReportEvent(models.Model):
    """One line of a version's timeline: who did what, and when."""

    version = models.ForeignKey(
        ReportVersion, on_delete=models.CASCADE, related_name="events", verbose_name=_("version")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=10, choices=list(ACTION_LABELS.items()))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ("version", "at", "pk")
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.version.label} {self.action} {self.by}"
