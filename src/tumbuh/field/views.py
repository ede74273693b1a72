"""``/lapangan/``: the installable field app, its service worker and manifest, the phone's data
and outbox endpoints (session + CSRF, same origin), and the conflict review page."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from functools import cache
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from tumbuh.accounts.permissions import Permission, permission_required
from tumbuh.field.selectors import conflict_get_for_user, conflict_list, field_data
from tumbuh.field.services import conflict_decide, outbox_receive
from tumbuh.field.strings import phone_strings
from tumbuh.field.tables import growth_tables_json, growth_tables_version
from tumbuh.measurements.forms import MeasurementForm

FIELD_USERS = (Permission.RECORD_MEASUREMENT, Permission.VISIT_FAMILIES)
WORKBOX = (
    "workbox-sw.js",
    "workbox-core.prod.js",
    "workbox-routing.prod.js",
    "workbox-strategies.prod.js",
    "workbox-precaching.prod.js",
)
#: Static files the app needs offline (precached by the service worker).
STATIC_FILES = (
    "tumbuh/site.css",
    "field/vendor/dexie.min.js",
    "field/growth.js",
    "field/app.js",
    *(f"field/vendor/workbox/{name}" for name in WORKBOX),
)
#: Most entries one send may carry (the phone sends its outbox in slices).
MAX_ENTRIES = 200
TEMPLATE = Path(__file__).parent / "templates" / "field" / "app.html"


@cache
def app_version() -> str:
    """Changes whenever the shell, a script or the WHO tables change (new service worker)."""
    digest = hashlib.sha256(TEMPLATE.read_bytes())
    for name in STATIC_FILES:
        found = finders.find(name)
        if isinstance(found, str):
            digest.update(Path(found).read_bytes())
    digest.update(growth_tables_version().encode())
    return digest.hexdigest()[:16]


def _bounds() -> dict[str, dict[str, float | None]]:
    """The web form's bounds for each measured value (declared once, in MeasurementForm)."""
    out: dict[str, dict[str, float | None]] = {}
    for name in ("weight_kg", "lenhei_cm", "muac_cm", "head_cm"):
        field = MeasurementForm.base_fields[name]
        assert isinstance(field, forms.DecimalField)
        out[name] = {
            "min": None if field.min_value is None else float(Decimal(field.min_value)),
            "max": None if field.max_value is None else float(Decimal(field.max_value)),
        }
    return out


@permission_required(*FIELD_USERS)
@ensure_csrf_cookie
@require_GET
def app(request: HttpRequest) -> HttpResponse:
    """The app shell: the same for every user (no names, no token), so it is cached offline."""
    config = {
        "version": app_version(),
        "data": reverse("field:data"),
        "send": reverse("field:send"),
        "tables": reverse("field:tables"),
        "worker": reverse("field:worker"),
        "scope": reverse("field:app"),
        "login": reverse("accounts:login") + "?next=" + reverse("field:app"),
        "logout": reverse("accounts:logout"),
        "bounds": _bounds(),
    }
    context = {"config": config, "strings": phone_strings()}
    return render(request, "field/app.html", context)


@permission_required(*FIELD_USERS)
@require_GET
def worker(request: HttpRequest) -> HttpResponse:
    """The service worker, scoped to /lapangan/; it precaches the shell, scripts and tables."""
    version = app_version()
    precache = [{"url": reverse("field:app"), "revision": version}]
    precache.append({"url": reverse("field:tables"), "revision": growth_tables_version()})
    precache += [{"url": static(name), "revision": version} for name in STATIC_FILES]
    context = {
        "version": version,
        "precache": json.dumps(precache),
        "workbox_sw": json.dumps(static("field/vendor/workbox/workbox-sw.js")),
        "workbox_prefix": json.dumps(static("field/vendor/workbox/")),
    }
    response = render(request, "field/sw.js", context, content_type="text/javascript")
    response["Service-Worker-Allowed"] = reverse("field:app")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest (public: browsers fetch it without the session)."""
    scope = reverse("field:app")
    return JsonResponse(
        {
            "name": _("Tumbuh field app"),
            "short_name": "Tumbuh",
            "start_url": scope,
            "scope": scope,
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1b5e20",
            "icons": [{"src": static("field/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        },
        content_type="application/manifest+json",
    )


@permission_required(*FIELD_USERS)
@require_GET
def tables(request: HttpRequest) -> HttpResponse:
    """WHO's LMS tables (0-60 months) and the Permenkes scales, for the phone's z-scores."""
    response = HttpResponse(growth_tables_json(), content_type="application/json")
    response["ETag"] = f'"{growth_tables_version()}"'
    return response


@permission_required(*FIELD_USERS)
@require_GET
def data(request: HttpRequest) -> JsonResponse:
    """What the phone keeps for this user (scope only); never cached by the browser."""
    response = JsonResponse(field_data(user=request.user))
    response["Cache-Control"] = "no-store"
    return response


@permission_required(*FIELD_USERS)
@require_POST
def send(request: HttpRequest) -> HttpResponse:
    """The phone's outbox ``{"entries": [{"uuid", "kind", "data"}]}``: one outcome per entry."""
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return HttpResponseBadRequest(_("The body is not JSON."))
    entries = body.get("entries") if isinstance(body, dict) else None
    if not isinstance(entries, list) or len(entries) > MAX_ENTRIES:
        return HttpResponseBadRequest(
            _("Send a list of at most %(n)s entries.") % {"n": MAX_ENTRIES}
        )
    outcomes = outbox_receive(user=request.user, entries=entries)
    return JsonResponse({"results": [outcome.as_json() for outcome in outcomes]})


@permission_required(Permission.REVIEW_FIELD_CONFLICTS)
@require_GET
def conflicts(request: HttpRequest) -> HttpResponse:
    rows = list(conflict_list(user=request.user))
    return render(request, "field/conflicts.html", {"conflicts": rows})


@permission_required(Permission.REVIEW_FIELD_CONFLICTS)
@require_POST
def conflict_decision(request: HttpRequest, pk: int) -> HttpResponse:
    conflict = conflict_get_for_user(user=request.user, pk=pk)
    choice = request.POST.get("decision")
    if choice not in ("keep", "phone"):
        return HttpResponseBadRequest(_("Choose to keep the stored values or take the phone's."))
    conflict_decide(user=request.user, conflict=conflict, take_phone=choice == "phone")
    messages.success(request, _("Decision saved."))
    return HttpResponseRedirect(reverse("field:conflicts"))
