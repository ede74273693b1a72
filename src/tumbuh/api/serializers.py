"""What the API reads and writes. Write bounds come from the web forms (declared once)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tumbuh.accounts.permissions import shown_nik
from tumbuh.growth import Indicator, classify
from tumbuh.interventions.models import Delivery
from tumbuh.measurements.forms import MeasurementForm
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.scoring import CLASSIFIED, STORED
from tumbuh.regions.models import Posyandu, Region
from tumbuh.registry.models import Family, Person
from tumbuh.teams.models import Team, Visit


def _decimal_like(form_field: str, *, required: bool) -> serializers.DecimalField:
    """A decimal field with the bounds and decimals of the web form's field."""
    field = MeasurementForm.base_fields[form_field]
    assert isinstance(field, forms.DecimalField)
    return serializers.DecimalField(
        max_digits=5,
        decimal_places=field.decimal_places,
        min_value=field.min_value,
        max_value=field.max_value,
        required=required,
        allow_null=not required,
        default=None if not required else serializers.empty,
    )


class RegionSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = Region
        fields = ("code", "name", "level", "kind", "parent")


class PosyanduSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = Posyandu
        fields = ("id", "name", "kelurahan", "puskesmas")


class PersonSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    nik = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ("id", "name", "sex", "birth_date", "nik", "family", "mother", "posyandu")

    def get_nik(self, person: Person) -> str:
        return shown_nik(self.context["request"].user, person.nik)


class FamilySerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = Family
        fields = (
            "id",
            "kk_number",
            "head_name",
            "address",
            "rt",
            "rw",
            "kelurahan",
            "no_clean_water",
            "no_latrine",
            "smoker_in_house",
            "welfare_decile",
        )


class MeasurementSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    uuid = serializers.UUIDField(source="client_uuid", read_only=True, allow_null=True)
    position = serializers.SerializerMethodField()
    zscores = serializers.SerializerMethodField()
    categories = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField()

    class Meta:
        model = Measurement
        fields = (
            "id",
            "uuid",
            "child",
            "posyandu",
            "measured_on",
            "age_days",
            "weight_kg",
            "lenhei_cm",
            "position",
            "muac_cm",
            "head_cm",
            "oedema",
            "zscores",
            "categories",
            "flags",
            "gain",
        )

    def get_position(self, m: Measurement) -> str:
        return m.position.upper()

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "number"}})
    def get_zscores(self, m: Measurement) -> dict[str, float | None]:
        return {name: getattr(m, name) for name in STORED}

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "object"}})
    def get_categories(self, m: Measurement) -> dict[str, dict[str, str] | None]:
        """Permenkes 2/2020 category per classified indicator, in the request's language."""
        language = get_language() or "id"
        return {i.value: _category(i, getattr(m, i.value), language) for i in CLASSIFIED}

    def get_flags(self, m: Measurement) -> list[str]:
        return m.flags.split()


def _category(indicator: Indicator, z: float | None, language: str) -> dict[str, str] | None:
    category = classify(indicator, z)
    if category is None:
        return None
    return {"slug": category.slug, "label": category.label(language), "tone": category.tone}


class MeasurementWriteSerializer(serializers.Serializer):  # type: ignore[misc]
    uuid = serializers.UUIDField()
    child = serializers.IntegerField(min_value=1)
    posyandu = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    measured_on = serializers.DateField(input_formats=["%Y-%m-%d"])
    weight_kg = _decimal_like("weight_kg", required=True)
    lenhei_cm = _decimal_like("lenhei_cm", required=True)
    position = serializers.ChoiceField(choices=["L", "H", "l", "h"])
    muac_cm = _decimal_like("muac_cm", required=False)
    head_cm = _decimal_like("head_cm", required=False)
    oedema = serializers.BooleanField(required=False, default=False)

    def validate_position(self, value: str) -> str:
        return value.lower()


class VisitSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    uuid = serializers.UUIDField(source="client_uuid", read_only=True, allow_null=True)

    class Meta:
        model = Visit
        fields = (
            "id",
            "uuid",
            "family",
            "team",
            "visited_on",
            "checked",
            "given",
            "referred_to",
            "next_visit_on",
        )


class VisitWriteSerializer(serializers.Serializer):  # type: ignore[misc]
    uuid = serializers.UUIDField()
    family = serializers.IntegerField(min_value=1)
    visited_on = serializers.DateField(input_formats=["%Y-%m-%d"])
    checked = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    given = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    referred_to = serializers.CharField(
        max_length=120, required=False, default="", allow_blank=True
    )
    next_visit_on = serializers.DateField(
        input_formats=["%Y-%m-%d"], required=False, allow_null=True, default=None
    )


class DeliverySerializer(serializers.ModelSerializer):  # type: ignore[misc]
    uuid = serializers.UUIDField(source="client_uuid", read_only=True, allow_null=True)

    class Meta:
        model = Delivery
        fields = ("id", "uuid", "intervention", "person", "family", "delivered_on", "note")


class DeliveryWriteSerializer(serializers.Serializer):  # type: ignore[misc]
    uuid = serializers.UUIDField()
    intervention = serializers.CharField(max_length=32)
    person = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    family = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    delivered_on = serializers.DateField(input_formats=["%Y-%m-%d"])
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs["person"] is None) == (attrs["family"] is None):
            raise serializers.ValidationError(
                {"person": [_person_or_family()], "family": [_person_or_family()]}
            )
        return attrs


def _person_or_family() -> str:
    return _("Give either a person or a family.")


class TeamSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = Team
        fields = (
            "id",
            "kind",
            "name",
            "region",
            "decree_number",
            "decree_date",
            "period_start",
            "period_end",
        )


class InterventionSerializer(serializers.Serializer):  # type: ignore[misc]
    code = serializers.CharField()
    name_id = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.CharField()
    office = serializers.CharField()
    unit = serializers.CharField()
