"""The partners page: the register of partners in an area, their commitments and deliveries,
and what they gave credited per kelurahan (aggregates; a partner's account sees its own)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, permission_required
from tumbuh.accounts.selectors import region_for_request
from tumbuh.accounts.services import audit_record
from tumbuh.partners.selectors import partner_contributions, partner_list, totals


@permission_required(Permission.VIEW_PARTNERS)
def index(request: HttpRequest) -> HttpResponse:
    region = region_for_request(user=request.user, code=request.GET.get("region", ""))
    partners = list(partner_list(user=request.user, region=region))
    audit_record(
        user=request.user, action=Action.VIEW_LIST, object_type="partners", object_id=region.code
    )
    return render(
        request,
        "partners/index.html",
        {
            "region": region,
            "partners": partners,
            "totals": totals(partners),
            "partner_contributions": partner_contributions(region),
        },
    )
