from __future__ import annotations

from typing import ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from tumbuh.teams.models import Visit


class VisitForm(forms.ModelForm):  # type: ignore[type-arg]
    mother_lila_cm = forms.DecimalField(
        label=_("Mother's LiLA (cm)"), required=False, min_value=10, max_value=50, decimal_places=1
    )
    mother_hb_g_dl = forms.DecimalField(
        label=_("Mother's Hb (g/dL)"), required=False, min_value=3, max_value=20, decimal_places=1
    )

    class Meta:
        model = Visit
        fields = ("visited_on", "checked", "given", "referred_to", "next_visit_on")
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "visited_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "next_visit_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
