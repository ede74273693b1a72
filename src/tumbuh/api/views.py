"""The resources of ``/api/v1/``: thin views over the domain's selectors and services.

Each view names the permission of its reads (``permission``) and writes (``write_permission``);
querysets are filtered by the user's scope, so objects outside it are 404. Reads of personal
data are audited (identifiers only).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, office_of
from tumbuh.accounts.scope import family_filter, person_filter
from tumbuh.accounts.selectors import posyandu_list, region_for_request
from tumbuh.accounts.services import audit_record
from tumbuh.api import serializers as s
from tumbuh.api.lookups import family_in_scope, person_in_scope, posyandu_in_scope
from tumbuh.api.writes import Written, delivery_write, measurement_write, visit_write
from tumbuh.convergence.catalogue import CATALOGUE
from tumbuh.interventions.models import Delivery
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.selectors import measurement_list
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family, Person
from tumbuh.registry.selectors import children_under_five, person_list
from tumbuh.teams.models import Visit
from tumbuh.teams.services import teams_of


def region_in_scope(request: Request, code: str) -> Region:
    try:
        return region_for_request(user=request.user, code=code)
    except PermissionDenied as error:
        raise Http404 from error


class ScopedList(generics.ListAPIView):  # type: ignore[misc]
    """A list in cursor pages; ``audited`` names what a read of it records (personal data)."""

    permission: Permission
    audited = ""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        if self.audited:
            audit_record(user=request.user, action=Action.VIEW_LIST, object_type=self.audited)
        return response


class PosyanduList(ScopedList):
    permission = Permission.VIEW_POSYANDU
    serializer_class = s.PosyanduSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return posyandu_list(user=self.request.user)


class ChildList(ScopedList):
    """Children under five the user may see."""

    permission = Permission.VIEW_PEOPLE
    serializer_class = s.PersonSerializer
    audited = "api:children"

    def get_queryset(self) -> QuerySet[Person]:
        return children_under_five(user=self.request.user, on=timezone.localdate())


class MotherList(ScopedList):
    """Mothers of children the user may see."""

    permission = Permission.VIEW_PEOPLE
    serializer_class = s.PersonSerializer
    audited = "api:mothers"

    def get_queryset(self) -> QuerySet[Person]:
        mothers = Person.objects.filter(person_filter(self.request.user)).values("mother_id")
        return person_list(user=self.request.user).filter(pk__in=mothers)


class PersonDetail(generics.RetrieveAPIView):  # type: ignore[misc]
    permission = Permission.VIEW_PEOPLE
    serializer_class = s.PersonSerializer

    def get_object(self) -> Person:
        person = person_in_scope(user=self.request.user, pk=int(self.kwargs["pk"]))
        audit_record(
            user=self.request.user, action=Action.VIEW, object_type="person", object_id=person.pk
        )
        return person


class FamilyList(ScopedList):
    permission = Permission.VIEW_PEOPLE
    serializer_class = s.FamilySerializer
    audited = "api:families"

    def get_queryset(self) -> QuerySet[Family]:
        return Family.objects.filter(family_filter(self.request.user))


class MeasurementList(ScopedList):
    """Measurements with z-scores and Permenkes categories; POST stores one, idempotently."""

    permission = Permission.VIEW_PEOPLE
    write_permission = Permission.RECORD_MEASUREMENT
    serializer_class = s.MeasurementSerializer
    audited = "api:measurements"

    @extend_schema(parameters=[OpenApiParameter("child", int, description="one child's id")])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Measurement]:
        measurements = measurement_list(user=self.request.user)
        child = self.request.query_params.get("child", "")
        return measurements.filter(child_id=int(child)) if child.isdigit() else measurements

    @extend_schema(
        request=s.MeasurementWriteSerializer,
        responses={201: s.MeasurementSerializer, 200: s.MeasurementSerializer},
    )
    def post(self, request: Request) -> Response:
        body = s.MeasurementWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        child = person_in_scope(user=request.user, pk=data["child"])
        posyandu_id = data["posyandu"] or child.posyandu_id
        if posyandu_id is None:
            raise Http404
        posyandu = posyandu_in_scope(user=request.user, pk=posyandu_id)
        written = measurement_write(
            user=request.user, uuid=data["uuid"], child=child, posyandu=posyandu, data=data
        )
        return _written(written, s.MeasurementSerializer, request)


def _written(written: Written[Any], serializer: type[Any], request: Request) -> Response:
    code = status.HTTP_201_CREATED if written.created else status.HTTP_200_OK
    return Response(serializer(written.record, context={"request": request}).data, status=code)


class VisitList(ScopedList):
    """TPK visits of the user's teams; POST logs one, idempotently."""

    permission = Permission.VISIT_FAMILIES
    write_permission = Permission.VISIT_FAMILIES
    serializer_class = s.VisitSerializer
    audited = "api:visits"

    def get_queryset(self) -> QuerySet[Visit]:
        return Visit.objects.filter(team_id__in=teams_of(self.request.user))

    @extend_schema(
        request=s.VisitWriteSerializer,
        responses={201: s.VisitSerializer, 200: s.VisitSerializer},
    )
    def post(self, request: Request) -> Response:
        body = s.VisitWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        family = family_in_scope(user=request.user, pk=data["family"])
        written = visit_write(user=request.user, uuid=data["uuid"], family=family, data=data)
        return _written(written, s.VisitSerializer, request)


class DeliveryList(ScopedList):
    """Deliveries to people and families the user may see (an office: its own); POST records
    one, idempotently."""

    permission = Permission.VIEW_GAPS
    write_permission = Permission.RECORD_DELIVERY
    serializer_class = s.DeliverySerializer
    audited = "api:deliveries"

    def get_queryset(self) -> QuerySet[Delivery]:
        user = self.request.user
        people = Person.objects.filter(person_filter(user)).values("pk")
        families = Family.objects.filter(family_filter(user)).values("pk")
        deliveries = Delivery.objects.filter(Q(person__in=people) | Q(family__in=families))
        office = office_of(user)
        if office is not None:
            codes = [item.code for item in CATALOGUE if item.office.value == office]
            deliveries = deliveries.filter(intervention__in=codes)
        return deliveries

    @extend_schema(
        request=s.DeliveryWriteSerializer,
        responses={201: s.DeliverySerializer, 200: s.DeliverySerializer},
    )
    def post(self, request: Request) -> Response:
        body = s.DeliveryWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        user = request.user
        person = None if data["person"] is None else person_in_scope(user=user, pk=data["person"])
        family = None if data["family"] is None else family_in_scope(user=user, pk=data["family"])
        written = delivery_write(
            user=user, uuid=data["uuid"], person=person, family=family, data=data
        )
        return _written(written, s.DeliverySerializer, request)
