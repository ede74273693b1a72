"""At logout the browser is told to delete what the field app keeps (``Clear-Site-Data``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

#: Set on the request by a logout; the middleware answers with the header.
CLEAR_FLAG = "tumbuh_clear_site_data"


@receiver(user_logged_out)
def _clear_the_phone(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None:
        setattr(request, CLEAR_FLAG, True)
