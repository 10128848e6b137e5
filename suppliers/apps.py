from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender: AppConfig, **kwargs: Any) -> None:
    from django.apps import apps

    from suppliers.services.registry import roles_sync

    # Roles hold permissions of several apps, each created by its own app's post_migrate:
    # sync after every app, and insist that every permission exists after the last one.
    roles_sync(strict=sender is list(apps.get_app_configs())[-1])


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = _("Suppliers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Permissions exist only after post_migrate, so the role groups are synced then
        # (on a fresh database and after every later migrate).
        post_migrate.connect(_sync_roles, dispatch_uid="suppliers.sync_roles")
        # The saved interface language is applied at sign-in (user_logged_in receiver).
        from suppliers import language  # noqa: F401
        from suppliers.selectors.registry import user_caches_forget

        # Who is a supplier user is cached on the user object for a request
        # (suppliers.selectors.registry.supplier_id_of); a change forgets it.
        for sender in ("suppliers.SupplierMembership", settings.AUTH_USER_MODEL):
            for signal in (post_save, post_delete):
                signal.connect(
                    user_caches_forget, sender=sender, dispatch_uid=f"suppliers.forget.{sender}"
                )
