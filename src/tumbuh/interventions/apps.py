from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "tumbuh.interventions"
    label = "interventions"
    verbose_name = _("Interventions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tumbuh.interventions import coverage_signals  # noqa: F401  (forgets stale figures)
