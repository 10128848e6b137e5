"""Report versions in the admin: read-only, since only the services change them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reports.models import ReportApproval, ReportEvent, ReportFile, ReportVersion


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnly):
    list_display = ("campaign", "number", "state", "as_of", "created_by", "filed_on")
    list_filter = ("state",)


@admin.register(ReportApproval)
class ReportApprovalAdmin(ReadOnly):
    list_display = ("version", "member", "decision", "section", "review_round", "at")


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnly):
    list_display = ("version", "at", "by", "action")


@admin.register(ReportFile)
class ReportFileAdmin(ReadOnly):
    list_display = ("version", "stage", "name", "sha256")
