from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PovertyConfig(AppConfig):
    name = "tumbuh.poverty"
    verbose_name = _("Poverty (TKPK)")
    default_auto_field = "django.db.models.BigAutoField"
