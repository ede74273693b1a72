"""Teams by decree (coordinators) and the TPK's families and visit log (phone-first)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, permission_required
from tumbuh.accounts.selectors import region_for_request
from tumbuh.accounts.services import audit_record
from tumbuh.measurements.services import maternal_measurement_record
from tumbuh.registry.models import Person
from tumbuh.teams.forms import VisitForm
from tumbuh.teams.selectors import (
    assigned_families,
    expecting_mother,
    family_get_for_tpk,
    team_list,
    visit_history,
)
from tumbuh.teams.services import visit_record


@permission_required(Permission.VIEW_TEAMS)
def teams(request: HttpRequest) -> HttpResponse:
    region = region_for_request(user=request.user, code=request.GET.get("region", ""))
    return render(
        request,
        "teams/teams.html",
        {"region": region, "teams": team_list(user=request.user, region=region)},
    )


@permission_required(Permission.VISIT_FAMILIES)
def tpk_families(request: HttpRequest) -> HttpResponse:
    rows = assigned_families(user=request.user, today=timezone.localdate())
    audit_record(user=request.user, action=Action.VIEW_LIST, object_type="tpk_families")
    return render(request, "teams/tpk_families.html", {"rows": rows})


@permission_required(Permission.VISIT_FAMILIES)
def tpk_family(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_get_for_tpk(user=request.user, pk=pk)
    today = timezone.localdate()
    form = VisitForm(request.POST or None, initial={"visited_on": today}, today=today)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lila, hb = data.pop("mother_lila_cm"), data.pop("mother_hb_g_dl")
        try:
            visit = visit_record(user=request.user, family=family, **data)
            mother = expecting_mother(family=family, on=visit.visited_on)
            if mother is not None and (lila is not None or hb is not None):
                maternal_measurement_record(
                    user=request.user,
                    person=mother,
                    measured_on=visit.visited_on,
                    lila_cm=lila,
                    hb_g_dl=hb,
                )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("teams:tpk_families")
    audit_record(user=request.user, action=Action.VIEW, object_type="family", object_id=family.pk)
    members = Person.objects.filter(family=family).prefetch_related("roles").order_by("birth_date")
    return render(
        request,
        "teams/tpk_family.html",
        {"family": family, "members": members, "visits": visit_history(family), "form": form},
    )
