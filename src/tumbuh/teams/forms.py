from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tumbuh.entry.dates import next_visit_after, not_in_future
from tumbuh.entry.fields import TypedDecimalField
from tumbuh.teams.models import Visit

EMPTY_VISIT = _(
    "Write what was checked, given or referred to, or the mother's LiLA or Hb: "
    "an empty visit is not saved."
)
#: What a visit records; one of them must be filled in.
VISIT_CONTENT = ("checked", "given", "referred_to", "mother_lila_cm", "mother_hb_g_dl")


class VisitForm(forms.ModelForm):  # type: ignore[type-arg]
    mother_lila_cm = TypedDecimalField(
        label=_("Mother's LiLA (cm)"),
        required=False,
        min_value=Decimal(10),
        max_value=Decimal(50),
        decimal_places=1,
    )
    mother_hb_g_dl = TypedDecimalField(
        label=_("Mother's Hb (g/dL)"),
        required=False,
        min_value=Decimal(3),
        max_value=Decimal(20),
        decimal_places=1,
    )

    class Meta:
        model = Visit
        fields = ("visited_on", "checked", "given", "referred_to", "next_visit_on")
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "visited_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "next_visit_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["visited_on"].widget.attrs["max"] = today.isoformat()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        visited_on = data.get("visited_on")
        try:
            not_in_future("visited_on", visited_on, today=self.today)
            if visited_on is not None:
                next_visit_after("next_visit_on", data.get("next_visit_on"), visited_on=visited_on)
        except ValidationError as error:
            self.add_error(None, error)
        if not any(data.get(field) not in (None, "") for field in VISIT_CONTENT):
            self.add_error(None, ValidationError(EMPTY_VISIT, code="empty_visit"))
        return data

    def _post_clean(self) -> None:
        """The dates are checked in ``clean`` with Indonesian messages: the model's own check
        (its constraint name) is left to the service."""
        return
