from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmrtConfig(AppConfig):
    name = "cmrt"
    verbose_name = _("CMRT declarations")
    default_auto_field = "django.db.models.BigAutoField"
