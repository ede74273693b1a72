"""A save the database could not take: the form comes back with what was typed.

On SQLite one writer works at a time; a save waits for the lock (the database's ``timeout``) and
then, rarely, still finds it taken. The view catches that error and shows the form again, filled
in, with a message saying nothing was saved yet, instead of an error page that loses the input.
"""

from __future__ import annotations

from django import forms
from django.db import OperationalError
from django.utils.translation import gettext_lazy as _

from tumbuh.accounts.audit_spool import is_locked

BUSY = _("The database is busy, your data has not been saved yet; please save again.")


def database_busy(form: forms.Form, error: OperationalError) -> None:
    """Put the busy message on ``form`` for a locked database; any other error goes on."""
    if not is_locked(error):
        raise error
    form.add_error(None, BUSY)
