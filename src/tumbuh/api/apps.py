from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tumbuh.api"
    label = "api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tumbuh.api import schema  # noqa: F401  (registers the Bearer scheme with OpenAPI)
