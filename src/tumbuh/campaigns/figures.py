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

import numpy as np
import numpy.typing as npt
from django.db import connection
from django.db.models import FilteredRelation, FloatField, Q, QuerySet
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
from tumbuh.dashboard.statistics import Z_NAMES, LatestColumns, flagged_columns
from tumbuh.growth.categories import STUNTED_BELOW, UNDERWEIGHT_BELOW, WASTED_BELOW
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


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class Measured:
    """Each measured child's latest measurement in the period, one entry per child in id
    order; ``latest.area`` is the kelurahan of the child's posyandu."""

    child: npt.NDArray[np.int64]
    posyandu: npt.NDArray[np.int64]
    latest: LatestColumns

    def __len__(self) -> int:
        return int(self.child.size)

    @property
    def kelurahan(self) -> npt.NDArray[np.object_]:
        return self.latest.area

    def kept(self, name: str) -> npt.NDArray[np.float64]:
        """The z-score ``name`` (zlen, zwei, zwfl, zbmi), NaN where missing or flagged."""
        return np.where(self.latest.flagged[name], np.nan, self.latest.z[name])


@dataclass
class Figures:
    region: Region
    start: date
    end: date
    total: Area
    kecamatan: list[Area] = field(default_factory=list)
    kelurahan: list[Area] = field(default_factory=list)
    posyandu: list[Area] = field(default_factory=list)
    #: The children counted (with their posyandu's kelurahan) and each measured child's latest
    #: measurement (for the change).
    registered: PersonQuerySet | None = field(default=None, repr=False, compare=False)
    kelurahan_of: dict[int, str] = field(default_factory=dict, repr=False, compare=False)
    measured: Measured | None = field(default=None, repr=False, compare=False)


def _registered(people: PersonQuerySet, kelurahan_of: dict[int, str], on: date) -> PersonQuerySet:
    """The children under five on ``on`` registered at a posyandu of the area."""
    return people.under_five(on=on).filter(posyandu_id__in=list(kelurahan_of)).order_by()


#: What the figures read of each registered child and its measurements of the period.
_PERIOD_COLUMNS = (
    "pk",
    "posyandu_id",
    "sex",
    "m__age_days",
    "weight",
    "length",
    "m__position",
    "m__oedema",
    "m__zlen",
    "m__zwei",
    "m__zwfl",
    "m__zbmi",
    "m__flags",
)


def _fetch(query: QuerySet[Any], columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The rows of ``query.values_list(*columns)`` straight from the cursor (no per-value
    conversion)."""
    sql, params = query.values_list(*columns).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _period_query(registered: PersonQuerySet, start: date, end: date) -> QuerySet[Person]:
    """Every registered child with each of its measurements in the period as ``m`` (a child
    measured in none: one row without a measurement), in child and date order."""
    in_period = Q(measurements__measured_on__gte=start, measurements__measured_on__lte=end)
    return (
        Person.objects.filter(pk__in=registered.values("pk"))
        .annotate(m=FilteredRelation("measurements", condition=in_period))
        .order_by("pk", "m__measured_on")
    )


def _last_of_each(child: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """The last row of each child in child and date order: its latest measurement (one
    measurement per child and day)."""
    last = np.ones(child.size, dtype=bool)
    last[:-1] = child[1:] != child[:-1]
    return last


def _read(
    registered: PersonQuerySet, kelurahan_of: dict[int, str], start: date, end: date
) -> tuple[npt.NDArray[np.int64], Measured]:
    """The posyandu of every registered child, and each measured one's latest measurement of
    the period: one query of the columns the figures need."""
    rows = _fetch(
        _period_query(registered, start, end).annotate(
            weight=Cast("m__weight_kg", FloatField()), length=Cast("m__lenhei_cm", FloatField())
        ),
        _PERIOD_COLUMNS,
    )
    n = len(rows)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(_PERIOD_COLUMNS)
    child_column, posyandu_column, sex, age_column, weight, length, *rest = columns
    position, oedema, *z, flags = rest
    child = np.array(child_column, dtype=np.int64).reshape(n)
    posyandu = np.array(posyandu_column, dtype=np.int64).reshape(n)
    age = np.array(age_column, dtype=np.float64).reshape(n)  # NaN: no measurement
    last = _last_of_each(child)
    take = np.flatnonzero(last & ~np.isnan(age))
    picked = take.tolist()

    def floats(values: tuple[Any, ...]) -> npt.NDArray[np.float64]:
        return np.array(values, dtype=np.float64).reshape(n)[take]  # None -> NaN

    measured = Measured(
        child=child[take],
        posyandu=posyandu[take],
        latest=LatestColumns(
            area=np.array([kelurahan_of[p] for p in posyandu[take].tolist()], dtype=object),
            sex=np.array(sex, dtype=np.int8).reshape(n)[take],
            age_days=age[take],
            weight=floats(weight),
            lenhei=floats(length),
            position=np.array([position[i] for i in picked], dtype=object),
            oedema=np.array([bool(oedema[i]) for i in picked], dtype=bool),
            z={name: floats(values) for name, values in zip(Z_NAMES, z, strict=True)},
            flagged=flagged_columns([flags[i] for i in picked]),
        ),
    )
    return posyandu[last], measured


def _places(region: Region) -> list[tuple[int, str, str]]:
    """The posyandu of the area: (id, name, kelurahan code)."""
    return list(
        Posyandu.objects.filter(subtree("kelurahan__code", region.code))
        .order_by("kelurahan_id", "name")
        .values_list("pk", "name", "kelurahan_id")
    )


def _counts(
    registered: npt.NDArray[np.int64], kelurahan_of: dict[int, str], measured: Measured
) -> dict[tuple[str, str], tuple[int, int]]:
    """(grouping, key) -> (sasaran, diukur) for everyone, kecamatan, kelurahan and posyandu,
    from the posyandu of each registered child and of each measured one."""
    places, sasaran = np.unique(registered, return_counts=True)
    measured_places, diukur = np.unique(measured.posyandu, return_counts=True)
    measured_at = dict(zip(measured_places.tolist(), diukur.tolist(), strict=True))
    counts: dict[tuple[str, str], list[int]] = {}
    for posyandu, n in zip(places.tolist(), sasaran.tolist(), strict=True):
        kelurahan = kelurahan_of[posyandu]
        for key in (
            (EVERYONE, EVERYONE),
            (KECAMATAN, kelurahan[:KECAMATAN_CODE_WIDTH]),
            (KELURAHAN, kelurahan),
            (POSYANDU, str(posyandu)),
        ):
            entry = counts.setdefault(key, [0, 0])
            entry[0] += n
            entry[1] += measured_at.get(posyandu, 0)
    return {key: (sas, diu) for key, (sas, diu) in counts.items()}


def campaign_figures(
    *,
    people: PersonQuerySet,
    region: Region,
    start: date,
    end: date,
    language: str,
    by_area: bool = True,
    kecamatan: bool = True,
) -> Figures:
    """Coverage and prevalence of a period in an area, counted among ``people``.
    ``by_area=False``: the whole area's prevalence only (no kecamatan/kelurahan estimates);
    ``kecamatan=False``: no kecamatan estimates (for a page that shows none)."""
    places = _places(region)
    kelurahan_of = {pk: kelurahan for pk, _name, kelurahan in places}
    registered = _registered(people, kelurahan_of, start)
    registered_at, measured = _read(registered, kelurahan_of, start, end)
    estimates = campaign_estimates(
        measured.latest, language=language, by_area=by_area, kecamatan=kecamatan
    )
    regions = list(
        Region.objects.filter(subtree("code", region.code))
        .order_by("code")
        .values_list("code", "name", "level")
    )
    names = {code: name for code, name, _level in regions}
    counts = _counts(registered_at, kelurahan_of, measured)

    def area(grouping: str, key: str, name: str, parent: str) -> Area:
        return Area(
            key,
            name,
            parent,
            *counts.get((grouping, key), (0, 0)),
            estimates.get((grouping, key), NO_ESTIMATES),
        )

    kelurahan_codes = [code for code, _name, level in regions if level == Level.KELURAHAN]
    kecamatan_codes = sorted({code[:KECAMATAN_CODE_WIDTH] for code in kelurahan_codes})
    return Figures(
        region=region,
        start=start,
        end=end,
        registered=registered,
        kelurahan_of=kelurahan_of,
        measured=measured,
        total=area(EVERYONE, EVERYONE, region.name, ""),
        kecamatan=[
            area(KECAMATAN, code, names.get(code, code), region.name) for code in kecamatan_codes
        ],
        kelurahan=[
            area(KELURAHAN, code, names[code], names.get(code[:KECAMATAN_CODE_WIDTH], ""))
            for code in kelurahan_codes
        ],
        posyandu=[area(POSYANDU, str(pk), name, names.get(kel, kel)) for pk, name, kel in places],
    )


@dataclass(frozen=True)
class _Scores:
    """Children's z-scores (``_CHANGE_SCORES``), NaN where missing or flagged, by child id."""

    child: npt.NDArray[np.int64]
    kept: dict[str, npt.NDArray[np.float64]]


#: The z-scores of the change, and the Permenkes cut-off below which each counts.
_CHANGE_SCORES = (("zlen", STUNTED_BELOW), ("zwfl", WASTED_BELOW), ("zwei", UNDERWEIGHT_BELOW))


def _latest_scores(registered: PersonQuerySet, start: date, end: date) -> _Scores:
    """The z-scores of each registered child's latest measurement in the period (only what the
    change needs)."""
    names = [name for name, _cut in _CHANGE_SCORES]
    columns = ("pk", "m__age_days", *(f"m__{name}" for name in names), "m__flags")
    rows = _fetch(_period_query(registered, start, end), columns)
    n = len(rows)
    child_column, age, *scores, flags = (
        list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    )
    child = np.array(child_column, dtype=np.int64).reshape(n)
    take = np.flatnonzero(_last_of_each(child) & ~np.isnan(np.array(age, dtype=np.float64)))
    flagged = flagged_columns([flags[i] for i in take.tolist()])
    return _Scores(
        child[take],
        {
            name: np.where(flagged[name], np.nan, np.array(z, dtype=np.float64).reshape(n)[take])
            for name, z in zip(names, scores, strict=True)
        },
    )


def paired_change(*, figures: Figures, before: tuple[date, date]) -> list[Change]:
    """The same children in an earlier period: percent below -2 SD then and now, for the whole
    area and each kelurahan (by the child's posyandu now)."""
    if figures.registered is None or figures.measured is None:
        return []
    measured = figures.measured
    now = _Scores(measured.child, {name: measured.kept(name) for name, _cut in _CHANGE_SCORES})
    then = _latest_scores(figures.registered, *before)
    _both, in_then, in_now = np.intersect1d(
        then.child, now.child, assume_unique=True, return_indices=True
    )
    codes, kelurahan = np.unique(measured.kelurahan[in_now], return_inverse=True)
    order = np.argsort(kelurahan, kind="stable")
    bounds = np.searchsorted(kelurahan[order], np.arange(codes.size + 1))
    paired = {EVERYONE: np.arange(in_now.size)} | {
        code: order[bounds[i] : bounds[i + 1]] for i, code in enumerate(codes.tolist())
    }
    nobody = np.zeros(0, dtype=np.intp)
    names = {EVERYONE: figures.region.name} | {a.key: a.name for a in figures.kelurahan}
    changes = []
    for key in [EVERYONE, *(a.key for a in figures.kelurahan)]:
        rows = paired.get(key, nobody)
        changes.append(
            Change(
                key,
                names.get(key, key),
                int(rows.size),
                _percents(then, in_then[rows]),
                _percents(now, in_now[rows]),
            )
        )
    return changes


def _percents(
    scores: _Scores, rows: npt.NDArray[np.intp]
) -> tuple[float | None, float | None, float | None]:
    """Percent of these children stunted, wasted and underweight (flagged values left out), by
    the Permenkes cut-offs."""
    result = []
    for name, cut in _CHANGE_SCORES:
        values = scores.kept[name][rows]
        values = values[~np.isnan(values)]
        below = int((values < cut).sum())
        result.append(round(100.0 * below / values.size, 1) if values.size else None)
    return (result[0], result[1], result[2])
