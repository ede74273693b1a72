"""The convergence scorecard page and each office's gap list (scoped, audited)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tumbuh.accounts.lists import page_of
from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import (
    Permission,
    has_permission,
    in_scope,
    office_of,
    permission_required,
    require,
)
from tumbuh.accounts.selectors import region_for_request
from tumbuh.accounts.services import audit_record
from tumbuh.convergence.catalogue import OFFICE_NAMES, Office
from tumbuh.dashboard.charts import completeness_map
from tumbuh.interventions.exports import (
    ExportFile,
    gaps_file,
    scorecard_context,
    scorecard_pdf_file,
)
from tumbuh.interventions.models import Delivery
from tumbuh.interventions.pdf import PdfUnavailableError
from tumbuh.interventions.selectors import scorecard_for
from tumbuh.interventions.services import delivery_record, delivery_undo
from tumbuh.interventions.tables import gap_count, gap_rows, intervention_name
from tumbuh.offices.models import Channel, Direction
from tumbuh.offices.services import exchange_record
from tumbuh.regions.models import Region
from tumbuh.registry.models import Sasaran
from tumbuh.registry.selectors import family_get_for_user, person_get_for_user


def _region(request: HttpRequest) -> Region:
    return region_for_request(user=request.user, code=request.GET.get("region", ""))


def _office(request: HttpRequest, office: str) -> Office:
    """An office whose by-name gaps the user may see (an office account: its own only)."""
    if office not in {o.value for o in Office}:
        raise Http404
    require(request.user, Permission.VIEW_GAPS, office)
    return Office(office)


@permission_required(Permission.VIEW_SCORECARD)
def scorecard(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    today = timezone.localdate()
    if request.GET.get("format") == "pdf":
        audit_record(
            user=request.user, action=Action.EXPORT, object_type="scorecard", object_id=region.code
        )
        try:
            return _download(scorecard_pdf_file(user=request.user, region=region, today=today))
        except PdfUnavailableError:
            return HttpResponse(
                _("PDF export needs the Pango library on the server."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
    context = scorecard_context(user=request.user, region=region, today=today)
    offices = cast(list[dict[str, Any]], context["offices"])
    context["gap_offices"] = {  # the offices whose by-name gaps the user may open
        row["office"]
        for row in offices
        if has_permission(request.user, Permission.VIEW_GAPS)
        and in_scope(request.user, row["office"])
    }
    rows = cast(list[dict[str, Any]], context["kelurahan"])
    percent = {row["kelurahan"]: row["percent_complete"] for row in rows}
    context["map"] = mark_safe(completeness_map(region, percent))
    audit_record(
        user=request.user, action=Action.VIEW_LIST, object_type="scorecard", object_id=region.code
    )
    return render(request, "interventions/scorecard.html", context)


def _download(file: ExportFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.file_name}"'
    return response


@permission_required(Permission.VIEW_GAPS)
def gaps(request: HttpRequest, office: str) -> HttpResponse:
    chosen = _office(request, office)
    region = _region(request)
    audit_record(
        user=request.user, action=Action.EXPORT, object_type=f"gaps:{office}", object_id=region.code
    )
    file_format = request.GET.get("format", "csv")
    try:
        file = gaps_file(
            user=request.user,
            region=region,
            office=chosen,
            xlsx=file_format == "xlsx",
            pdf=file_format == "pdf",
            today=timezone.localdate(),
        )
    except PdfUnavailableError:
        return HttpResponse(
            _("PDF export needs the Pango library on the server."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    exchange_record(
        user=request.user,
        office=office,
        region=region,
        direction=Direction.EXPORT,
        channel=Channel.WEB,
        file_format=file.file_name.rsplit(".", 1)[-1],
        rows=file.rows,
        file_name=file.file_name,
    )
    return _download(file)


@permission_required(Permission.VIEW_GAPS)
def gap_page(request: HttpRequest, office: str) -> HttpResponse:
    """One kelurahan's gaps for an office. The office (or puskesmas) that delivers records each
    delivery with the date it was given, sees it confirmed, and may undo it; coordinators see."""
    _office(request, office)
    region = _region(request)
    today = timezone.localdate()
    back = f"{request.path}?region={region.code}"
    if request.method == "POST":
        if request.POST.get("undo", "").isdigit():
            gone = delivery_undo(user=request.user, delivery_id=int(request.POST["undo"]))
            messages.success(request, _("Taken back: %(what)s.") % {"what": _describe(gone)})
            return redirect(back)
        done = _deliver(request, region=region, today=today)
        if isinstance(done, HttpResponse):
            return done
        return redirect(f"{back}&recorded={done.pk}")
    rows = []
    page = None
    if region.level == "desa_kelurahan":
        card = scorecard_for(user=request.user, region=region, today=today)
        page = page_of(request, range(gap_count(card, office=office)))
        rows = [
            {
                **row,
                "sasaran_label": _sasaran_label(row["sasaran"]),
                "intervention_label": row["intervensi"],
            }
            for row in gap_rows(
                card,
                office=office,
                user=request.user,
                offset=page.start_index() - 1 if page.paginator.count else 0,
                limit=page.paginator.per_page,
            )
        ]
        audit_record(
            user=request.user,
            action=Action.VIEW_LIST,
            object_type=f"gaps:{office}",
            object_id=region.code,
        )
    recorded = None
    if request.GET.get("recorded", "").isdigit():
        recorded = Delivery.objects.filter(
            pk=int(request.GET["recorded"]), recorded_by=request.user.pk
        ).first()
    return render(
        request,
        "interventions/gaps.html",
        {
            "region": region,
            "office": office,
            "office_name": OFFICE_NAMES[Office(office)],
            "rows": rows,
            "page": page,
            "query": urlencode({"region": region.code}),
            "today": today,
            "recorded": recorded,
            "recorded_text": _describe(recorded) if recorded else "",
            "can_deliver": has_permission(request.user, Permission.RECORD_DELIVERY)
            and office_of(request.user) in (None, office),
        },
    )


def _sasaran_label(code: str) -> str:
    if code == "keluarga":
        return str(_("Family"))
    return str(Sasaran(code).label) if code in Sasaran.values else code


def _describe(delivery: Delivery) -> str:
    """ "PKH for Keluarga X on 1 December 2026", in the user's language."""
    whom = (
        delivery.person.name
        if delivery.person
        else (delivery.family.head_name if delivery.family else "")
    )
    return _("%(intervention)s for %(whom)s on %(on)s") % {
        "intervention": intervention_name(delivery.intervention),
        "whom": whom,
        "on": date_format(delivery.delivered_on, "j F Y"),
    }


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _deliver(request: HttpRequest, *, region: Region, today: date) -> HttpResponse | Delivery:
    """Record the delivery a gap-list button posts, on the date given (today by default, never
    in the future); a malformed or mismatched post is a 400 with the reason, a person or family
    outside the user's scope is refused."""
    require(request.user, Permission.RECORD_DELIVERY, region)
    target = request.POST.get("target_id", "")
    intervention = request.POST.get("intervention", "")
    if len(target) < 2 or target[0] not in "pf" or not target[1:].isdigit():
        return _bad_request(_("Unknown person or family."))
    pk = int(target[1:])
    person = family = None
    if target[0] == "p":
        person = person_get_for_user(user=request.user, pk=pk)
    else:
        family = family_get_for_user(user=request.user, pk=pk)
    given = request.POST.get("delivered_on", "") or today.isoformat()
    try:
        delivered_on = date.fromisoformat(given)
    except ValueError:
        return _bad_request(_("Give the date it was given as YYYY-MM-DD."))
    if delivered_on > today:
        return _bad_request(_("The date it was given cannot be in the future."))
    try:
        return delivery_record(
            user=request.user,
            intervention=intervention,
            person=person,
            family=family,
            delivered_on=delivered_on,
        )
    except ValidationError as error:
        return _bad_request(" ".join(error.messages))
