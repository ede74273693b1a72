"""The kader's measurement form: units and bounds declared once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from tumbuh.entry.dates import not_in_future
from tumbuh.entry.fields import TypedDecimalField
from tumbuh.entry.plausibility import Jump, Values
from tumbuh.measurements.models import Measurement, Position

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


JUMPS = {
    Jump.WEIGHT_UP: _(
        "The weight %(weight)s kg is more than twice the %(previous)s kg measured on %(date)s."
    ),
    Jump.WEIGHT_DOWN: _(
        "The weight %(weight)s kg is less than half the %(previous)s kg measured on %(date)s."
    ),
    Jump.LENGTH_SHRANK: _(
        "The length/height %(length)s cm is shorter than the %(previous)s cm measured on %(date)s."
    ),
    Jump.LENGTH_GREW: _(
        "The length/height %(length)s cm grew too fast from the %(previous)s cm measured on "
        "%(date)s."
    ),
}
REMEASURE = _("Please measure again. If the value is right, tick the box below and save.")


def jump_message(jump: Jump, new: Values, previous: Measurement) -> ValidationError:
    """The form's warning about an implausible jump from ``previous`` to ``new``."""
    weight = jump in (Jump.WEIGHT_UP, Jump.WEIGHT_DOWN)
    text = JUMPS[jump] % {
        "weight": number_format(new.weight_kg) if new.weight_kg is not None else "",
        "length": number_format(new.lenhei_cm) if new.lenhei_cm is not None else "",
        "previous": number_format((previous.weight_kg if weight else previous.lenhei_cm) or ""),
        "date": date_format(previous.measured_on, "j F Y"),
    }
    return ValidationError(f"{text} {REMEASURE}", code="implausible")


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(
        label=_("Date measured"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    weight_kg = TypedDecimalField(
        label=_("Weight (kg)"),
        min_value=Decimal("0.5"),
        max_value=Decimal("60"),
        decimal_places=2,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )
    lenhei_cm = TypedDecimalField(
        label=_("Length/height (cm)"),
        min_value=Decimal("35"),
        max_value=Decimal("140"),
        decimal_places=1,
    )
    position = forms.ChoiceField(label=_("How measured"), choices=Position.choices)
    muac_cm = TypedDecimalField(
        label=_("LiLA (cm)"),
        required=False,
        min_value=Decimal("5"),
        max_value=Decimal("40"),
        decimal_places=1,
    )
    head_cm = TypedDecimalField(
        label=_("Head circumference (cm)"),
        required=False,
        min_value=Decimal("25"),
        max_value=Decimal("60"),
        decimal_places=1,
    )
    oedema = forms.BooleanField(label=_("Oedema on both feet"), required=False)
    #: Shown only when a value jumps implausibly from the previous measurement.
    remeasured = forms.BooleanField(label=_("I measured again, save"), required=False)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["measured_on"].widget.attrs["max"] = today.isoformat()

    def clean_measured_on(self) -> date:
        measured_on: date = self.cleaned_data["measured_on"]
        try:
            not_in_future("measured_on", measured_on, today=self.today)
        except ValidationError as error:
            raise ValidationError(error.message_dict["measured_on"]) from error
        return measured_on

    def values(self) -> Values:
        data = self.cleaned_data
        return Values(data["measured_on"], data["weight_kg"], data["lenhei_cm"])

    #: The fields that are the measurement's own (the rest is the form's).
    stored_fields = (
        "measured_on",
        "weight_kg",
        "lenhei_cm",
        "position",
        "muac_cm",
        "head_cm",
        "oedema",
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            key: data[key]
            for key in ("weight_kg", "lenhei_cm", "position", "muac_cm", "head_cm", "oedema")
        }
