"""Teams by decree in the app (not the admin): create a team, correct it, give it a new decree
(the old one kept, viewable), its work areas' tasks and indicators, its members (with an account
linked in the same step), and the region's TPK positions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tumbuh.accounts.permissions import Permission, permission_required, require
from tumbuh.accounts.selectors import region_for_request
from tumbuh.regions.models import Level, Region
from tumbuh.teams.decree_forms import (
    DecreeForm,
    MemberForm,
    PositionsForm,
    TeamEditForm,
    TeamForm,
)
from tumbuh.teams.models import TeamKind, TeamMember
from tumbuh.teams.selectors import team_get_for_user
from tumbuh.teams.services import (
    decree_replace,
    member_remove,
    member_save,
    team_create,
    team_update,
    tpk_positions,
    tpk_positions_set,
)


def _errors(form: object, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)  # type: ignore[attr-defined]


def _kabkota(region: Region) -> Region:
    found = Region.objects.filter(code=region.code[:5]).first()
    if found is None:
        raise PermissionDenied
    return found


@permission_required(Permission.MANAGE_TEAMS)
def team_new(request: HttpRequest) -> HttpResponse:
    home = region_for_request(user=request.user, code=request.GET.get("region", ""))
    places = [home, *Region.objects.filter(code__startswith=home.code + ".").order_by("code")]
    places = [p for p in places if p.level in (Level.KABKOTA, Level.KECAMATAN, Level.KELURAHAN)]
    form = TeamForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            team = team_create(
                user=request.user,
                kind=data["kind"],
                name=data["name"],
                region=Region.objects.get(code=data["region"]),
                decree_number=data["decree_number"],
                decree_date=data["decree_date"],
                period_start=data["period_start"],
                period_end=data["period_end"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("teams:team", pk=team.pk)
    return render(request, "teams/team_form.html", {"form": form, "title": "new"})


@permission_required(Permission.MANAGE_TEAMS)
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_get_for_user(user=request.user, pk=pk)
    require(request.user, Permission.MANAGE_TEAMS, team)
    areas = {a.work_area: a for a in team.areas.all()}
    initial = {
        "name": team.name,
        "decree_number": team.decree_number,
        "decree_date": team.decree_date,
        "period_start": team.period_start,
        "period_end": team.period_end,
    }
    for code, area in areas.items():
        initial[f"tasks_{code}"], initial[f"indicators_{code}"] = area.tasks, area.indicators
    form = TeamEditForm(
        request.POST or None, initial=initial, with_areas=team.kind == TeamKind.TPPS
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            team_update(
                user=request.user,
                team=team,
                name=data["name"],
                decree_number=data["decree_number"],
                decree_date=data["decree_date"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                areas=form.areas(),
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("teams:team", pk=team.pk)
    return render(request, "teams/team_form.html", {"form": form, "team": team, "title": "edit"})


@permission_required(Permission.MANAGE_TEAMS)
def team_decree(request: HttpRequest, pk: int) -> HttpResponse:
    """A new decree: the team's record goes to history, a new one starts with its members."""
    team = team_get_for_user(user=request.user, pk=pk)
    require(request.user, Permission.MANAGE_TEAMS, team)
    form = DecreeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = decree_replace(
                user=request.user, team=team, today=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("teams:team", pk=new.pk)
    return render(request, "teams/team_form.html", {"form": form, "team": team, "title": "decree"})


@permission_required(Permission.MANAGE_TEAMS)
def member_new(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_get_for_user(user=request.user, pk=pk)
    require(request.user, Permission.MANAGE_TEAMS, team)
    if team.replaced_by_id is not None:
        raise PermissionDenied
    positions = tpk_positions(team.region) if team.kind == TeamKind.TPK else None
    form = MemberForm(request.POST or None, positions=positions)
    if request.method == "POST" and form.is_valid():
        try:
            member_save(user=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("teams:team", pk=team.pk)
    return render(request, "teams/team_form.html", {"form": form, "team": team, "title": "member"})


@permission_required(Permission.MANAGE_TEAMS)
@require_POST
def member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    member = TeamMember.objects.select_related("team__region").filter(pk=pk).first()
    if member is None:
        raise PermissionDenied
    member_remove(user=request.user, member=member)
    return redirect("teams:team", pk=member.team_id)


@permission_required(Permission.MANAGE_TEAMS)
def positions(request: HttpRequest) -> HttpResponse:
    """The kab/kota's TPK positions (the titles its decrees give TPK members)."""
    home = region_for_request(user=request.user, code="")
    region = _kabkota(home)
    current = tpk_positions(region)
    form = PositionsForm(request.POST or None, initial={"titles": "\n".join(current)})
    if request.method == "POST" and form.is_valid():  # the kab/kota's secretariat only
        tpk_positions_set(
            user=request.user, region=region, titles=form.cleaned_data["titles"].splitlines()
        )
        return redirect(f"{request.path}?region={region.code}")
    editable = home.code == region.code or home.level not in (Level.KECAMATAN, Level.KELURAHAN)
    return render(
        request,
        "teams/positions.html",
        {"form": form, "region": region, "positions": current, "editable": editable},
    )
