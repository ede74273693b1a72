"""Keluarga KPM saya (PKH facilitator, TKSK), a KPM family's page with its referrals, P2K2
sessions, referrals, and the coordinators' caseload assignment. Thin: the selectors and services
decide access and do the work."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tumbuh.accounts.lists import page_of
from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, has_permission, permission_required
from tumbuh.accounts.scope import region_filter
from tumbuh.accounts.selectors import region_for_request
from tumbuh.accounts.services import audit_record
from tumbuh.casework.forms import AssignForm, P2k2Form, ReferralForm
from tumbuh.casework.selectors import (
    caseload,
    caseload_family,
    facilitators,
    family_lacks,
    family_members,
    kpm_cards,
    lacks_fill,
    referrals_list,
    sessions_list,
)
from tumbuh.casework.services import (
    families_assign_to,
    manage_check,
    p2k2_record,
    referral_close,
    referral_record,
)
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family


def _form_errors(form: ReferralForm | P2k2Form | AssignForm, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@permission_required(Permission.VIEW_CASELOAD)
def families(request: HttpRequest) -> HttpResponse:
    region = region_for_request(user=request.user, code=request.GET.get("region", ""))
    today = timezone.localdate()
    cards = kpm_cards(user=request.user, region=region, today=today, with_lacks=False)
    page = page_of(request, cards)
    lacks_fill(user=request.user, region=region, today=today, cards=page.object_list)
    audit_record(
        user=request.user,
        action=Action.VIEW_LIST,
        object_type="kpm_families",
        object_id=region.code,
    )
    return render(
        request,
        "casework/families.html",
        {
            "region": region,
            "cards": page.object_list,
            "page": page,
            "query": f"region={region.code}" if request.GET.get("region") else "",
            "total": len(cards),
            "hpk": sum(card.hpk for card in cards),
            "can_record": has_permission(request.user, Permission.RECORD_CASEWORK),
        },
    )


def _close(request: HttpRequest) -> None:
    pk = request.POST.get("referral", "")
    referral = get_object_or_404(
        referrals_list(user=request.user), pk=int(pk) if pk.isdigit() else 0
    )
    referral_close(user=request.user, referral=referral, closed_on=timezone.localdate())


@permission_required(Permission.VIEW_CASELOAD)
def family(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = caseload_family(user=request.user, pk=pk)
    home: Family = assignment.family
    today = timezone.localdate()
    form = ReferralForm(initial={"referred_on": today, "office": "dinsos"})
    if request.method == "POST":
        if request.POST.get("action") == "close":
            _close(request)
            return redirect("casework:family", pk=home.pk)
        form = ReferralForm(request.POST)
        if form.is_valid():
            try:
                referral_record(user=request.user, family=home, **form.cleaned_data)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Referral saved."))
                return redirect("casework:family", pk=home.pk)
    lacks = family_lacks(
        user=request.user, region=home.kelurahan, today=today, families=[home.pk]
    ).get(home.pk, [])
    audit_record(user=request.user, action=Action.VIEW, object_type="family", object_id=home.pk)
    return render(
        request,
        "casework/family.html",
        {
            "family": home,
            "assignment": assignment,
            "members": family_members(home),
            "lacks": lacks,
            "referrals": referrals_list(user=request.user, family=home),
            "form": form,
            "can_record": has_permission(request.user, Permission.RECORD_CASEWORK),
        },
    )


def _session_form(request: HttpRequest) -> P2k2Form:
    assignments = caseload(user=request.user).select_related("family__kelurahan")
    homes = sorted((a.family for a in assignments), key=lambda f: (f.kelurahan.name, f.head_name))
    kelurahan = sorted({(f.kelurahan_id, f.kelurahan.name) for f in homes}, key=lambda k: k[1])
    return P2k2Form(
        request.POST or None,
        initial={"held_on": timezone.localdate()},
        kelurahan=kelurahan,
        families=[(str(f.pk), f"{f.head_name} ({f.kelurahan.name})") for f in homes],
    )


@permission_required(Permission.VIEW_CASELOAD)
def sessions(request: HttpRequest) -> HttpResponse:
    can_record = has_permission(request.user, Permission.RECORD_CASEWORK)
    form = _session_form(request) if can_record else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            chosen = caseload(user=request.user).filter(family_id__in=data["families"])
            try:
                p2k2_record(
                    user=request.user,
                    kelurahan=get_object_or_404(Region, code=data["kelurahan"]),
                    held_on=data["held_on"],
                    module=data["module"],
                    topic=data["topic"],
                    families=[a.family for a in chosen.select_related("family")],
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("P2K2 session saved."))
                return redirect("casework:sessions")
    audit_record(user=request.user, action=Action.VIEW_LIST, object_type="p2k2_sessions")
    return render(
        request,
        "casework/sessions.html",
        {"sessions": sessions_list(user=request.user)[:100], "form": form},
    )


@permission_required(Permission.VIEW_CASELOAD)
def referrals(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        _close(request)
        return redirect("casework:referrals")
    audit_record(user=request.user, action=Action.VIEW_LIST, object_type="referrals")
    return render(
        request,
        "casework/referrals.html",
        {
            "referrals": referrals_list(user=request.user)[:200],
            "can_record": has_permission(request.user, Permission.RECORD_CASEWORK),
        },
    )


@permission_required(Permission.MANAGE_CASELOAD)
def assign(request: HttpRequest) -> HttpResponse:
    manage_check(request.user)
    accounts = list(facilitators(user=request.user))
    form = AssignForm(
        request.POST or None,
        facilitators=[(str(a.pk), f"{a.get_full_name() or a.username}") for a in accounts],
    )
    if request.method == "POST" and form.is_valid():
        chosen = next(a for a in accounts if str(a.pk) == form.cleaned_data["facilitator"])
        numbers = form.cleaned_data["kk_numbers"]
        found = Family.objects.filter(
            region_filter(request.user, "kelurahan__code"), kk_number__in=numbers
        ).order_by("-pk")
        by_number = {f.kk_number: f for f in found}  # several with one No. KK: the first one
        unknown = [n for n in numbers if n not in by_number]
        if unknown:
            form.add_error(
                "kk_numbers",
                _("No family of your area has No. KK %(numbers)s.")
                % {"numbers": ", ".join(unknown)},
            )
        else:
            try:
                result = families_assign_to(
                    user=request.user,
                    facilitator=chosen,
                    families=list(by_number.values()),
                    today=timezone.localdate(),
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Assigned: %(new)d new, %(moved)d moved, %(same)d unchanged.")
                    % {
                        "new": len(result.new),
                        "moved": len(result.moved),
                        "same": len(result.unchanged),
                    },
                )
                return redirect("casework:assign")
    return render(request, "casework/assign.html", {"form": form, "facilitators": accounts})
