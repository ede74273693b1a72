"""The kader's measurement form: units and bounds declared once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tumbuh.measurements.models import Position

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(
        label=_("Date measured"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    weight_kg = forms.DecimalField(
        label=_("Weight (kg)"),
        min_value=Decimal("0.5"),
        max_value=Decimal("60"),
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal", "autofocus": True}),
    )
    lenhei_cm = forms.DecimalField(
        label=_("Length/height (cm)"),
        min_value=Decimal("35"),
        max_value=Decimal("140"),
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    position = forms.ChoiceField(label=_("How measured"), choices=Position.choices)
    muac_cm = forms.DecimalField(
        label=_("LiLA (cm)"),
        required=False,
        min_value=Decimal("5"),
        max_value=Decimal("40"),
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    head_cm = forms.DecimalField(
        label=_("Head circumference (cm)"),
        required=False,
        min_value=Decimal("25"),
        max_value=Decimal("60"),
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    oedema = forms.BooleanField(label=_("Oedema on both feet"), required=False)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            key: data[key]
            for key in ("weight_kg", "lenhei_cm", "position", "muac_cm", "head_cm", "oedema")
        }
