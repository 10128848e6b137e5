"""One table: an append-only list of security-relevant actions. Only ``audit.services``
writes it; the admin shows it read-only."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        LOGOUT = "logout", _("signed out")
        USER_GROUPS = "user_groups", _("user's groups changed")
        USER_PERMISSIONS = "user_permissions", _("user's permissions changed")
        GROUP_PERMISSIONS = "group_permissions", _("group's permissions changed")
        USER_FLAGS = "user_flags", _("user's staff, superuser or active status changed")
        REPORT_CREATE = "report_create", _("report version created")
        REPORT_EDIT = "report_edit", _("report version edited")
        REPORT_SUBMIT = "report_submit", _("report version submitted for review")
        REPORT_APPROVE = "report_approve", _("report version approved by a member")
        REPORT_CHANGES = "report_changes", _("changes requested on a report version")
        REPORT_APPROVED = "report_approved", _("report version approved by every member")
        REPORT_FILE = "report_file", _("report version filed")
        FILE_DOWNLOAD = "file_download", _("supplier file downloaded")

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    # The row outlives the account: actor_label keeps the user name as it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor's user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=255, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ("-at", "-pk")
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=("target_type", "target_id"), name="audit_target_idx")]

    def __str__(self) -> str:
        who = self.actor_label or "-"
        return f"{self.at:%Y-%m-%d %H:%M:%S} {who} {self.action} {self.target_label}".rstrip()
