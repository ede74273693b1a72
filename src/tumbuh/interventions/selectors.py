"""The scorecard of an area from the registry: who should receive what, and what they received.

Targets are the children under five, the people with an open sasaran role (ibu hamil, ibu
nifas, catin, remaja putri) and the families they belong to, within the user's scope and the
area; deliveries count from the last twelve months.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from django.db.models import Q

from tumbuh.accounts.scope import AnyUser, region_filter, subtree
from tumbuh.catalogue.selectors import catalogue_for
from tumbuh.convergence import Scorecard, build_scorecard
from tumbuh.convergence.catalogue import CATALOGUE, Intervention, Source, by_code
from tumbuh.convergence.targets import TARGET_SCHEMA
from tumbuh.growth.rules import DAYS_PER_MONTH, is_baduta
from tumbuh.interventions.models import Delivery
from tumbuh.measurements.models import MaternalMeasurement, Measurement
from tumbuh.measurements.selectors import latest_measurements, latest_since
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family, PersonQuerySet, SasaranRole
from tumbuh.registry.selectors import person_list
from tumbuh.teams.models import Visit

DELIVERY_WINDOW_DAYS = 365
ADULT_ROLES = ("ibu_hamil", "ibu_nifas", "catin", "remaja_putri")


def _latest_z(children: PersonQuerySet, today: date) -> dict[int, tuple[float | None, ...]]:
    """Each child's latest zlen, zwei and zwfl (the one latest-measurement rule)."""
    rows = latest_measurements(
        measurements=Measurement.objects.filter(child__in=children.values("pk")),
        on=today,
        since=latest_since(today),
    ).values_list("child_id", "zlen", "zwei", "zwfl")
    return {row[0]: row[1:] for row in rows}


def _latest_maternal(
    people: list[int], today: date
) -> dict[int, tuple[float | None, float | None]]:
    """Each woman's latest LiLA and Hb of the last year (each from its own latest record)."""
    latest: dict[int, list[float | None]] = {}
    rows = (
        MaternalMeasurement.objects.filter(
            person_id__in=people, measured_on__gt=latest_since(today)
        )
        .order_by("person_id", "measured_on")
        .values_list("person_id", "lila_cm", "hb_g_dl")
    )
    for person, lila, hb in rows:
        values = latest.setdefault(person, [None, None])
        if lila is not None:
            values[0] = float(lila)
        if hb is not None:
            values[1] = float(hb)
    return {k: (v[0], v[1]) for k, v in latest.items()}


def targets_frame(*, user: AnyUser, region: Region, today: date) -> pl.DataFrame:
    """The scorecard's target table (``tumbuh.convergence.targets``) for an area."""
    in_area = subtree("family__kelurahan__code", region.code)
    people = person_list(user=user).filter(in_area)
    under_five = people.under_five(on=today)
    children = list(
        under_five.values_list(
            "pk",
            "name",
            "birth_date",
            "family_id",
            "family__kelurahan_id",
            "family__welfare_decile",
        )
    )
    z = _latest_z(under_five, today)
    rows: list[dict[str, object]] = []
    for pk, name, birth, family, kelurahan, desil in children:
        months = (today - birth).days / DAYS_PER_MONTH
        zlen, zwei, zwfl = z.get(pk, (None, None, None))
        rows.append(
            {
                "target_id": f"p{pk}",
                "unit": "person",
                "family_id": f"f{family}",
                "kelurahan": kelurahan,
                "name": name,
                "sasaran": "baduta" if is_baduta((today - birth).days) else "balita",
                "age_months": months,
                "zlen": zlen,
                "zwei": zwei,
                "zwfl": zwfl,
                "desil": desil,
            }
        )
    open_roles = (
        SasaranRole.objects.filter(role__in=ADULT_ROLES, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .filter(person__in=people)
        .values_list(
            "person_id",
            "person__name",
            "role",
            "person__family_id",
            "person__family__kelurahan_id",
            "person__family__welfare_decile",
        )
    )
    role_rows = list(open_roles)
    maternal = _latest_maternal([r[0] for r in role_rows], today)
    for pk, name, role, family, kelurahan, desil in role_rows:
        lila, hb = maternal.get(pk, (None, None))
        rows.append(
            {
                "target_id": f"p{pk}",
                "unit": "person",
                "family_id": f"f{family}",
                "kelurahan": kelurahan,
                "name": name,
                "sasaran": role,
                "lila_cm": lila,
                "hb_g_dl": hb,
                "desil": desil,
            }
        )
    family_ids = {int(str(r["family_id"])[1:]) for r in rows}
    families = Family.objects.filter(pk__in=family_ids).filter(
        region_filter(user, "kelurahan__code") | Q(pk__in=people.values("family_id"))
    )
    at_risk = set(families.at_risk(on=today).values_list("pk", flat=True))
    for home in families.values(
        "pk",
        "head_name",
        "kelurahan_id",
        "welfare_decile",
        "no_clean_water",
        "no_latrine",
    ):
        rows.append(
            {
                "target_id": f"f{home['pk']}",
                "unit": "family",
                "family_id": f"f{home['pk']}",
                "kelurahan": home["kelurahan_id"],
                "name": home["head_name"],
                "sasaran": "keluarga",
                "desil": home["welfare_decile"],
                "at_risk": home["pk"] in at_risk,
                "water_safe": not home["no_clean_water"],
                "sanitation_safe": not home["no_latrine"],
            }
        )
    if not rows:
        return pl.DataFrame(schema=TARGET_SCHEMA)
    return pl.DataFrame(rows, infer_schema_length=None)


def _since(item: Intervention, today: date) -> date:
    return today - timedelta(days=item.window_days or DELIVERY_WINDOW_DAYS)


def _routine(item: Intervention, people: list[int], families: list[int], today: date) -> list[str]:
    """The targets a routine activity satisfied ``item`` for (catalogue ``satisfied_by``):
    any measurement of the child, a TPK visit to the family, within the item's window."""
    window = {"gt": _since(item, today), "lte": today}
    if item.satisfied_by is Source.MEASUREMENT:
        measured = Measurement.objects.filter(
            child_id__in=people,
            measured_on__gt=window["gt"],
            measured_on__lte=window["lte"],
        )
        return [
            f"p{pk}" for pk in measured.order_by().values_list("child_id", flat=True).distinct()
        ]
    if item.satisfied_by is Source.VISIT:
        visited = Visit.objects.filter(
            family_id__in=families,
            visited_on__gt=window["gt"],
            visited_on__lte=window["lte"],
        )
        return [
            f"f{pk}" for pk in visited.order_by().values_list("family_id", flat=True).distinct()
        ]
    return []


def deliveries_frame(
    *,
    targets: pl.DataFrame,
    today: date,
    catalogue: tuple[Intervention, ...] = CATALOGUE,
) -> pl.DataFrame:
    """What the targets received: recorded deliveries of the last twelve months, and the routine
    activities that count by themselves (measurements, TPK visits; see the catalogue)."""
    ids = targets["target_id"].to_list() if targets.height else []
    people = [int(t[1:]) for t in ids if t.startswith("p")]
    families = [int(t[1:]) for t in ids if t.startswith("f")]
    since = today - timedelta(days=DELIVERY_WINDOW_DAYS)
    rows = (
        Delivery.objects.filter(
            delivered_on__gt=since,
            delivered_on__lte=today,
            intervention__in=[item.code for item in catalogue],  # no other can count
        )
        .filter(Q(person_id__in=people) | Q(family_id__in=families))
        .values_list("person_id", "family_id", "intervention", "delivered_on")
    )
    items = by_code(catalogue)
    received = [
        (f"p{p}" if p else f"f{f}", i)
        for p, f, i, on in rows
        if i not in items or on > _since(items[i], today)  # an item's own window
    ]
    for item in catalogue:
        if item.satisfied_by is not Source.DELIVERY and ids:
            received.extend((t, item.code) for t in _routine(item, people, families, today))
    return pl.DataFrame(
        {
            "target_id": [t for t, _ in received],
            "intervention": [i for _, i in received],
        },
        schema={"target_id": pl.String, "intervention": pl.String},
    )


def scorecard_for(
    *, user: AnyUser, region: Region, today: date, office: str | None = None
) -> Scorecard:
    """The area's scorecard on ``today``, by the region's catalogue in force that day (only
    ``office``'s interventions when given); the caller has checked the user may see
    ``region``."""
    catalogue = catalogue_for(region, today)
    if office is not None:
        catalogue = tuple(item for item in catalogue if item.office.value == office)
    targets = targets_frame(user=user, region=region, today=today)
    return build_scorecard(
        targets,
        deliveries_frame(targets=targets, today=today, catalogue=catalogue),
        catalogue=catalogue,
    )
