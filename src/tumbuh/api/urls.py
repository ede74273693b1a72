"""``/api/v1/``: the REST API, its OpenAPI document and documentation, and the token page."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from oauth2_provider.views import TokenView
from rest_framework.permissions import AllowAny

from tumbuh.api import area_views, docs_views, exchange_views, token_views, views


def _api(view: Any) -> Any:
    """The view as a URL callback that names its permission (the URL walk test reads it)."""
    callback = view.as_view()
    callback.permissions = (view.permission,)
    return callback


app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path("docs/", docs_views.docs, name="docs"),
    path("oauth/token/", TokenView.as_view(), name="oauth_token"),
    path("tokens/", token_views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke_view, name="token_revoke"),
    path("regions/", _api(area_views.RegionList), name="regions"),
    path("regions/<str:code>/aggregates/", _api(area_views.RegionAggregates), name="aggregates"),
    path("regions/<str:code>/dhis2/", _api(exchange_views.RegionDhis2), name="dhis2"),
    path("regions/<str:code>/dhis2/adx/", _api(exchange_views.RegionAdx), name="dhis2_adx"),
    path("posyandu/", _api(views.PosyanduList), name="posyandu"),
    path("children/", _api(views.ChildList), name="children"),
    path("children/<int:pk>/", _api(views.PersonDetail), name="child"),
    path("children/<int:pk>/fhir/", _api(exchange_views.ChildFhir), name="child_fhir"),
    path("mothers/", _api(views.MotherList), name="mothers"),
    path("families/", _api(views.FamilyList), name="families"),
    path("measurements/", _api(views.MeasurementList), name="measurements"),
    path("visits/", _api(views.VisitList), name="visits"),
    path("interventions/", _api(area_views.InterventionList), name="interventions"),
    path("deliveries/", _api(views.DeliveryList), name="deliveries"),
    path("gaps/<str:office>/", _api(area_views.GapList), name="gaps"),
    path("teams/", _api(area_views.TeamList), name="teams"),
]
