from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "tumbuh.teams"
    label = "teams"
    verbose_name = _("Teams")
    default_auto_field = "django.db.models.BigAutoField"
