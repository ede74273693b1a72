"""People search and child registration (with possible duplicates shown before saving)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from tumbuh.accounts.lists import list_filters, page_of
from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, permission_required, shown_nik
from tumbuh.accounts.selectors import posyandu_get_for_user
from tumbuh.accounts.services import audit_record
from tumbuh.db_busy import database_busy
from tumbuh.regions.models import Posyandu
from tumbuh.registry import services
from tumbuh.registry.forms import ChildForm, SasaranForm
from tumbuh.registry.models import Family, Sasaran
from tumbuh.registry.selectors import (
    DuplicatePlace,
    family_by_kk,
    family_summary,
    mother_in_family,
    person_get_for_user,
    person_list,
)


@permission_required(Permission.VIEW_PEOPLE)
def people(request: HttpRequest) -> HttpResponse:
    """Everyone in the user's scope: searched by name or NIK, filtered, paged, truly counted."""
    filters = list_filters(request, user=request.user)
    page = page_of(request, person_list(user=request.user, query=filters.q, filters=filters))
    audit_record(user=request.user, action=Action.VIEW_LIST, object_type="person")
    shown = [(p, shown_nik(request.user, p.nik)) for p in page]
    context = {"rows": shown, "page": page, "filters": filters, "query": filters.query()}
    return render(request, "registry/people.html", context)


@permission_required(Permission.RECORD_MEASUREMENT)
def child_add(request: HttpRequest, posyandu_id: int) -> HttpResponse:
    """Register a child; possible duplicates, and the family a No. KK joins, are shown first
    and saved only once the kader confirms."""
    posyandu = posyandu_get_for_user(user=request.user, pk=posyandu_id)
    form = ChildForm(request.POST or None)
    duplicates: list[DuplicatePlace] = []
    family = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = family_by_kk(kk_number=data["kk_number"], kelurahan=posyandu.kelurahan)
        family = family_summary(found) if found else None
        try:
            duplicates = _duplicates(request, posyandu=posyandu, data=data, family=found)
        except services.TooManyChecksError:
            form.add_error(None, TOO_MANY_CHECKS)  # what was typed stays in the form
            status = 429
        joins = family is None or request.POST.get("join_family") == str(family.pk)
        confirmed = not duplicates or request.POST.get("confirm") == "1"
        if status == 200 and joins and confirmed:
            try:
                child = services.child_register(
                    user=request.user,
                    posyandu=posyandu,
                    join_family=family.pk if family else None,
                    **data,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            except OperationalError as error:
                database_busy(form, error)
            else:
                return redirect("measurements:child", child.pk)
    context = {"form": form, "posyandu": posyandu, "duplicates": duplicates, "family": family}
    return render(request, "registry/child_add.html", context, status=status)


def _duplicates(
    request: HttpRequest, *, posyandu: Posyandu, data: dict[str, Any], family: Family | None
) -> list[DuplicatePlace]:
    mother = mother_in_family(family=family, name=data.get("mother_name", "")) if family else None
    return services.duplicate_check(
        user=request.user,
        posyandu=posyandu,
        nik=data.get("nik") or None,
        name=data.get("name", ""),
        birth_date=data.get("birth_date"),
        mother=mother,
    )


TOO_MANY_CHECKS = _("Too many duplicate checks in a minute: wait a moment, then try again.")


def _too_many_checks() -> HttpResponse:
    return HttpResponse(str(TOO_MANY_CHECKS), status=429, content_type="text/plain; charset=utf-8")


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
    """htmx partial: possible duplicates while the kader is still typing the form (a full valid
    NIK, or name and birth date; places only; rate-limited and audited)."""
    posyandu = posyandu_get_for_user(user=request.user, pk=posyandu_id)
    form = ChildForm(request.GET)
    form.is_valid()  # only the fields that parse are used
    data = form.cleaned_data
    family = family_by_kk(kk_number=data.get("kk_number", ""), kelurahan=posyandu.kelurahan)
    try:
        found = _duplicates(request, posyandu=posyandu, data=data, family=family)
    except services.TooManyChecksError:
        return _too_many_checks()
    return render(request, "registry/duplicates.html", {"duplicates": found})
