"""The scorecard of an area from the registry: who should receive what, and what they received.

Targets are the children under five, the people with an open sasaran role (ibu hamil, ibu
nifas, catin, remaja putri) and the families they belong to, within the user's scope and the
area; deliveries count from the last twelve months.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import polars as pl
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from tumbuh.accounts.scope import AnyUser, region_filter, subtree
from tumbuh.convergence import Scorecard, build_scorecard
from tumbuh.convergence.targets import TARGET_SCHEMA
from tumbuh.growth.rules import DAYS_PER_MONTH
from tumbuh.interventions.models import Delivery
from tumbuh.measurements.models import MaternalMeasurement, Measurement
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family, Person, SasaranRole
from tumbuh.registry.selectors import person_list

UNDER_FIVE_DAYS = 1826
BADUTA_MONTHS = 24
DELIVERY_WINDOW_DAYS = 365
MEASUREMENT_WINDOW_DAYS = 365
ADULT_ROLES = ("ibu_hamil", "ibu_nifas", "catin", "remaja_putri")


def _latest_z(children: list[int], today: date) -> dict[int, tuple[float | None, ...]]:
    newest = Window(
        RowNumber(),
        partition_by=[F("child_id")],
        order_by=[F("measured_on").desc(), F("pk").desc()],
    )
    rows = (
        Measurement.objects.filter(
            child_id__in=children, measured_on__gt=today - timedelta(days=MEASUREMENT_WINDOW_DAYS)
        )
        .annotate(newest=newest)
        .filter(newest=1)
        .values_list("child_id", "zlen", "zwei", "zwfl")
    )
    return {row[0]: row[1:] for row in rows}


def _latest_maternal(
    people: list[int], today: date
) -> dict[int, tuple[float | None, float | None]]:
    """Each woman's latest LiLA and Hb of the last year (each from its own latest record)."""
    latest: dict[int, list[float | None]] = {}
    rows = (
        MaternalMeasurement.objects.filter(
            person_id__in=people, measured_on__gt=today - timedelta(days=MEASUREMENT_WINDOW_DAYS)
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


#: 4T (BKKBN): mother too young (< 20), too old (>= 35), births too close (< 2 years), too many
#: (more than 3 children).
FOUR_T_YOUNGEST, FOUR_T_OLDEST, FOUR_T_INTERVAL_DAYS, FOUR_T_MOST_CHILDREN = 20, 35, 730, 3


def four_t_families(family_ids: set[int], today: date) -> set[int]:
    """Families whose mother meets a 4T criterion, from the registry's birth dates."""
    mothers: dict[int, tuple[int, date]] = {}
    births: dict[int, list[date]] = {}
    children = Person.objects.filter(family_id__in=family_ids, mother__isnull=False).values_list(
        "mother_id", "mother__family_id", "mother__birth_date", "birth_date"
    )
    for mother, family, mother_born, born in children:
        mothers[mother] = (family, mother_born)
        births.setdefault(mother, []).append(born)
    flagged = set()
    for mother, (family, mother_born) in mothers.items():
        dates = sorted(births[mother])
        age = (today - mother_born).days / 365.25
        close = any((b - a).days < FOUR_T_INTERVAL_DAYS for a, b in itertools.pairwise(dates))
        if (
            age < FOUR_T_YOUNGEST
            or age >= FOUR_T_OLDEST
            or close
            or len(dates) > FOUR_T_MOST_CHILDREN
        ):
            flagged.add(family)
    return flagged


def targets_frame(*, user: AnyUser, region: Region, today: date) -> pl.DataFrame:
    """The scorecard's target table (``tumbuh.convergence.targets``) for an area."""
    in_area = subtree("family__kelurahan__code", region.code)
    people = person_list(user=user).filter(in_area)
    children = list(
        people.filter(
            birth_date__gt=today - timedelta(days=UNDER_FIVE_DAYS), birth_date__lte=today
        ).values_list("pk", "name", "birth_date", "family_id", "family__kelurahan_id")
    )
    z = _latest_z([c[0] for c in children], today)
    rows: list[dict[str, object]] = []
    for pk, name, birth, family, kelurahan in children:
        months = (today - birth).days / DAYS_PER_MONTH
        zlen, zwei, zwfl = z.get(pk, (None, None, None))
        rows.append(
            {
                "target_id": f"p{pk}",
                "unit": "person",
                "family_id": f"f{family}",
                "kelurahan": kelurahan,
                "name": name,
                "sasaran": "baduta" if months < BADUTA_MONTHS else "balita",
                "age_months": months,
                "zlen": zlen,
                "zwei": zwei,
                "zwfl": zwfl,
            }
        )
    open_roles = (
        SasaranRole.objects.filter(role__in=ADULT_ROLES, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .filter(person__in=people)
        .values_list(
            "person_id", "person__name", "role", "person__family_id", "person__family__kelurahan_id"
        )
    )
    role_rows = list(open_roles)
    maternal = _latest_maternal([r[0] for r in role_rows], today)
    for pk, name, role, family, kelurahan in role_rows:
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
            }
        )
    family_ids = {int(str(r["family_id"])[1:]) for r in rows}
    four_t = four_t_families(family_ids, today)
    families = Family.objects.filter(pk__in=family_ids).filter(
        region_filter(user, "kelurahan__code") | Q(pk__in=people.values("family_id"))
    )
    for home in families.values(
        "pk",
        "head_name",
        "kelurahan_id",
        "welfare_decile",
        "no_clean_water",
        "no_latrine",
        "smoker_in_house",
    ):
        risk = (
            home["no_clean_water"]
            or home["no_latrine"]
            or home["smoker_in_house"]
            or home["pk"] in four_t
        )
        rows.append(
            {
                "target_id": f"f{home['pk']}",
                "unit": "family",
                "family_id": f"f{home['pk']}",
                "kelurahan": home["kelurahan_id"],
                "name": home["head_name"],
                "sasaran": "keluarga",
                "desil": home["welfare_decile"],
                "at_risk": risk,
                "water_safe": not home["no_clean_water"],
                "sanitation_safe": not home["no_latrine"],
            }
        )
    if not rows:
        return pl.DataFrame(schema=TARGET_SCHEMA)
    return pl.DataFrame(rows, infer_schema_length=None)


def deliveries_frame(*, targets: pl.DataFrame, today: date) -> pl.DataFrame:
    ids = targets["target_id"].to_list() if targets.height else []
    people = [int(t[1:]) for t in ids if t.startswith("p")]
    families = [int(t[1:]) for t in ids if t.startswith("f")]
    since = today - timedelta(days=DELIVERY_WINDOW_DAYS)
    rows = (
        Delivery.objects.filter(delivered_on__gt=since, delivered_on__lte=today)
        .filter(Q(person_id__in=people) | Q(family_id__in=families))
        .values_list("person_id", "family_id", "intervention")
    )
    return pl.DataFrame(
        {
            "target_id": [f"p{p}" if p else f"f{f}" for p, f, _ in rows],
            "intervention": [i for _, _, i in rows],
        },
        schema={"target_id": pl.String, "intervention": pl.String},
    )


def scorecard_for(*, user: AnyUser, region: Region, today: date) -> Scorecard:
    """The area's scorecard; the caller has checked the user may see ``region``."""
    targets = targets_frame(user=user, region=region, today=today)
    return build_scorecard(targets, deliveries_frame(targets=targets, today=today))
