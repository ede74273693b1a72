"""Forms of the work plan pages: a plan (office and year), a sub-activity, an import, a survey
figure and a regional target."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from tumbuh.convergence.catalogue import CATALOGUE
from tumbuh.regions.models import Region
from tumbuh.workplan.models import (
    OFFICE_CHOICES,
    RegionalTarget,
    SubActivity,
    SurveyFigure,
)
from tumbuh.workplan.sipd import QUARTER_NAMES, QUARTERS

QUARTER_KINDS = ("target_volume", "target_rp", "realised_volume", "realised_rp")


class PlanForm(forms.Form):
    office = forms.ChoiceField(label=_("Office"), choices=OFFICE_CHOICES)
    year = forms.IntegerField(label=_("Year"), min_value=2018, max_value=2045)

    def __init__(self, *args: Any, offices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = offices  # type: ignore[attr-defined]


class SubActivityForm(forms.ModelForm[SubActivity]):
    interventions = forms.MultipleChoiceField(
        label=_("Interventions"),
        required=False,
        choices=[(item.code, item.name_id) for item in CATALOGUE],
        widget=forms.CheckboxSelectMultiple,
    )
    lokus = forms.ModelMultipleChoiceField(
        label=_("Lokus desa/kelurahan (none: the whole kab/kota)"),
        required=False,
        queryset=Region.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = SubActivity
        fields = (
            "code",
            "programme_name",
            "activity_name",
            "name",
            "budget_rp",
            "indicator",
            "unit",
            "target_volume",
            *(f"{kind}_{q}" for q in QUARTERS for kind in QUARTER_KINDS),
        )

    def __init__(self, *args: Any, kelurahan: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lokus"].queryset = kelurahan  # type: ignore[attr-defined]
        self.fields["code"].help_text = _("SIPD code, e.g. 1.02.02.2.02.0033")
        words = {
            "target_volume": _("Target volume"),
            "target_rp": _("Target Rp"),
            "realised_volume": _("Realised volume"),
            "realised_rp": _("Realised Rp"),
        }
        for q in QUARTERS:
            for kind in QUARTER_KINDS:
                self.fields[f"{kind}_{q}"].label = f"{words[kind]} {QUARTER_NAMES[q]}"
        if self.instance.pk:
            self.initial["interventions"] = list(self.instance.interventions)
            self.initial["lokus"] = list(self.instance.lokus.all())

    @property
    def quarter_rows(self) -> list[tuple[str, list[BoundField]]]:
        return [
            (QUARTER_NAMES[q], [self[f"{kind}_{q}"] for kind in QUARTER_KINDS]) for q in QUARTERS
        ]

    @property
    def main_fields(self) -> list[BoundField]:
        names = ["code", "programme_name", "activity_name", "name", "budget_rp"]
        return [self[n] for n in [*names, "indicator", "unit", "target_volume"]]


class ImportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2018, max_value=2045)
    file = forms.FileField(label=_("File (.xlsx or .csv)"))


class SurveyFigureForm(forms.ModelForm[SurveyFigure]):
    class Meta:
        model = SurveyFigure
        fields = ("year", "source", "percent", "low", "high", "note")


class RegionalTargetForm(forms.ModelForm[RegionalTarget]):
    class Meta:
        model = RegionalTarget
        fields = ("year", "kind", "percent")
