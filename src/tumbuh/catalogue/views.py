"""The catalogue pages of a region (TPPS, admin): the interventions in force, adding one, and
one intervention's history with its change and retire forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, permission_required, require
from tumbuh.accounts.selectors import region_for_request
from tumbuh.accounts.services import audit_record
from tumbuh.catalogue.forms import AddForm, RetireForm, RuleForm
from tumbuh.catalogue.selectors import catalogue_lines, entry_history
from tumbuh.catalogue.services import entry_add, entry_change, entry_retire, rule_of
from tumbuh.regions.models import Region


def _region(request: HttpRequest) -> Region:
    region = region_for_request(user=request.user, code=request.GET.get("region", ""))
    require(request.user, Permission.MANAGE_CATALOGUE, region)
    return region


def _errors_to(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def _back(region: Region, code: str = "") -> HttpResponse:
    url = reverse("catalogue:entry", args=[code]) if code else reverse("catalogue:index")
    return redirect(f"{url}?region={region.code}")


@permission_required(Permission.MANAGE_CATALOGUE)
def index(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    lines = catalogue_lines(region, timezone.localdate())
    audit_record(
        user=request.user, action=Action.VIEW_LIST, object_type="catalogue", object_id=region.code
    )
    return render(request, "catalogue/index.html", {"region": region, "lines": lines})


@permission_required(Permission.MANAGE_CATALOGUE)
def add(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    today = timezone.localdate()
    form = AddForm(request.POST or None, initial={"valid_from": today})
    if request.method == "POST" and form.is_valid():
        try:
            entry_add(
                user=request.user,
                region=region,
                code=form.cleaned_data["code"],
                rule=form.rule(),
                valid_from=form.cleaned_data["valid_from"],
                today=today,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            return _back(region)
    return render(request, "catalogue/add.html", {"region": region, "form": form})


@permission_required(Permission.MANAGE_CATALOGUE)
def entry(request: HttpRequest, code: str) -> HttpResponse:
    """One intervention: its history, a form for its next version and one to retire it."""
    region = _region(request)
    today = timezone.localdate()
    history = list(entry_history(region, code))
    if not history:
        raise Http404
    current = next(
        (line.entry for line in catalogue_lines(region, today) if line.entry.code == code),
        history[-1],
    )
    initial = {**rule_of(current).__dict__, "valid_from": today}
    form = RuleForm(initial=initial)
    retire = RetireForm(initial={"valid_from": today})
    if request.method == "POST":
        if "retire" in request.POST:
            retire = RetireForm(request.POST)
            if retire.is_valid():
                try:
                    entry_retire(
                        user=request.user,
                        region=region,
                        code=code,
                        valid_from=retire.cleaned_data["valid_from"],
                        today=today,
                        note=retire.cleaned_data["note"],
                    )
                except ValidationError as error:
                    _errors_to(retire, error)
                else:
                    return _back(region, code)
        else:
            form = RuleForm(request.POST)
            if form.is_valid():
                try:
                    entry_change(
                        user=request.user,
                        region=region,
                        code=code,
                        rule=form.rule(),
                        valid_from=form.cleaned_data["valid_from"],
                        today=today,
                        note=form.cleaned_data["note"],
                    )
                except ValidationError as error:
                    _errors_to(form, error)
                else:
                    return _back(region, code)
    return render(
        request,
        "catalogue/entry.html",
        {
            "region": region,
            "code": code,
            "current": current,
            "history": history,
            "form": form,
            "retire": retire,
        },
    )
