"""Area resources of ``/api/v1/``: regions and their aggregates, the intervention catalogue, an
office's gap list, teams. Aggregates carry no names; gap lists do and are audited."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import home_region_of, profile_of, subtree
from tumbuh.accounts.services import audit_record
from tumbuh.api import serializers as s
from tumbuh.api.views import ScopedList, region_in_scope
from tumbuh.convergence.catalogue import CATALOGUE, Office
from tumbuh.regions.models import Region
from tumbuh.teams.models import Team


class RegionList(ScopedList):
    """Regions the user may open (a region subtree; everything for an administrator)."""

    permission = Permission.VIEW_DASHBOARD
    serializer_class = s.RegionSerializer
    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter("parent", str, description="parent code")])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Region]:
        regions = Region.objects.order_by("code")
        home = home_region_of(profile_of(self.request.user))
        if profile_of(self.request.user).role != "admin":
            regions = regions.filter(subtree("code", home.code if home else "-"))
        parent = self.request.query_params.get("parent")
        return regions.filter(parent_id=parent) if parent else regions


class RegionAggregates(generics.GenericAPIView):  # type: ignore[misc]
    """Children registered and measured, and stunting, wasting, underweight and overweight
    among the latest measurement of each child (the dashboard's rules), per sub-area."""

    permission = Permission.VIEW_DASHBOARD
    serializer_class = None

    @extend_schema(responses={200: {"type": "object"}})
    def get(self, request: Request, code: str) -> Response:
        from tumbuh.dashboard.selectors import Prevalence, dashboard_for

        region = region_in_scope(request, code)
        board = dashboard_for(user=request.user, region=region, today=timezone.localdate())

        def figures(p: Prevalence) -> dict[str, Any]:
            return {
                "measured": p.measured,
                "stunted": p.stunted,
                "wasted": p.wasted,
                "underweight": p.underweight,
                "overweight": p.overweight,
                "stunting_pct": p.stunting,
                "wasting_pct": p.wasting,
                "underweight_pct": p.underweight_pct,
                "overweight_pct": p.overweight_pct,
            }

        return Response(
            {
                "region": region.code,
                "registered": board.registered,
                "measured_this_month": board.measured_this_month,
                "rose_this_month": board.rose_this_month,
                "overall": figures(board.overall),
                "areas": [
                    {"name": a.name, "code": a.code, "registered": a.registered}
                    | figures(a.prevalence)
                    for a in board.areas
                ],
            }
        )


class InterventionList(generics.ListAPIView):  # type: ignore[misc]
    """The intervention catalogue (national defaults) with the office responsible."""

    permission = Permission.VIEW_SCORECARD
    serializer_class = s.InterventionSerializer
    pagination_class = None

    def get_queryset(self) -> list[Any]:
        return list(CATALOGUE)


class GapList(generics.GenericAPIView):  # type: ignore[misc]
    """One office's by-name gaps in a region: due and not received in the last 12 months."""

    permission = Permission.VIEW_GAPS
    serializer_class = None

    @extend_schema(
        parameters=[OpenApiParameter("region", str, required=True)],
        responses={200: {"type": "array", "items": {"type": "object"}}},
    )
    def get(self, request: Request, office: str) -> Response:
        from tumbuh.interventions.selectors import scorecard_for

        if office not in {o.value for o in Office}:
            raise Http404
        require(request.user, Permission.VIEW_GAPS, office)
        region = region_in_scope(request, request.query_params.get("region", ""))
        card = scorecard_for(user=request.user, region=region, today=timezone.localdate())
        rows = card.gaps(office=office).to_dicts() if card.expected.height else []
        audit_record(
            user=request.user,
            action=Action.VIEW_LIST,
            object_type=f"api:gaps:{office}",
            object_id=region.code,
        )
        return Response(rows)


class TeamList(ScopedList):
    permission = Permission.VIEW_TEAMS
    serializer_class = s.TeamSerializer

    @extend_schema(parameters=[OpenApiParameter("region", str, required=True)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Team]:
        from tumbuh.teams.selectors import team_list

        region = region_in_scope(self.request, self.request.query_params.get("region", ""))
        return team_list(user=self.request.user, region=region)
