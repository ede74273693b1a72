from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    name = "tumbuh.workplan"
    label = "workplan"
    default_auto_field = "django.db.models.BigAutoField"
