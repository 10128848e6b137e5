from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from import_export.admin import ImportExportModelAdmin

from suppliers.models import Contact, Supplier, SupplierMembership, Tag
from suppliers.resources import ContactResource, SupplierResource


class AuditedAdmin(ImportExportModelAdmin):
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ("name", "email", "phone", "role", "is_primary", "is_active")


@admin.register(Supplier)
class SupplierAdmin(AuditedAdmin):
    resource_classes = [SupplierResource]
    list_display = ("name", "country", "vendor_number", "duns_number", "status", "is_demo")
    list_filter = ("status", "tags", "country", "is_demo")
    search_fields = ("name", "vendor_number", "duns_number", "lei")
    filter_horizontal = ("tags",)
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(AuditedAdmin):
    resource_classes = [ContactResource]
    list_display = ("name", "email", "supplier", "role", "is_primary", "is_active")
    list_filter = ("is_primary", "is_active")
    search_fields = ("name", "email", "supplier__name")
    list_select_related = ("supplier",)
    autocomplete_fields = ("supplier",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(SupplierMembership)
class SupplierMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "supplier", "invited_at", "activated_at")
    search_fields = ("user__username", "supplier__name")
    autocomplete_fields = ("supplier",)
    raw_id_fields = ("user", "contact", "invited_by")
