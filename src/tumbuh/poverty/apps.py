from django.apps import AppConfig


class PovertyConfig(AppConfig):
    name = "tumbuh.poverty"
    verbose_name = "Poverty (TKPK)"
    default_auto_field = "django.db.models.BigAutoField"
