"""The facilitator's forms (phone-first): a referral, a P2K2 session, a caseload assignment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tumbuh.accounts.models import OFFICE_CHOICES
from tumbuh.casework.models import P2k2Module


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")  # what a date input reads, in any language


class ReferralForm(forms.Form):
    office = forms.ChoiceField(label=_("To office"), choices=OFFICE_CHOICES)
    service = forms.CharField(label=_("Service"), max_length=120, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    referred_on = forms.DateField(label=_("Date"), widget=DateInput)


class P2k2Form(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    module = forms.ChoiceField(label=_("Module"), choices=P2k2Module.choices)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    kelurahan = forms.ChoiceField(label=_("Kelurahan"))
    families = forms.MultipleChoiceField(
        label=_("Families attending"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        kelurahan: list[tuple[str, str]],
        families: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].choices = kelurahan  # type: ignore[attr-defined]
        self.fields["families"].choices = families  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    facilitator = forms.ChoiceField(label=_("PKH facilitator"))
    kk_numbers = forms.CharField(
        label=_("No. KK of the families (one per line)"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, facilitators: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].choices = facilitators  # type: ignore[attr-defined]

    def clean_kk_numbers(self) -> list[str]:
        numbers = [n.strip() for n in self.cleaned_data["kk_numbers"].split() if n.strip()]
        wrong = [n for n in numbers if not (n.isdigit() and len(n) == 16)]
        if wrong:
            raise forms.ValidationError(
                _("Not a 16-digit No. KK: %(numbers)s"), params={"numbers": ", ".join(wrong)}
            )
        return numbers
