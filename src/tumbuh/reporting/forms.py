"""The forms of the reporting calendar: a region's deadline, and what was submitted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tumbuh.accounts.models import OFFICE_CHOICES
from tumbuh.reporting.models import Deadline, Recurrence
from tumbuh.reporting.services import DeadlineFields

MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]


class OwnerChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_username())


class DeadlineForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    reporter = forms.CharField(label=_("Who reports"), max_length=120, required=False)
    recipient = forms.CharField(label=_("To whom"), max_length=120, required=False)
    office = forms.ChoiceField(
        label=_("Responsible office"), choices=[("", "-"), *OFFICE_CHOICES], required=False
    )
    owner = OwnerChoice(label=_("Owner"), queryset=User.objects.none(), required=False)
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=Recurrence.choices)
    opens_day = forms.IntegerField(label=_("Opens: day"), min_value=1, max_value=31)
    opens_month = forms.TypedChoiceField(label=_("Opens: month"), choices=MONTHS, coerce=int)
    due_day = forms.IntegerField(label=_("Due: day"), min_value=1, max_value=31)
    due_month = forms.TypedChoiceField(label=_("Due: month"), choices=MONTHS, coerce=int)
    due_next_year = forms.BooleanField(label=_("Due in the following year"), required=False)
    remind_days = forms.IntegerField(
        label=_("Remind this many days ahead"), min_value=0, max_value=366, initial=30
    )
    applies_from = forms.DateField(
        label=_("Applies from (empty: every year shown)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]

    def deadline_fields(self) -> DeadlineFields:
        data = self.cleaned_data
        return DeadlineFields(
            title=data["title"],
            opens=(data["opens_month"], data["opens_day"]),
            due=(data["due_month"], data["due_day"]),
            due_next_year=data["due_next_year"],
            recurrence=data["recurrence"],
            reporter=data["reporter"],
            recipient=data["recipient"],
            office=data["office"],
            owner=data["owner"],
            remind_days=data["remind_days"],
            applies_from=data["applies_from"],
        )

    @staticmethod
    def initial_of(deadline: Deadline) -> dict[str, Any]:
        return {
            "title": deadline.title,
            "reporter": deadline.reporter,
            "recipient": deadline.recipient,
            "office": deadline.office,
            "owner": deadline.owner_id,
            "recurrence": deadline.recurrence,
            "opens_day": deadline.opens_day,
            "opens_month": deadline.opens_month,
            "due_day": deadline.due_day,
            "due_month": deadline.due_month,
            "due_next_year": deadline.due_next_year,
            "remind_days": deadline.remind_days,
            "applies_from": deadline.applies_from,
        }


class SubmissionForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    file = forms.FileField(label=_("File submitted"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, periods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods  # type: ignore[attr-defined]
