"""Forms of the teams-by-decree pages: a team, a new decree, work areas, members, positions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tumbuh.regions.models import Level, Region
from tumbuh.teams.models import TeamKind, WorkArea

YEAR = {"min_value": 2000, "max_value": 2100, "required": False}


class DecreeForm(forms.Form):
    decree_number = forms.CharField(label=_("Decree (SK) number"), max_length=80)
    decree_date = forms.DateField(
        label=_("Decree date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_start = forms.IntegerField(label=_("Period from (year)"), **YEAR)  # type: ignore[arg-type]
    period_end = forms.IntegerField(label=_("Period until (year)"), **YEAR)  # type: ignore[arg-type]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


def place_label(region: Region) -> str:
    if region.level == Level.KELURAHAN:
        return f"{region.kind_label} {region.name}"
    if region.level == Level.KECAMATAN:
        return f"{_('Kecamatan')} {region.name}"
    return region.name


class TeamForm(DecreeForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=TeamKind.choices)
    name = forms.CharField(label=_("Name"), max_length=120)
    region = forms.ChoiceField(label=_("Area"))
    field_order = ["kind", "name", "region"]  # noqa: RUF012 (Django reads it)

    def __init__(self, *args: Any, places: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, place_label(r)) for r in places]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        region = Region.objects.filter(code=data.get("region", "")).first()
        if data.get("kind") == TeamKind.TPK and (region is None or region.level != Level.KELURAHAN):
            self.add_error("region", _("A TPK works in one desa/kelurahan."))
        return data


class TeamEditForm(DecreeForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    field_order = ["name"]  # noqa: RUF012 (Django reads it)

    def __init__(self, *args: Any, with_areas: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_areas:
            for area, label in WorkArea.choices:
                self.fields[f"tasks_{area}"] = forms.CharField(
                    label=_("%(area)s: tasks") % {"area": label},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
                self.fields[f"indicators_{area}"] = forms.CharField(
                    label=_("%(area)s: indicators") % {"area": label},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def areas(self) -> dict[str, tuple[str, str]]:
        return {
            area: (self.cleaned_data[f"tasks_{area}"], self.cleaned_data[f"indicators_{area}"])
            for area in WorkArea.values
            if f"tasks_{area}" in self.cleaned_data
        }


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    title = forms.CharField(label=_("Position (as the decree words it)"), max_length=120)
    work_area = forms.ChoiceField(
        label=_("Work area"), required=False, choices=[("", "-"), *WorkArea.choices]
    )
    institution = forms.CharField(label=_("Office or institution"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    username = forms.CharField(
        label=_("Link to the account (username)"), max_length=150, required=False
    )

    def __init__(self, *args: Any, positions: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if positions:
            self.fields["title"] = forms.ChoiceField(
                label=_("Position"), choices=[(p, p) for p in positions]
            )
            del self.fields["work_area"]


class PositionsForm(forms.Form):
    titles = forms.CharField(
        label=_("TPK positions, one a line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
