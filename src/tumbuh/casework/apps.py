from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "tumbuh.casework"
    label = "casework"
    verbose_name = _("PKH and TKSK casework")
    default_auto_field = "django.db.models.BigAutoField"
