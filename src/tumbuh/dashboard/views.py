"""The region dashboard page."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, in_scope, permission_required
from tumbuh.accounts.selectors import home_region, posyandu_get_for_user, region_get_for_user
from tumbuh.accounts.services import audit_record
from tumbuh.dashboard.charts import kelurahan_map, trend_chart
from tumbuh.dashboard.selectors import dashboard_for
from tumbuh.regions.selectors import kelurahan_label


def shown_month(asked: str, *, today: date) -> tuple[date, date]:
    """The month a dashboard shows (its first day) and the day its figures are taken on.

    By default the last complete month (on 1 December: November, not an empty December); a
    month asked for as ``YYYY-MM`` (the current one at most) is taken to its last day, or today.
    """
    this_month = today.replace(day=1)
    month = (this_month - timedelta(days=1)).replace(day=1)
    try:
        asked_month = datetime.strptime(asked, "%Y-%m").date()
    except ValueError:
        asked_month = None
    if asked_month is not None and date(2000, 1, 1) <= asked_month <= this_month:
        month = asked_month
    next_month = (month + timedelta(days=32)).replace(day=1)
    return month, min(today, next_month - timedelta(days=1))


@permission_required(Permission.VIEW_DASHBOARD)
def index(request: HttpRequest) -> HttpResponse:
    """Dashboard of a region (kota, kecamatan, kelurahan) or of one posyandu (``?posyandu=``)."""
    posyandu = None
    if request.GET.get("posyandu", "").isdigit():
        posyandu = posyandu_get_for_user(user=request.user, pk=int(request.GET["posyandu"]))
        region = posyandu.kelurahan
    else:
        home = home_region(user=request.user)
        code = request.GET.get("region", "") or (home.code if home else "")
        region = region_get_for_user(user=request.user, code=code)
    today = timezone.localdate()
    month, until = shown_month(request.GET.get("month", ""), today=today)
    board = dashboard_for(user=request.user, region=region, today=until, posyandu=posyandu)
    audit_record(
        user=request.user,
        action=Action.VIEW_LIST,
        object_type="dashboard",
        object_id=posyandu.pk if posyandu else region.code,
    )
    parent = board.region.parent
    context = {
        "board": board,
        # the area above, when it is the user's to open (a lurah does not open the kecamatan)
        "up_visible": parent is not None
        and board.region.level != "kabupaten_kota"
        and in_scope(request.user, parent),
        "map": mark_safe(kelurahan_map(board)),
        "trend": mark_safe(trend_chart(board)),
        "place_label": kelurahan_label(region),
        "month": month,
        "latest_month": today.replace(day=1),
        "filter_query": f"posyandu={posyandu.pk}"
        if posyandu
        else (f"kelurahan={region.code}" if region.level == "desa_kelurahan" else ""),
    }
    return render(request, "dashboard/index.html", context)
