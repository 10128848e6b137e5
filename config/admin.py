"""The Django admin, for staff only: a supplier user never gets in, even if someone
ticks "staff status" on their account by mistake."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class StaffAdminSite(AdminSite):
    site_header = _("Mineral due diligence: administration")
    site_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and not hasattr(user, "supplier_membership"))


class StaffAdminConfig(AdminConfig):
    default_site = "config.admin.StaffAdminSite"
