"""Teams by decree (coordinators) and the TPK's families and visit log (phone-first)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, has_permission, permission_required
from tumbuh.accounts.selectors import region_for_request
from tumbuh.accounts.services import audit_record
from tumbuh.measurements.services import maternal_measurement_record
from tumbuh.regions.models import Level, Region
from tumbuh.registry.models import Family, Person
from tumbuh.teams.forms import VisitForm
from tumbuh.teams.models import Team, TeamKind
from tumbuh.teams.selectors import (
    COVERAGE_SORTS,
    assigned_families,
    expecting_mother,
    family_get_for_tpk,
    team_families,
    team_get_for_user,
    team_history,
    team_list,
    teams_opened_by,
    tpk_coverage,
    visit_history,
)
from tumbuh.teams.services import family_reassign, tpk_assign_region, visit_record

COVERAGE_PAGE = 50


TEAMS_PAGE = 20


@permission_required(Permission.VIEW_TEAMS)
def teams(request: HttpRequest) -> HttpResponse:
    """The area's current teams, paged, searchable by name, filtered by kind and desa/kelurahan."""
    region = region_for_request(user=request.user, code=request.GET.get("region", ""))
    found = team_list(user=request.user, region=region)
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    place = request.GET.get("place", "")
    if query:
        found = found.filter(name__icontains=query)
    if kind in TeamKind.values:
        found = found.filter(kind=kind)
    if place:
        found = found.filter(region_id=place)
    page = Paginator(found.select_related("region"), TEAMS_PAGE).get_page(request.GET.get("page"))
    places = Region.objects.filter(
        level=Level.KELURAHAN, code__startswith=region.code + "."
    ).order_by("name")
    keep = urlencode({"region": region.code, "q": query, "kind": kind, "place": place})
    return render(
        request,
        "teams/teams.html",
        {
            "region": region,
            "teams": page,
            "page": page,
            "query": query,
            "kind": kind,
            "place": place,
            "kinds": TeamKind.choices,
            "places": places,
            "keep": keep,
            "can_manage": has_permission(request.user, Permission.MANAGE_TEAMS),
        },
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


@permission_required(Permission.VIEW_TPK_COVERAGE)
def coverage(request: HttpRequest) -> HttpResponse:
    """Coverage per TPK team (families assigned, visited this month, overdue), sortable, paged."""
    region = region_for_request(user=request.user, code=request.GET.get("region", ""))
    sort = request.GET.get("sort", "team")
    if sort.removeprefix("-") not in COVERAGE_SORTS:
        sort = "team"
    rows = tpk_coverage(user=request.user, region=region, today=timezone.localdate(), sort=sort)
    page = Paginator(rows, COVERAGE_PAGE).get_page(request.GET.get("page"))
    audit_record(user=request.user, action=Action.VIEW_LIST, object_type="tpk_coverage")
    totals = [sum(getattr(r, name) for r in rows) for name in ("assigned", "visited", "overdue")]
    return render(
        request,
        "teams/coverage.html",
        {
            "region": region,
            "page": page,
            "sort": sort,
            "totals": totals,
            "teams": len(rows),
            "sorts": COVERAGE_SORTS,
            "opens": teams_opened_by(request.user, (row.team for row in page)),
            "can_assign": has_permission(request.user, Permission.MANAGE_TEAMS),
        },
    )


@permission_required(Permission.MANAGE_TEAMS)
@require_POST
def assign(request: HttpRequest) -> HttpResponse:
    """The button: every at-risk family of the region without a TPK team gets one."""
    region = region_for_request(user=request.user, code=request.POST.get("region", ""))
    done = tpk_assign_region(user=request.user, region=region, today=timezone.localdate())
    messages.success(
        request,
        _(
            "%(assigned)d at-risk families were given a TPK team; %(without)d live in a "
            "desa/kelurahan without a TPK team."
        )
        % {"assigned": done.assigned, "without": done.without_team},
    )
    return redirect(f"{reverse('teams:coverage')}?region={region.code}")


@permission_required(Permission.VIEW_TEAMS)
def team(request: HttpRequest, pk: int) -> HttpResponse:
    """A team: its decree and members, earlier decrees, and (a TPK) its families."""
    found = team_get_for_user(user=request.user, pk=pk)
    audit_record(user=request.user, action=Action.VIEW, object_type="team", object_id=found.pk)
    families = (
        team_families(team=found, today=timezone.localdate())
        if found.kind == TeamKind.TPK and has_permission(request.user, Permission.VIEW_TPK_COVERAGE)
        else []
    )
    can_manage = has_permission(request.user, Permission.MANAGE_TEAMS)
    others = (
        Team.objects.filter(
            kind=TeamKind.TPK, region_id=found.region_id, replaced_by__isnull=True
        ).exclude(pk=found.pk)
        if can_manage and found.kind == TeamKind.TPK
        else Team.objects.none()
    )
    return render(
        request,
        "teams/team.html",
        {
            "team": found,
            "members": found.members.all().order_by("pk"),
            "families": families,
            "others": others,
            "history": team_history(found),
            "areas": found.areas.all().order_by("pk"),
            "can_manage": can_manage and found.replaced_by_id is None,
        },
    )


@permission_required(Permission.MANAGE_TEAMS)
@require_POST
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a family to another TPK team of its desa/kelurahan."""
    family = Family.objects.filter(pk=pk).first()
    target = Team.objects.filter(pk=request.POST.get("team") or 0).first()
    if family is None or target is None:
        raise PermissionDenied
    try:
        family_reassign(user=request.user, family=family, team=target, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The family now has team %(team)s.") % {"team": target.name})
    back = request.POST.get("back") or str(target.pk)
    return redirect("teams:team", pk=int(back) if back.isdigit() else target.pk)


@permission_required(Permission.VIEW_VILLAGE_LISTS)
def village(request: HttpRequest) -> HttpResponse:
    """A desa/kelurahan's convergence page (the lurah's own desa by default); over a larger
    area, the list of its desa/kelurahan to choose from."""
    from tumbuh.convergence.catalogue import OFFICE_NAMES
    from tumbuh.teams.village import village_for

    region = region_for_request(user=request.user, code=request.GET.get("region", ""))
    if region.level != Level.KELURAHAN:
        places = Region.objects.filter(
            level=Level.KELURAHAN, code__startswith=region.code + "."
        ).order_by("name")
        return render(request, "teams/village.html", {"region": region, "places": places})
    found = village_for(user=request.user, desa=region, today=timezone.localdate())
    audit_record(
        user=request.user, action=Action.VIEW_LIST, object_type="village", object_id=region.code
    )
    return render(
        request,
        "teams/village.html",
        {
            "region": region,
            "village": found,
            "offices": [(str(code), name) for code, name in OFFICE_NAMES.items()],
            "can_gaps": has_permission(request.user, Permission.VIEW_GAPS),
            "opens": teams_opened_by(request.user, (row.team for row in found.coverage)),
        },
    )
