from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "tumbuh.publication"
    label = "publication"
    default_auto_field = "django.db.models.BigAutoField"
