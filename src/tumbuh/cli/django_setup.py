"""The one Django set-up of the ``tumbuh`` command, for the subcommands that use the database.

Django is imported here only when such a subcommand runs, so ``tumbuh zscore`` never starts it.
"""

from __future__ import annotations

import os

#: Settings used unless ``DJANGO_SETTINGS_MODULE`` names others.
SETTINGS_MODULE = "tumbuh.web.settings"


def django_start(*, migrate: bool = True) -> None:
    """Configure Django (settings from the environment) and, unless told not to, bring the
    database up to date with the migrations."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
