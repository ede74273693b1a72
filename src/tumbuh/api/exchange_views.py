"""Exchange formats over ``/api/v1/``: a child as a FHIR R4 Bundle (SATUSEHAT) and a region's
monthly aggregates for DHIS2 (dataValueSets JSON, ADX XML)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission
from tumbuh.accounts.services import audit_record
from tumbuh.api.lookups import person_in_scope
from tumbuh.api.views import region_in_scope


class ChildFhir(generics.GenericAPIView):  # type: ignore[misc]
    """The child as a FHIR R4 Bundle: Patient (NIK, Kemendagri address codes) and one
    LOINC-coded Observation per measured quantity."""

    permission = Permission.VIEW_PEOPLE
    serializer_class = None

    @extend_schema(responses={200: {"type": "object"}})
    def get(self, request: Request, pk: int) -> Response:
        from tumbuh.api.fhir import child_bundle
        from tumbuh.measurements.selectors import child_history

        child = person_in_scope(user=request.user, pk=pk)
        audit_record(
            user=request.user, action=Action.EXPORT, object_type="fhir", object_id=child.pk
        )
        bundle = child_bundle(child, child_history(child=child))
        return Response(bundle, content_type="application/fhir+json")


def _dhis2_cells(request: Request, code: str) -> tuple[list[Any], str, Any]:
    from tumbuh.api.dhis2 import mapping_load, month_of, monthly_cells

    period = request.query_params.get("period") or _last_month()
    try:
        month_of(period)
    except ValueError as error:
        raise ValidationError({"period": [_("Give the month as YYYYMM.")]}) from error
    region = region_in_scope(request, code)
    mapping = mapping_load()
    cells = monthly_cells(user=request.user, region=region, period=period, mapping=mapping)
    return cells, period, mapping


def _last_month() -> str:
    first = timezone.localdate().replace(day=1)
    previous = first.fromordinal(first.toordinal() - 1)
    return f"{previous:%Y%m}"


PERIOD_PARAMETER = OpenApiParameter("period", str, description="YYYYMM (default: last month)")


class RegionDhis2(generics.GenericAPIView):  # type: ignore[misc]
    """Monthly aggregates per desa/kelurahan as DHIS2 dataValueSets JSON (codes)."""

    permission = Permission.VIEW_DASHBOARD
    serializer_class = None

    @extend_schema(parameters=[PERIOD_PARAMETER], responses={200: {"type": "object"}})
    def get(self, request: Request, code: str) -> Response:
        from tumbuh.api.dhis2 import data_value_set

        cells, period, mapping = _dhis2_cells(request, code)
        return Response(data_value_set(cells, period=period, mapping=mapping))


class RegionAdx(generics.GenericAPIView):  # type: ignore[misc]
    """The same aggregates as ADX XML."""

    permission = Permission.VIEW_DASHBOARD
    serializer_class = None

    @extend_schema(parameters=[PERIOD_PARAMETER], responses={200: {"type": "string"}})
    def get(self, request: Request, code: str) -> HttpResponse:
        from tumbuh.api.dhis2 import adx

        cells, period, mapping = _dhis2_cells(request, code)
        exported = timezone.now().replace(microsecond=0)
        body = adx(cells, period=period, mapping=mapping, exported=exported)
        return HttpResponse(body, content_type="application/adx+xml")
