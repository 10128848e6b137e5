from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    # Lives in config/ with the other cross-cutting pieces; the label stays "audit".
    name = "config.audit"
    label = "audit"
    verbose_name = _("Audit log")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Signal receivers record sign-ins, permission changes and report events.
        from config.audit import receivers

        receivers.connect()
