from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender: AppConfig, **kwargs: Any) -> None:
    from suppliers.services.registry import roles_sync

    roles_sync()


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = _("Suppliers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Permissions exist only after post_migrate, so the role groups are synced then
        # (on a fresh database and after every later migrate).
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="suppliers.sync_roles")
