"""Registering a child: NIK checked in the form so the kader sees the message by the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tumbuh.entry.dates import birth_possible, not_in_future
from tumbuh.registry.models import NoNikReason, Sasaran, Sex
from tumbuh.registry.nik import nik_validate

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class ChildForm(forms.Form):
    name = forms.CharField(label=_("Child's name"), max_length=100)
    sex = forms.TypedChoiceField(label=_("Sex"), choices=Sex.choices, coerce=int)
    birth_date = forms.DateField(
        label=_("Birth date"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    nik = forms.CharField(label=_("NIK"), required=False, max_length=16)
    no_nik_reason = forms.ChoiceField(
        label=_("If no NIK, why"), required=False, choices=[("", "-"), *NoNikReason.choices]
    )
    mother_name = forms.CharField(label=_("Mother's name"), max_length=100)
    kk_number = forms.CharField(label=_("No. KK"), required=False, max_length=16)
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    rt = forms.CharField(label=_("RT"), required=False, max_length=3)
    rw = forms.CharField(label=_("RW"), required=False, max_length=3)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            birth_possible("birth_date", data.get("birth_date"), today=timezone.localdate())
        except ValidationError as error:
            self.add_error(None, error)
        nik = data.get("nik", "")
        if nik:
            try:
                nik_validate(nik, birth_date=data.get("birth_date"), sex=data.get("sex"))
            except ValidationError as error:
                self.add_error("nik", error)
        elif not data.get("no_nik_reason"):
            self.add_error("no_nik_reason", _("Give the reason there is no NIK."))
        return data


class SasaranForm(forms.Form):
    role = forms.ChoiceField(label=_("Sasaran"), choices=Sasaran.choices)
    start = forms.DateField(
        label=_("From"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    hpht = forms.DateField(
        label=_("HPHT"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    hpl = forms.DateField(
        label=_("HPL"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        for field in ("start", "hpht"):
            try:
                not_in_future(field, data.get(field), today=today)
            except ValidationError as error:
                self.add_error(None, error)
        if data.get("role") == Sasaran.IBU_HAMIL and not data.get("hpht"):
            self.add_error("hpht", _("A pregnancy needs the HPHT."))
        return data
