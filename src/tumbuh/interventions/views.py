"""The convergence scorecard page and each office's gap list (scoped, audited)."""

from __future__ import annotations

import io
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tumbuh.accounts.models import Action
from tumbuh.accounts.scope import profile_of, region_filter, subtree
from tumbuh.accounts.services import audit_record
from tumbuh.convergence.catalogue import Office
from tumbuh.files import csv_bytes
from tumbuh.interventions.pdf import PdfUnavailableError, scorecard_pdf
from tumbuh.interventions.selectors import scorecard_for
from tumbuh.interventions.services import delivery_record
from tumbuh.interventions.tables import OFFICE_NAMES, by_kelurahan, by_office, gap_list
from tumbuh.regions.models import Region
from tumbuh.regions.selectors import home_region, region_get_for_user
from tumbuh.registry.models import Family
from tumbuh.registry.selectors import person_get_for_user


def _region(request: HttpRequest) -> Region:
    home = home_region(user=request.user)
    code = request.GET.get("region", "") or (home.code if home else "")
    return region_get_for_user(user=request.user, code=code)


@login_required
def scorecard(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    card = scorecard_for(user=request.user, region=region, today=timezone.localdate())
    pdf_wanted = request.GET.get("format") == "pdf"
    audit_record(
        user=request.user,
        action=Action.EXPORT if pdf_wanted else Action.VIEW_LIST,
        object_type="scorecard",
        object_id=region.code,
    )
    context = {
        "today": timezone.localdate(),
        "region": region,
        "kelurahan": by_kelurahan(card, region).to_dicts(),
        "offices": by_office(card),
        "interventions": card.by_intervention().to_dicts() if card.expected.height else [],
    }
    if pdf_wanted:
        try:
            pdf = scorecard_pdf(context)
        except PdfUnavailableError:
            return HttpResponse(
                _("PDF export needs the Pango library on the server."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="skor-konvergensi-{region.code}.pdf"'
        )
        return response
    return render(request, "interventions/scorecard.html", context)


@login_required
def gaps(request: HttpRequest, office: str) -> HttpResponse:
    if office not in {o.value for o in Office}:
        raise Http404
    region = _region(request)
    card = scorecard_for(user=request.user, region=region, today=timezone.localdate())
    names = dict(Region.objects.filter(code__startswith=region.code).values_list("code", "name"))
    table = gap_list(card, office=office, kelurahan_names=names)
    audit_record(
        user=request.user, action=Action.EXPORT, object_type=f"gaps:{office}", object_id=region.code
    )
    stem = f"kesenjangan-{office}-{region.code}"
    if request.GET.get("format") == "xlsx":
        buffer = io.BytesIO()
        table.write_excel(buffer, worksheet=OFFICE_NAMES[Office(office)][:31])
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    response = HttpResponse(csv_bytes(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response


DELIVERY_ROLES = frozenset({"admin", "tpps", "kecamatan"})


@login_required
def gap_page(request: HttpRequest, office: str) -> HttpResponse:
    """One kelurahan's gaps for an office, each with a button to record the delivery."""
    if office not in {o.value for o in Office}:
        raise Http404
    region = _region(request)
    today = timezone.localdate()
    if request.method == "POST":
        refused = _deliver(request, region=region, today=today)
        return refused or redirect(f"{request.path}?region={region.code}")
    rows = []
    if region.level == "desa_kelurahan":
        card = scorecard_for(user=request.user, region=region, today=today)
        rows = card.gaps(office=office).to_dicts() if card.expected.height else []
        audit_record(
            user=request.user,
            action=Action.VIEW_LIST,
            object_type=f"gaps:{office}",
            object_id=region.code,
        )
    return render(
        request,
        "interventions/gaps.html",
        {
            "region": region,
            "office": office,
            "office_name": OFFICE_NAMES[Office(office)],
            "rows": rows,
            "can_deliver": profile_of(request.user).role in DELIVERY_ROLES,
        },
    )


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _deliver(request: HttpRequest, *, region: Region, today: date) -> HttpResponse | None:
    """Record the delivery a gap-list button posts; a malformed or mismatched post is a 400
    with the reason, a person or family outside the user's scope or this area is refused."""
    if profile_of(request.user).role not in DELIVERY_ROLES:
        raise PermissionDenied
    target = request.POST.get("target_id", "")
    intervention = request.POST.get("intervention", "")
    if len(target) < 2 or target[0] not in "pf" or not target[1:].isdigit():
        return _bad_request(_("Unknown person or family."))
    pk = int(target[1:])
    person = family = None
    if target[0] == "p":
        person = person_get_for_user(user=request.user, pk=pk)
    else:
        family = _family_in_area(request, region=region, pk=pk)
    try:
        delivery_record(
            user=request.user,
            intervention=intervention,
            person=person,
            family=family,
            delivered_on=today,
        )
    except ValidationError as error:
        return _bad_request(" ".join(error.messages))
    return None


def _family_in_area(request: HttpRequest, *, region: Region, pk: int) -> Family:
    family = Family.objects.filter(
        region_filter(request.user, "kelurahan__code"),
        subtree("kelurahan__code", region.code),
        pk=pk,
    ).first()
    if family is None:
        raise PermissionDenied
    return family
