"""The catalogue's forms: an intervention's rule, and the day a change takes effect."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tumbuh.catalogue.models import (
    KIND_CHOICES,
    OFFICE_CHOICES,
    SOURCE_CHOICES,
    TARGET_GROUP_CHOICES,
)
from tumbuh.catalogue.services import Rule

#: The longest window a region may set (five years).
WINDOW_DAYS_MAX = 5 * 366


class DateInput(forms.DateInput):
    input_type = "date"


class RuleForm(forms.Form):
    name_id = forms.CharField(label=_("Name (Indonesian)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    office = forms.ChoiceField(label=_("Responsible office"), choices=OFFICE_CHOICES)
    target_group = forms.ChoiceField(label=_("Target group"), choices=TARGET_GROUP_CHOICES)
    satisfied_by = forms.ChoiceField(label=_("Counts as received"), choices=SOURCE_CHOICES)
    window_days = forms.IntegerField(
        label=_("Window (days)"),
        required=False,
        min_value=1,
        max_value=WINDOW_DAYS_MAX,
        help_text=_("How long a delivery counts, e.g. 90 for PMT; empty: twelve months."),
    )
    valid_from = forms.DateField(label=_("In force from"), widget=DateInput)
    note = forms.CharField(label=_("Reason for the change"), max_length=200, required=False)

    def rule(self) -> Rule:
        data = self.cleaned_data
        return Rule(
            data["name_id"],
            data["name_en"],
            data["kind"],
            data["office"],
            data["target_group"],
            data["satisfied_by"],
            data["window_days"],
        )


class AddForm(RuleForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "Lowercase letters, digits and underscores; import files name it by this code."
        ),
    )
    field_order = ("code",)


class RetireForm(forms.Form):
    valid_from = forms.DateField(label=_("Retired from"), widget=DateInput)
    note = forms.CharField(label=_("Reason"), max_length=200, required=False)
