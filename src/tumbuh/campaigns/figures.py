"""A campaign's figures: registered children (sasaran), children measured (diukur), coverage,
prevalence with CIs and the data-quality grade, by posyandu, kelurahan and kecamatan.

Sasaran: children under five on the first day (the registry's rule), registered at a posyandu of
the area. Diukur: those of them with a measurement in the period. Prevalence: each measured
child's latest measurement in the period, through the survey engine. Areas are those of the
child's posyandu. ``people`` decides whose children count: a user's scope, or everyone (for the
public page, which shows aggregates only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import FloatField, QuerySet
from django.db.models.functions import Cast

from tumbuh.accounts.scope import subtree
from tumbuh.campaigns.statistics import (
    EVERYONE,
    KECAMATAN,
    KECAMATAN_CODE_WIDTH,
    KELURAHAN,
    NO_ESTIMATES,
    Estimates,
    campaign_estimates,
)
from tumbuh.dashboard.statistics import LatestRow
from tumbuh.growth.categories import STUNTED_BELOW, UNDERWEIGHT_BELOW, WASTED_BELOW
from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Level, Posyandu, Region
from tumbuh.registry.models import Person, PersonQuerySet

#: Below this z-score: stunted (length/height-for-age), wasted (weight-for-length/height),
#: underweight (weight-for-age). Permenkes 2/2020 and WHO.
POSYANDU = "posyandu"


@dataclass(frozen=True)
class Area:
    """One posyandu, kelurahan or kecamatan of a campaign (or the whole area)."""

    key: str  # region code, or the posyandu id as text
    name: str
    parent: str  # the kecamatan of a kelurahan, the kelurahan of a posyandu
    sasaran: int
    diukur: int
    estimates: Estimates = NO_ESTIMATES

    @property
    def cakupan(self) -> float | None:
        """Coverage: children measured among those registered, percent."""
        return None if self.sasaran == 0 else round(100.0 * self.diukur / self.sasaran, 1)


@dataclass(frozen=True)
class Change:
    """Children measured in this campaign and the one before (the same children): percent
    stunted, wasted and underweight then and now."""

    key: str
    name: str
    paired: int
    before: tuple[float | None, float | None, float | None]
    after: tuple[float | None, float | None, float | None]

    @property
    def stunting_change(self) -> float | None:
        if self.before[0] is None or self.after[0] is None:
            return None
        return round(self.after[0] - self.before[0], 1)


@dataclass
class Figures:
    region: Region
    start: date
    end: date
    total: Area
    kecamatan: list[Area] = field(default_factory=list)
    kelurahan: list[Area] = field(default_factory=list)
    posyandu: list[Area] = field(default_factory=list)
    #: The children counted and each measured child's latest measurement (for the change).
    registered: _Registered | None = field(default=None, repr=False)
    measured: dict[int, _Latest] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class _Latest:
    child: int
    kelurahan: str
    row: LatestRow
    z: tuple[float | None, float | None, float | None]  # zlen zwfl zwei, None if flagged


@dataclass(frozen=True)
class _Registered:
    """The children registered in the area: child -> (posyandu, kelurahan code, sex)."""

    children: QuerySet[Person]
    where: dict[int, tuple[int, str, int]]


def _registered(people: PersonQuerySet, kelurahan_of: dict[int, str], on: date) -> _Registered:
    children = people.under_five(on=on).filter(posyandu_id__in=list(kelurahan_of)).order_by()
    return _Registered(
        children,
        {
            pk: (posyandu, kelurahan_of[posyandu], sex)
            for pk, posyandu, sex in children.values_list("pk", "posyandu_id", "sex")
        },
    )


def _latest(registered: _Registered, start: date, end: date) -> dict[int, _Latest]:
    """Each registered child's latest measurement in the period (in date order, the last one
    wins; one measurement per child and day)."""
    rows = (
        Measurement.objects.filter(
            child_id__in=registered.children.values("pk"),
            measured_on__gte=start,
            measured_on__lte=end,
        )
        .order_by("measured_on")
        .annotate(weight=Cast("weight_kg", FloatField()), length=Cast("lenhei_cm", FloatField()))
        .values_list(
            "child_id",
            "age_days",
            "weight",
            "length",
            "position",
            "oedema",
            "zlen",
            "zwei",
            "zwfl",
            "zbmi",
            "flags",
        )
    )
    return {row[0]: _latest_row(row, registered.where[row[0]]) for row in rows}


def _latest_row(row: tuple[Any, ...], where: tuple[int, str, int]) -> _Latest:
    child, age, weight, length, position, oedema, zlen, zwei, zwfl, zbmi, flags = row
    _posyandu, kelurahan, sex = where
    flagged = set(flags.split())

    def kept(name: str, z: float | None) -> float | None:
        return None if name in flagged else z

    return _Latest(
        child=child,
        kelurahan=kelurahan,
        row=LatestRow(
            area=kelurahan,
            sex=sex,
            age_days=age,
            weight=weight,
            lenhei=length,
            position=position,
            oedema=oedema,
            z=(zlen, zwei, zwfl, zbmi),
            flags=flags,
        ),
        z=(kept("zlen", zlen), kept("zwfl", zwfl), kept("zwei", zwei)),
    )


def _places(region: Region) -> list[tuple[int, str, str]]:
    """The posyandu of the area: (id, name, kelurahan code)."""
    return list(
        Posyandu.objects.filter(subtree("kelurahan__code", region.code))
        .order_by("kelurahan_id", "name")
        .values_list("pk", "name", "kelurahan_id")
    )


def _counts(
    registered: _Registered, latest: dict[int, _Latest]
) -> dict[tuple[str, str], tuple[int, int]]:
    """(grouping, key) -> (sasaran, diukur) for everyone, kecamatan, kelurahan and posyandu."""
    counts: dict[tuple[str, str], list[int]] = {}
    for child, (posyandu, kelurahan, _sex) in registered.where.items():
        for key in (
            (EVERYONE, EVERYONE),
            (KECAMATAN, kelurahan[:KECAMATAN_CODE_WIDTH]),
            (KELURAHAN, kelurahan),
            (POSYANDU, str(posyandu)),
        ):
            entry = counts.setdefault(key, [0, 0])
            entry[0] += 1
            entry[1] += child in latest
    return {key: (sas, diu) for key, (sas, diu) in counts.items()}


def campaign_figures(
    *,
    people: PersonQuerySet,
    region: Region,
    start: date,
    end: date,
    language: str,
    by_area: bool = True,
) -> Figures:
    """Coverage and prevalence of a period in an area, counted among ``people``.
    ``by_area=False``: the whole area's prevalence only (no kecamatan/kelurahan estimates)."""
    places = _places(region)
    kelurahan_of = {pk: kelurahan for pk, _name, kelurahan in places}
    registered = _registered(people, kelurahan_of, start)
    latest = _latest(registered, start, end)
    estimates = campaign_estimates(
        [m.row for m in latest.values()], language=language, by_area=by_area
    )
    regions = Region.objects.filter(subtree("code", region.code)).order_by("code")
    names = dict(regions.values_list("code", "name"))
    counts = _counts(registered, latest)

    def area(grouping: str, key: str, name: str, parent: str) -> Area:
        return Area(
            key,
            name,
            parent,
            *counts.get((grouping, key), (0, 0)),
            estimates.get((grouping, key), NO_ESTIMATES),
        )

    kelurahan = list(regions.filter(level=Level.KELURAHAN).values_list("code", flat=True))
    kecamatan = sorted({code[:KECAMATAN_CODE_WIDTH] for code in kelurahan})
    return Figures(
        region=region,
        start=start,
        end=end,
        registered=registered,
        measured=latest,
        total=area(EVERYONE, EVERYONE, region.name, ""),
        kecamatan=[area(KECAMATAN, code, names.get(code, code), region.name) for code in kecamatan],
        kelurahan=[
            area(KELURAHAN, code, names[code], names.get(code[:KECAMATAN_CODE_WIDTH], ""))
            for code in kelurahan
        ],
        posyandu=[area(POSYANDU, str(pk), name, names.get(kel, kel)) for pk, name, kel in places],
    )


def paired_change(*, figures: Figures, before: tuple[date, date]) -> list[Change]:
    """The same children in an earlier period: percent below -2 SD then and now, for the whole
    area and each kelurahan (by the child's posyandu now)."""
    if figures.registered is None:
        return []
    now = figures.measured
    then = {child: m for child, m in _latest(figures.registered, *before).items() if child in now}
    groups: dict[str, list[int]] = {EVERYONE: []}
    for child in then:
        groups[EVERYONE].append(child)
        groups.setdefault(now[child].kelurahan, []).append(child)
    names = {EVERYONE: figures.region.name} | {a.key: a.name for a in figures.kelurahan}
    return [
        Change(
            key,
            names.get(key, key),
            len(groups.get(key, [])),
            _percents([then[c].z for c in groups.get(key, [])]),
            _percents([now[c].z for c in groups.get(key, [])]),
        )
        for key in [EVERYONE, *(a.key for a in figures.kelurahan)]
    ]


def _percents(
    scores: list[tuple[float | None, float | None, float | None]],
) -> tuple[float | None, float | None, float | None]:
    """Percent of children stunted, wasted and underweight (the z-scores in that order; flagged
    values left out), by the Permenkes cut-offs."""
    result = []
    for index, cut in enumerate((STUNTED_BELOW, WASTED_BELOW, UNDERWEIGHT_BELOW)):
        values = [z[index] for z in scores if z[index] is not None]
        below = sum(1 for v in values if v is not None and v < cut)
        result.append(round(100.0 * below / len(values), 1) if values else None)
    return (result[0], result[1], result[2])
