"""The audit log in the admin: read-only, filterable, searchable. Who may look is a model
permission (``audit.view_auditentry``): superusers, and any group given it by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from config.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "action", "actor_label", "target_type", "target_label", "ip")
    list_filter = ("action", "target_type", ("at", admin.DateFieldListFilter))
    search_fields = ("actor_label", "target_label", "target_id", "ip")
    date_hierarchy = "at"
    list_select_related = False
    fields = (
        "at",
        "action",
        "actor",
        "actor_label",
        "target_type",
        "target_id",
        "target_label",
        "ip",
        "details",
    )
    readonly_fields = fields

    # Nobody edits or deletes history through the admin, superusers included.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
