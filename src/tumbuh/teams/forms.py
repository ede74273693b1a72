from __future__ import annotations

from typing import ClassVar

from django import forms

from tumbuh.teams.models import Visit


class VisitForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Visit
        fields = ("visited_on", "checked", "given", "referred_to", "next_visit_on")
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "visited_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "next_visit_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
