"""The scorecard of an area from the registry: who should receive what, and what they received.

Targets are the children under five, the people with an open sasaran role (ibu hamil, ibu
nifas, catin, remaja putri) and the families they belong to, within the user's scope and the
area; deliveries count from the last twelve months.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import polars as pl
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from tumbuh.accounts.scope import AnyUser, person_filter, subtree
from tumbuh.catalogue.selectors import catalogue_for
from tumbuh.convergence import Scorecard, build_scorecard
from tumbuh.convergence.catalogue import CATALOGUE, Intervention, Source, Unit
from tumbuh.convergence.targets import DELIVERY_SCHEMA, TARGET_SCHEMA, as_targets
from tumbuh.facts.models import ChildStatus
from tumbuh.facts.services import facts_flush
from tumbuh.growth.rules import BADUTA_BELOW_DAYS, DAYS_PER_MONTH
from tumbuh.interventions.models import Delivery
from tumbuh.measurements.models import MaternalMeasurement, Measurement
from tumbuh.measurements.selectors import latest_measurements, latest_since
from tumbuh.regions.models import Level, Region
from tumbuh.registry import rules
from tumbuh.registry.models import (
    Family,
    FamilyQuerySet,
    Person,
    PersonQuerySet,
    SasaranRole,
    at_risk_where,
)
from tumbuh.registry.selectors import person_list
from tumbuh.teams.models import Visit

DELIVERY_WINDOW_DAYS = 365
ADULT_ROLES = ("ibu_hamil", "ibu_nifas", "catin", "remaja_putri")

_CHILD_COLUMNS = {
    "pk": pl.Int64,
    "name": pl.String,
    "birth": pl.Date,
    "family": pl.Int64,
    "kelurahan": pl.String,
    "desil": pl.Int64,
    "measured_on": pl.Date,
    "zlen": pl.Float64,
    "zwei": pl.Float64,
    "zwfl": pl.Float64,
}
_ROLE_COLUMNS = {
    "pk": pl.Int64,
    "name": pl.String,
    "sasaran": pl.String,
    "family": pl.Int64,
    "kelurahan": pl.String,
    "desil": pl.Int64,
}
_MATERNAL_COLUMNS = {
    "pk": pl.Int64,
    "measured_on": pl.Date,
    "lila_cm": pl.Float64,
    "hb_g_dl": pl.Float64,
}
_FAMILY_COLUMNS = {
    "pk": pl.Int64,
    "name": pl.String,
    "kelurahan": pl.String,
    "desil": pl.Int64,
    "no_clean_water": pl.Boolean,
    "no_latrine": pl.Boolean,
    "at_risk": pl.Boolean,
}
_Z = ("zlen", "zwei", "zwfl")


@dataclass(frozen=True)
class Targets:
    """The target table and the same targets as queries (for subqueries, never id lists)."""

    frame: pl.DataFrame
    #: The persons among the targets (children under five, open adult sasaran roles).
    people: QuerySet[Person]
    #: Their families (the family targets).
    families: FamilyQuerySet
    #: The area they were found in (``targets_of``: every target's family lives there), by
    #: which their deliveries are read; None: by ``families``.
    region: Region | None = None


def measured_after(day: date) -> bool:
    """Whether any child's latest measurement is after ``day`` (never, for today): only then
    must a child's latest of that day be looked up in its measurements."""
    return ChildStatus.objects.filter(measured_on__gt=day).exists()


def _frame(rows: QuerySet[Any, Any], schema: dict[str, Any]) -> pl.DataFrame:
    """A ``values_list`` query as a frame, read straight from the cursor: no per-value
    conversion by Django (a date comes as text from SQLite and is parsed by polars, a decimal
    as a number), column by column."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # e.g. ``__in`` an empty list: no statement to run
        fetched = []
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
    columns = list(zip(*fetched, strict=True)) if fetched else [() for _ in schema]
    return pl.DataFrame(
        [
            _series(name, dtype, values)
            for (name, dtype), values in zip(schema.items(), columns, strict=True)
        ]
    )


def _series(name: str, dtype: Any, values: Sequence[object]) -> pl.Series:
    """One column; dates given as text (SQLite) are parsed, truth values given as 0 or 1
    (SQLite) made booleans, decimals (PostgreSQL) made floats."""
    first = next((value for value in values if value is not None), None)
    if dtype == pl.Date and isinstance(first, str):
        return pl.Series(name, values, dtype=pl.String).str.to_date("%Y-%m-%d")
    if dtype == pl.Boolean and isinstance(first, int) and not isinstance(first, bool):
        # a computed truth value (no declared type) comes from SQLite as 0 or 1
        return pl.Series(name, values, dtype=pl.Int8).cast(pl.Boolean)
    if isinstance(first, Decimal):
        values = [None if value is None else float(value) for value in values]  # type: ignore[arg-type]
    return pl.Series(name, values, dtype=dtype)


def _children(children: PersonQuerySet, today: date) -> pl.DataFrame:
    """The children under five with their latest z-scores of the last year (the one
    latest-measurement rule): the facts' ``ChildStatus`` answers for every child whose latest
    measurement is not after ``today``; the few others (a day in the past) seek theirs."""
    since = latest_since(today)
    frame = _frame(
        children.order_by().values_list(
            "pk",
            "name",
            "birth_date",
            "family_id",
            "family__kelurahan_id",
            "family__welfare_decile",
            "status__measured_on",
            "status__zlen",
            "status__zwei",
            "status__zwfl",
        ),
        _CHILD_COLUMNS,
    )
    later = pl.col("measured_on") > today
    current = pl.col("measured_on").is_between(since, today, closed="right")
    if frame.select(later.any()).item():
        sought = _frame(
            latest_measurements(
                measurements=Measurement.objects.filter(
                    child__in=children.filter(status__measured_on__gt=today).values("pk")
                ),
                on=today,
                since=since,
            ).values_list("child_id", *_Z),
            {"pk": pl.Int64} | {f"{z}_then": pl.Float64 for z in _Z},
        )
        frame = frame.join(sought, on="pk", how="left")
    else:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Float64).alias(f"{z}_then") for z in _Z)
    age_days = (pl.lit(today) - pl.col("birth")).dt.total_days()
    return frame.select(
        pl.format("p{}", "pk").alias("target_id"),
        pl.lit("person").alias("unit"),
        pl.format("f{}", "family").alias("family_id"),
        "kelurahan",
        "name",
        pl.when(age_days < BADUTA_BELOW_DAYS)
        .then(pl.lit("baduta"))
        .otherwise(pl.lit("balita"))
        .alias("sasaran"),
        (age_days / DAYS_PER_MONTH).alias("age_months"),
        *(
            pl.when(later)
            .then(pl.col(f"{z}_then"))
            .when(current)
            .then(pl.col(z))
            .otherwise(None)
            .alias(z)
            for z in _Z
        ),
        "desil",
    )


def _latest_maternal(women: QuerySet[Person], today: date) -> pl.DataFrame:
    """Each woman's latest LiLA and Hb of the last year (each from its own latest record)."""
    rows = _frame(
        MaternalMeasurement.objects.filter(
            person__in=women.values("pk"), measured_on__gt=latest_since(today)
        )
        .order_by("person_id", "measured_on")
        .values_list("person_id", "measured_on", "lila_cm", "hb_g_dl"),
        _MATERNAL_COLUMNS,
    )
    return rows.group_by("pk", maintain_order=True).agg(
        pl.col("lila_cm").drop_nulls().last(), pl.col("hb_g_dl").drop_nulls().last()
    )


def _women(open_roles: QuerySet[SasaranRole], today: date) -> pl.DataFrame:
    """The people with an open adult sasaran role, one row per role."""
    frame = _frame(
        open_roles.order_by().values_list(
            "person_id",
            "person__name",
            "role",
            "person__family_id",
            "person__family__kelurahan_id",
            "person__family__welfare_decile",
        ),
        _ROLE_COLUMNS,
    )
    maternal = _latest_maternal(Person.objects.filter(pk__in=open_roles.values("person_id")), today)
    return frame.join(maternal, on="pk", how="left", maintain_order="left").select(
        pl.format("p{}", "pk").alias("target_id"),
        pl.lit("person").alias("unit"),
        pl.format("f{}", "family").alias("family_id"),
        "kelurahan",
        "name",
        "sasaran",
        "lila_cm",
        "hb_g_dl",
        "desil",
    )


def _homes(families: FamilyQuerySet, today: date, *, risk: bool = True) -> pl.DataFrame:
    """The family targets; ``risk=False``: whether each is at risk is left unknown (null), for
    a catalogue none of whose rules asks (a kabupaten's Dinas Sosial file: 150 -> 135 ms)."""
    # whether each family is at risk, in the same statement: the families are found once
    flag = (
        ExpressionWrapper(at_risk_where(today), output_field=BooleanField())
        if risk
        else Value(None, output_field=BooleanField())
    )
    frame = _frame(
        families.order_by()
        .annotate(risk=flag)
        .values_list(
            "pk",
            "head_name",
            "kelurahan_id",
            "welfare_decile",
            "no_clean_water",
            "no_latrine",
            "risk",
        ),
        _FAMILY_COLUMNS,
    )
    return frame.select(
        pl.format("f{}", "pk").alias("target_id"),
        pl.lit("family").alias("unit"),
        pl.format("f{}", "pk").alias("family_id"),
        "kelurahan",
        "name",
        pl.lit("keluarga").alias("sasaran"),
        "desil",
        pl.col("at_risk").fill_null(value=False) if risk else pl.lit(None, pl.Boolean),
        (~pl.col("no_clean_water")).alias("water_safe"),
        (~pl.col("no_latrine")).alias("sanitation_safe"),
    )


#: The family target groups (``TARGET_GROUPS``) as filters of families, each selecting exactly
#: the families its ``applies_to`` holds for (tests/apps/test_interventions.py proves it): a
#: catalogue of family interventions reads only the families one of them can be due to. A
#: group not here ("keluarga_sasaran": every family) means every family is read.
FAMILY_GROUP_WHERE: dict[str, Callable[[date], Q]] = {
    "keluarga_berisiko": at_risk_where,
    "keluarga_tanpa_air": lambda _on: Q(**{rules.NO_CLEAN_WATER_FIELD: True}),
    "keluarga_tanpa_jamban": lambda _on: Q(**{rules.NO_LATRINE_FIELD: True}),
    "keluarga_desil_1_4": lambda _on: Q(welfare_decile__lte=4),
    "keluarga_desil_1_5": lambda _on: Q(welfare_decile__lte=5),
}


def asks_at_risk(item: Intervention) -> bool:
    """Whether the intervention's rule reads whether a family is at risk of stunting."""
    return "at_risk" in item.applies_to.meta.root_names()


def family_targets_where(catalogue: Sequence[Intervention], today: date) -> Q | None:
    """The families any of these family interventions can be due to on ``today``, as a filter;
    None when that is every family (or the catalogue has a person intervention)."""
    where: Q | None = None
    for item in catalogue:
        rule = FAMILY_GROUP_WHERE.get(item.target_group)
        if item.unit is not Unit.FAMILY or rule is None:
            return None
        where = rule(today) if where is None else where | rule(today)
    return where


def targets_among(
    people: PersonQuerySet,
    today: date,
    *,
    persons_too: bool = True,
    families_where: Q | None = None,
    region: Region | None = None,
    family_risk: bool = True,
) -> Targets:
    """The targets among ``people`` (a query: already scoped and limited to an area, the
    families' ``region`` when given);
    ``persons_too=False``: the family targets only in the table (for a catalogue of family
    interventions: a kabupaten's 100,000 children are not read), and with ``families_where``
    (``family_targets_where``) only the families it selects (the families a kabupaten's
    Dinas Sosial can owe something: desil 1-5, not all 100,000)."""
    facts_flush()
    roles = SasaranRole.objects.filter(role__in=ADULT_ROLES, start__lte=today).filter(
        Q(end__isnull=True) | Q(end__gte=today)
    )
    open_roles = roles.filter(person__in=people.values("pk"))
    under_five = people.under_five(on=today)
    persons = Person.objects.filter(
        Q(pk__in=under_five.values("pk")) | Q(pk__in=open_roles.values("person_id"))
    )
    families = Family.objects.filter(  # as ``persons``' families, in a form planned better
        Q(pk__in=under_five.values("family_id")) | Q(pk__in=open_roles.values("person__family_id"))
    )
    if region is not None and region.level == Level.KELURAHAN:
        # said again of the outer rows: a desa's are found by its index (PostgreSQL read every
        # family of the kabupaten: a desa's gap list 142 -> 110 ms); a larger area is most rows
        persons = persons.filter(in_area(region))
        families = families.filter(in_area(region, "kelurahan__code"))
    if not persons_too and families_where is not None:
        families = families.filter(families_where)
    homes = _homes(families, today, risk=family_risk)
    parts = (
        (_children(under_five, today), _women(open_roles, today), homes)
        if persons_too
        else (homes,)
    )
    frame = pl.concat([as_targets(part).select(*TARGET_SCHEMA) for part in parts])
    return Targets(frame, persons, families, region)


def targets_of(
    *,
    user: AnyUser,
    region: Region,
    today: date,
    persons_too: bool = True,
    families_where: Q | None = None,
    family_risk: bool = True,
) -> Targets:
    """The area's targets the user may see, as a table and as queries (``targets_among``)."""
    if region.level == Level.KELURAHAN:
        scoped = Person.objects.filter(person_filter(user))
        people = unmerged(scoped).filter(in_area(region))
    else:
        people = person_list(user=user).filter(in_area(region))
    return targets_among(
        people,
        today,
        persons_too=persons_too,
        families_where=families_where,
        region=region,
        family_risk=family_risk,
    )


def unmerged(people: PersonQuerySet) -> PersonQuerySet:
    """People not merged into another record (``person_list``'s rule), written so that a
    database without statistics (SQLite after a build) reaches a desa/kelurahan's people
    through the index of their families' kelurahan, not through the index of merged records,
    which nearly every person matches (0.8 s instead of 0.25 s for a kelurahan's scorecard)."""
    return people.alias(merged=Coalesce("merged_into_id", 0)).filter(merged=0)


def in_area(region: Region, field: str = "family__kelurahan__code") -> Q:
    """People whose family lives in ``region`` (a desa/kelurahan by its code alone, which an
    index finds; a larger area by its subtree)."""
    if region.level == Level.KELURAHAN:
        return Q(**{field: region.code})
    return subtree(field, region.code)


def targets_frame(*, user: AnyUser, region: Region, today: date) -> pl.DataFrame:
    """The scorecard's target table (``tumbuh.convergence.targets``) for an area."""
    return targets_of(user=user, region=region, today=today).frame


def _since(item: Intervention, today: date) -> date:
    return today - timedelta(days=item.window_days or DELIVERY_WINDOW_DAYS)


def _routine(
    item: Intervention, people: QuerySet[Person], families: QuerySet[Family], today: date
) -> list[str]:
    """The targets a routine activity satisfied ``item`` for (catalogue ``satisfied_by``):
    any measurement of the child, a TPK visit to the family, within the item's window."""
    since = _since(item, today)
    if item.satisfied_by is Source.MEASUREMENT:
        # The latest measurement (the facts) lies in the window iff any does, unless it is
        # after ``today``: those few children are looked up in their measurements.
        facts_flush()
        measured = set(
            people.filter(status__measured_on__gt=since, status__measured_on__lte=today)
            .order_by()
            .values_list("pk", flat=True)
        )
        if not measured_after(today):
            return [f"p{pk}" for pk in sorted(measured)]
        later = people.filter(status__measured_on__gt=today)
        measured.update(
            Measurement.objects.filter(
                child__in=later.values("pk"),
                measured_on__gt=since,
                measured_on__lte=today,
            )
            .order_by()
            .values_list("child_id", flat=True)
            .distinct()
        )
        return [f"p{pk}" for pk in sorted(measured)]
    if item.satisfied_by is Source.VISIT:
        visited = Visit.objects.filter(
            family__in=families.values("pk"), visited_on__gt=since, visited_on__lte=today
        )
        return [
            f"f{pk}" for pk in visited.order_by().values_list("family_id", flat=True).distinct()
        ]
    return []


def deliveries_frame(
    *,
    people: QuerySet[Person],
    families: QuerySet[Family],
    today: date,
    catalogue: tuple[Intervention, ...] = CATALOGUE,
    region: Region | None = None,
) -> pl.DataFrame:
    """What the targets (``people`` and ``families``, queries of ``Targets``) received:
    recorded deliveries of the last twelve months, each within its item's window, and the
    routine activities that count by themselves (measurements, TPK visits; see the
    catalogue). ``region``: the targets' area, where all their families live."""
    since = today - timedelta(days=DELIVERY_WINDOW_DAYS)
    recent = Delivery.objects.filter(
        delivered_on__gt=since,
        delivered_on__lte=today,
        intervention__in=[item.code for item in catalogue],  # no other can count
    )
    # to the target families or their members (a member who is no target is matched to
    # nothing by the scorecard): the families are read once, not every target person (a
    # kabupaten's 100,000 children: 0.32 -> 0.16 s on SQLite); or, knowing the area, the
    # deliveries to families living there: the area's deliveries of the window, not its
    # families, are read (0.14 s -> 0.01 s for a kabupaten's Dinas Sosial on SQLite)
    to_targets: QuerySet[Delivery, Any]
    if region is None:
        to_targets = recent.alias(home=Coalesce("family_id", "person__family_id")).filter(
            home__in=families.values("pk")
        )
    else:
        to_targets = recent.alias(
            home_kelurahan=Coalesce("family__kelurahan_id", "person__family__kelurahan_id")
        ).filter(in_area(region, "home_kelurahan"))
    rows = _frame(
        to_targets.order_by().values_list("person_id", "family_id", "intervention", "delivered_on"),
        {
            "person": pl.Int64,
            "family": pl.Int64,
            "intervention": pl.String,
            "delivered_on": pl.Date,
        },
    )
    windows = pl.DataFrame(
        {
            "intervention": [item.code for item in catalogue],
            "since": [_since(item, today) for item in catalogue],
        },
        schema={"intervention": pl.String, "since": pl.Date},
    )
    recorded = (
        rows.join(windows, on="intervention", how="left")
        .filter(pl.col("since").is_null() | (pl.col("delivered_on") > pl.col("since")))
        .select(
            pl.when(pl.col("person").is_not_null())
            .then(pl.format("p{}", "person"))
            .otherwise(pl.format("f{}", "family"))
            .alias("target_id"),
            "intervention",
        )
    )
    routine = [
        pl.DataFrame(
            {"target_id": _routine(item, people, families, today), "intervention": item.code},
            schema=DELIVERY_SCHEMA,
        )
        for item in catalogue
        if item.satisfied_by is not Source.DELIVERY
    ]
    return pl.concat([recorded, *routine], how="vertical")


def scorecard_for(
    *, user: AnyUser, region: Region, today: date, office: str | None = None
) -> Scorecard:
    """The area's scorecard on ``today``, by the region's catalogue in force that day (only
    ``office``'s interventions when given); the caller has checked the user may see
    ``region``."""
    catalogue = catalogue_for(region, today)
    if office is not None:
        catalogue = tuple(item for item in catalogue if item.office.value == office)
    persons_too = any(item.unit is not Unit.FAMILY for item in catalogue)
    targets = targets_of(
        user=user,
        region=region,
        today=today,
        persons_too=persons_too,
        families_where=family_targets_where(catalogue, today),
        # whether a family is at risk is read only if one of the rules asks for it
        family_risk=any(asks_at_risk(item) for item in catalogue),
    )
    return scorecard_of(targets, today, catalogue)


def scorecard_of(
    targets: Targets, today: date, catalogue: tuple[Intervention, ...] = CATALOGUE
) -> Scorecard:
    """The scorecard of these targets on ``today`` by ``catalogue``."""
    received = deliveries_frame(
        people=targets.people,
        families=targets.families,
        today=today,
        catalogue=catalogue,
        region=targets.region,
    )
    return build_scorecard(targets.frame, received, catalogue=catalogue)
