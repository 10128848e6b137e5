"""Admin for the cmrt app: worker heartbeat and smelter reference data (read-mostly:
reference data changes only through imports, which keep its history)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from import_export import fields, resources
from import_export.admin import ExportMixin

from cmrt.models import (
    ReferenceImport,
    ReferenceSmelter,
    RmapSnapshot,
    RmapStatus,
    SmelterAlias,
    WorkerHeartbeat,
)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "last_seen", "hostname", "beats")
    readonly_fields = ("name", "last_seen", "hostname", "beats")


class _ReadOnly:
    """Rows that only imports write: viewing in the admin, never editing there."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReferenceImport)
class ReferenceImportAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = (
        "created_at",
        "kind",
        "source_label",
        "original_name",
        "as_of",
        "created_count",
        "updated_count",
        "unchanged_count",
        "removed_count",
    )
    list_filter = ("kind",)
    search_fields = ("original_name", "source_label", "sha256")
    date_hierarchy = "created_at"


class SmelterAliasInline(_ReadOnly, admin.TabularInline):
    model = SmelterAlias
    fields = ("name", "kind", "source_import")
    extra = 0


class ReferenceSmelterResource(resources.ModelResource):
    names = fields.Field(column_name="names")

    class Meta:
        model = ReferenceSmelter
        fields = (
            "cid",
            "metal",
            "standard_name",
            "country",
            "street",
            "city",
            "state",
            "source",
            "removed_at",
            "names",
        )

    def dehydrate_names(self, smelter: ReferenceSmelter) -> str:
        return "; ".join(alias.name for alias in smelter.aliases.all())


@admin.register(ReferenceSmelter)
class ReferenceSmelterAdmin(_ReadOnly, ExportMixin, admin.ModelAdmin):
    resource_classes = [ReferenceSmelterResource]
    list_display = ("cid", "metal", "standard_name", "country", "removed_at")
    list_filter = ("metal", ("removed_at", admin.EmptyFieldListFilter))
    search_fields = ("cid", "standard_name", "aliases__name")
    inlines = [SmelterAliasInline]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("aliases")


@admin.register(RmapSnapshot)
class RmapSnapshotAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("as_of", "label", "source_import", "created_at")
    date_hierarchy = "as_of"


@admin.register(RmapStatus)
class RmapStatusAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("cid", "name", "metal", "status", "status_raw", "last_audit_date", "snapshot")
    list_filter = ("status", "metal", "snapshot")
    search_fields = ("cid", "name", "status_raw")
    list_select_related = ("snapshot",)
