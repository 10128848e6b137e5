"""Campaigns: one per reporting year, a request per supplier with a recorded history,
clarification threads on submissions, and per-finding review notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from suppliers.models.registry import Audited, Supplier


class Campaign(Audited):
    """A reporting year's request for CMRTs (Form SD is due 31 May of the next year)."""

    class Scope(models.TextChoices):
        COMPANY = "company", _("company level")
        PRODUCT = "product", _("product level")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=200)
    reporting_year = models.PositiveSmallIntegerField(_("reporting year"))
    period_start = models.DateField(_("reporting period from"))
    period_end = models.DateField(_("reporting period to"))
    due_date = models.DateField(_("due date"))
    minimum_version = models.CharField(_("minimum CMRT version"), max_length=10, default="6.01")
    scope = models.CharField(
        _("declaration scope requested"),
        max_length=10,
        choices=Scope.choices,
        default=Scope.COMPANY,
    )
    rmap_snapshot = models.ForeignKey(
        "cmrt.RmapSnapshot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("RMAP snapshot"),
        help_text=_("Smelter statuses are read from this list for the whole campaign."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Reminders (run by Celery beat): days before the due date, then every N days overdue;
    # after M reminders the supplier's other active contacts are copied.
    reminder_days_before = models.CharField(
        _("reminders, days before the due date"),
        max_length=60,
        default="14,3",
        help_text=_("Comma-separated, e.g. 14,3."),
    )
    overdue_every_days = models.PositiveSmallIntegerField(
        _("when overdue, remind every (days)"), default=7
    )
    escalate_after = models.PositiveSmallIntegerField(
        _("copy the other contacts after this many reminders"), default=2
    )
    # Mail texts; empty means the app's default text (suppliers/campaign_mail.py).
    invitation_subject = models.CharField(_("invitation subject"), max_length=200, blank=True)
    invitation_body = models.TextField(_("invitation text"), blank=True)
    reminder_subject = models.CharField(_("reminder subject"), max_length=200, blank=True)
    reminder_body = models.TextField(_("reminder text"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-reporting_year", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.UniqueConstraint(
                fields=["reporting_year", "name"], name="suppliers_campaign_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="suppliers_campaign_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignRequest(models.Model):
    """What one supplier was asked in one campaign, and where that stands. Every change of
    state is a RequestEvent (who, when, from, to)."""

    class State(models.TextChoices):
        NOT_SENT = "not_sent", _("not sent")
        INVITED = "invited", _("invited")
        OPENED = "opened", _("opened")
        SUBMITTED = "submitted", _("submitted")
        UNDER_REVIEW = "under_review", _("under review")
        CLARIFICATION = "clarification", _("clarification requested")
        REJECTED = "rejected", _("needs correction")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="requests")
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="campaign_requests"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.NOT_SENT, db_index=True
    )
    requested_products = models.TextField(
        _("requested product numbers"), blank=True, help_text=_("One per line (product level).")
    )
    submission = models.ForeignKey(
        "cmrt.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("latest submission"),
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminder_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "supplier__name"]
        verbose_name = _("campaign request")
        verbose_name_plural = _("campaign requests")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "supplier"], name="suppliers_request_unique_supplier"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.supplier}"


class RequestEvent(models.Model):
    """One recorded step of a request: a change of state, a mail sent, a note."""

    class Kind(models.TextChoices):
        STATE = "state", _("state changed")
        INVITATION = "invitation", _("invitation sent")
        REMINDER = "reminder", _("reminder sent")
        NOTE = "note", _("note")

    request = models.ForeignKey(CampaignRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    from_state = models.CharField(_("from"), max_length=16, blank=True)
    to_state = models.CharField(_("to"), max_length=16, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["request", "at", "pk"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self) -> str:
        return f"{self.kind} {self.from_state}->{self.to_state}"


class Clarification(models.Model):
    """A question from compliance about a submission (often about one finding), the
    supplier's answer, and how it was resolved."""

    request = models.ForeignKey(
        CampaignRequest, on_delete=models.CASCADE, related_name="clarifications"
    )
    submission = models.ForeignKey(
        "cmrt.Submission", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finding_key = models.CharField(_("about the finding"), max_length=200, blank=True)
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["request", "asked_at", "pk"]
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")

    def __str__(self) -> str:
        return self.question[:60]


class FindingReview(models.Model):
    """A reviewer accepted a finding as it is, with a note. Keyed by the finding's code and
    place (findings are re-created when a file is read again)."""

    submission = models.ForeignKey(
        "cmrt.Submission", on_delete=models.CASCADE, related_name="finding_reviews"
    )
    finding_key = models.CharField(_("finding"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now=True)

    class Meta:
        verbose_name = _("finding review")
        verbose_name_plural = _("finding reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "finding_key"], name="suppliers_findingreview_unique"
            )
        ]

    def __str__(self) -> str:
        return self.finding_key


class UserPreference(models.Model):
    """Per-user settings kept across sessions: the interface language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(_("language"), max_length=10, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.language or '-'}"
