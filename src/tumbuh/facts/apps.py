from django.apps import AppConfig


class FactsConfig(AppConfig):
    name = "tumbuh.facts"
    label = "facts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tumbuh.facts import signals  # noqa: F401  (connects the staleness marks)
