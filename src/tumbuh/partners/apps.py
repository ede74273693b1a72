from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "tumbuh.partners"
    label = "partners"
    verbose_name = _("Partners (CSR)")
    default_auto_field = "django.db.models.BigAutoField"
