"""People search and child registration (with possible duplicates shown before saving)."""

from __future__ import annotations

from datetime import timedelta

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, permission_required, shown_nik
from tumbuh.accounts.selectors import posyandu_get_for_user
from tumbuh.accounts.services import audit_record
from tumbuh.registry import services
from tumbuh.registry.forms import ChildForm, SasaranForm
from tumbuh.registry.models import Sasaran
from tumbuh.registry.selectors import (
    family_by_kk,
    mother_in_family,
    person_get_for_user,
    person_list,
    possible_duplicates,
)
from tumbuh.web.busy import database_busy

PAGE = 100


@permission_required(Permission.VIEW_PEOPLE)
def people(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    rows = list(person_list(user=request.user, query=query)[:PAGE])
    audit_record(user=request.user, action=Action.VIEW_LIST, object_type="person")
    shown = [(p, shown_nik(request.user, p.nik)) for p in rows]
    return render(request, "registry/people.html", {"rows": shown, "q": query})


@permission_required(Permission.RECORD_MEASUREMENT)
def child_add(request: HttpRequest, posyandu_id: int) -> HttpResponse:
    posyandu = posyandu_get_for_user(user=request.user, pk=posyandu_id)
    form = ChildForm(request.POST or None)
    duplicates: list[int] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        family = family_by_kk(kk_number=data["kk_number"], kelurahan=posyandu.kelurahan)
        mother = mother_in_family(family=family, name=data["mother_name"]) if family else None
        found = possible_duplicates(
            nik=data["nik"] or None, name=data["name"], birth_date=data["birth_date"], mother=mother
        )
        duplicates = list(found.values_list("pk", flat=True))
        if not duplicates or request.POST.get("confirm") == "1":
            try:
                child = services.child_register(user=request.user, posyandu=posyandu, **data)
            except OperationalError as error:
                database_busy(form, error)
            else:
                return redirect("measurements:child", child.pk)
    context = {"form": form, "posyandu": posyandu, "duplicates": duplicates}
    return render(request, "registry/child_add.html", context)


PREGNANCY_DAYS = 280  # Naegele: HPL = HPHT + 280 days


@permission_required(Permission.RECORD_MEASUREMENT)
def sasaran_add(request: HttpRequest, person_id: int) -> HttpResponse:
    """Start a sasaran role (ibu hamil with HPHT; HPL computed when not given)."""
    person = person_get_for_user(user=request.user, pk=person_id)
    form = SasaranForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        hpl = data["hpl"] or (
            data["hpht"] + timedelta(days=PREGNANCY_DAYS) if data["hpht"] else None
        )
        try:
            services.sasaran_start(
                user=request.user,
                person=person,
                role=Sasaran(data["role"]),
                start=data["start"],
                hpht=data["hpht"],
                hpl=hpl,
            )
        except OperationalError as error:
            database_busy(form, error)
        else:
            return redirect("measurements:child", person.pk)
    return render(request, "registry/sasaran_add.html", {"person": person, "form": form})


@permission_required(Permission.RECORD_MEASUREMENT)
def duplicates(request: HttpRequest, posyandu_id: int) -> HttpResponse:
    """htmx partial: possible duplicates while the kader is still typing the form."""
    posyandu = posyandu_get_for_user(user=request.user, pk=posyandu_id)
    form = ChildForm(request.GET)
    form.is_valid()  # only the fields that parse are used
    data = form.cleaned_data
    found: list[int] = []
    if data.get("nik") or (data.get("name") and data.get("birth_date")):
        family = family_by_kk(kk_number=data.get("kk_number", ""), kelurahan=posyandu.kelurahan)
        mother = (
            mother_in_family(family=family, name=data.get("mother_name", "")) if family else None
        )
        found = list(
            possible_duplicates(
                nik=data.get("nik") or None,
                name=data.get("name", ""),
                birth_date=data.get("birth_date"),
                mother=mother,
            ).values_list("pk", flat=True)
        )
    return render(request, "registry/duplicates.html", {"duplicates": found})
