"""One form field for every decimal number people type (weight, length, LiLA, Hb).

A browser's number field on an Indonesian phone drops the decimal comma (``8,2`` became ``82``),
so the field is a text input with ``inputmode="decimal"`` (the phone shows its number pad) and
the server reads the number: one comma or one point before the decimals, spaces around it
ignored. Thousands separators (``1.234,5``) and several separators (``8,2,1``) are refused
rather than guessed: no body measurement needs them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Final

from django import forms
from django.utils.translation import gettext_lazy as _

_NUMBER: Final = re.compile(r"\d+(?:[.,]\d+)?")


def read_decimal(text: str) -> str | None:
    """``text`` as a number with a decimal point (``' 8,2 '`` -> ``'8.2'``), or None."""
    cleaned = text.strip()
    if not _NUMBER.fullmatch(cleaned):
        return None
    return cleaned.replace(",", ".")


class TypedDecimalField(forms.DecimalField):
    """A decimal number as typed: ``8,2``, ``8.2`` or `` 8,2 ``, in a text input."""

    widget = forms.TextInput
    default_error_messages = {  # noqa: RUF012 (Django's own pattern)
        "invalid": _("Type a number, for example 8,2 or 8.2."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str) and value.strip():
            read = read_decimal(value)
            if read is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = read
        number: Decimal | None = super().to_python(value)
        return number
