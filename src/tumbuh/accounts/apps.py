from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tumbuh.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
