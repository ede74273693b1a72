from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldConfig(AppConfig):
    name = "tumbuh.field"
    label = "field"
    verbose_name = _("Field app")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tumbuh.field import signals  # noqa: F401  (clear the phone's data at logout)
