"""Reads of poverty figures, limited to the user's scope: households by decile, programme
coverage, targeting errors (exclusion and inclusion) per kelurahan, the stunting overlap, and one
household's decile history and programmes."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from tumbuh.accounts.permissions import Permission, in_scope, require
from tumbuh.accounts.scope import AnyUser, family_filter, subtree
from tumbuh.growth.categories import STUNTED_BELOW
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.selectors import latest_measurements, latest_since
from tumbuh.poverty.models import DesilRecord, Programme, Receipt, TargetGroup
from tumbuh.regions.models import Level, Region
from tumbuh.registry.models import Family, Person, Sasaran, SasaranRole

#: A household counts as receiving a programme when a receipt is this recent.
RECEIVING_WITHIN_DAYS: Final = 365
#: The deciles the TKPK calls poor (DTSEN desil 1-4), and extreme poverty (desil 1).
POOR_AT_MOST: Final = 4
#: Ids read per statement when a whole list of households is read by id.
ID_CHUNK: Final = 1000
EXTREME: Final = 1


@dataclass(frozen=True)
class Household:
    pk: int
    kelurahan: str
    desil: int | None


@dataclass
class Households:
    """The households of an area with what the rules need: decile, programmes received, and
    the target groups they belong to."""

    region: Region
    kelurahan: list[Region]
    rows: list[Household]
    receiving: dict[str, set[int]]  # programme code -> households receiving it
    groups: dict[str, set[int]] = field(default_factory=dict)  # target group -> households

    def eligible(self, programme: Programme, household: Household) -> bool:
        """Whether the household meets the programme's rule (False when it has none)."""
        if not programme.has_rule:
            return False
        if programme.max_desil is not None and (
            household.desil is None or household.desil > programme.max_desil
        ):
            return False
        return not programme.target_group or household.pk in self.groups.get(
            programme.target_group, set()
        )


def receiving_since(today: date) -> date:
    """The day before the oldest receipt that still counts as receiving on ``today``."""
    return today - timedelta(days=RECEIVING_WITHIN_DAYS)


def programmes() -> list[Programme]:
    return list(Programme.objects.filter(active=True))


def _group_members(group: str, families: Q, today: date) -> set[int]:
    """The households (among ``families``) with a member of the target group on ``today``."""
    people = Person.objects.filter(family__in=Family.objects.filter(families))
    match group:
        case TargetGroup.PREGNANT:
            roles = SasaranRole.objects.filter(
                Q(end__isnull=True) | Q(end__gte=today),
                role=Sasaran.IBU_HAMIL,
                start__lte=today,
                person__in=people,
            )
            return set(roles.values_list("person__family_id", flat=True))
        case TargetGroup.BADUTA:
            return set(people.baduta(on=today).values_list("family_id", flat=True))
        case TargetGroup.BALITA:
            return set(people.under_five(on=today).values_list("family_id", flat=True))
        case TargetGroup.STUNTED:
            latest = latest_measurements(
                measurements=Measurement.objects.filter(child__in=people),
                on=today,
                since=latest_since(today),
            ).values_list("child__family_id", "zlen")
            return {f for f, z in latest if z is not None and z < STUNTED_BELOW}
    return set()


def households(
    *, user: AnyUser, region: Region, today: date, groups: set[str] | None = None
) -> Households:
    """The households of ``region`` the user may see (aggregates: needs VIEW_POVERTY), with
    the members of ``groups`` (None: every programme's target group and the stunted)."""
    require(user, Permission.VIEW_POVERTY, region)
    families = Q(family_filter(user)) & subtree("kelurahan__code", region.code)
    rows = [
        Household(pk, kelurahan, desil)
        for pk, kelurahan, desil in Family.objects.filter(families)
        .values_list("pk", "kelurahan_id", "welfare_decile")
        .iterator(chunk_size=5000)
    ]
    receiving: dict[str, set[int]] = defaultdict(set)
    receipts = Receipt.objects.filter(
        family__in=Family.objects.filter(families),
        received_on__gt=receiving_since(today),
        received_on__lte=today,
    ).values_list("programme__code", "family_id")
    for code, family in receipts.distinct().iterator(chunk_size=5000):
        receiving[code].add(family)
    wanted = (
        {p.target_group for p in programmes() if p.target_group} | {TargetGroup.STUNTED}
        if groups is None
        else groups
    )
    kelurahan = list(
        Region.objects.filter(subtree("code", region.code), level=Level.KELURAHAN).order_by("code")
    )
    return Households(
        region,
        kelurahan,
        rows,
        dict(receiving),
        {group: _group_members(group, families, today) for group in sorted(wanted)},
    )


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def indicators(data: Households) -> list[dict[str, object]]:
    """One row per desa/kelurahan: households known, in desil 1, in desil 1-4, in desil 1-4
    without PKH, then per programme households receiving, percent of its eligible households
    receiving (of all households for a programme without a rule), exclusion and inclusion."""
    active = programmes()
    by_kelurahan: dict[str, list[Household]] = defaultdict(list)
    for household in data.rows:
        by_kelurahan[household.kelurahan].append(household)
    pkh = data.receiving.get("pkh", set())
    table = []
    for kelurahan in data.kelurahan:
        homes = by_kelurahan.get(kelurahan.code, [])
        poor = [h for h in homes if h.desil is not None and h.desil <= POOR_AT_MOST]
        row: dict[str, object] = {
            "kelurahan": kelurahan.name,
            "keluarga": len(homes),
            "desil_1": sum(h.desil == EXTREME for h in homes),
            "desil_1_4": len(poor),
            "desil_1_4_tanpa_pkh": sum(h.pk not in pkh for h in poor),
        }
        for programme in active:
            got = data.receiving.get(programme.code, set())
            receiving = [h for h in homes if h.pk in got]
            if programme.has_rule:
                eligible = [h for h in homes if data.eligible(programme, h)]
                reached = sum(h.pk in got for h in eligible)
                row[programme.code] = len(receiving)
                row[f"{programme.code}_persen"] = _percent(reached, len(eligible))
                row[f"{programme.code}_eksklusi"] = len(eligible) - reached
                row[f"{programme.code}_inklusi"] = len(receiving) - reached
            else:
                row[programme.code] = len(receiving)
                row[f"{programme.code}_persen"] = _percent(len(receiving), len(homes))
        row["kode_kelurahan"] = kelurahan.code
        table.append(row)
    return table


def by_desil(data: Households) -> list[tuple[int | None, int]]:
    """Households per decile (None: no decile yet), deciles in order."""
    counts = Counter(h.desil for h in data.rows)
    return [(d, counts.get(d, 0)) for d in [*range(1, 11), None]]


def stunting_overlap(data: Households) -> list[tuple[int | None, int, int]]:
    """Per decile: households, and households with a stunted child (latest measurement)."""
    stunted = data.groups.get(TargetGroup.STUNTED, set())
    counts = Counter(h.desil for h in data.rows)
    hit = Counter(h.desil for h in data.rows if h.pk in stunted)
    return [(d, counts.get(d, 0), hit.get(d, 0)) for d in [*range(1, 11), None]]


def programme_get_for_user(*, user: AnyUser, code: str) -> Programme:
    """A programme whose by-name lists the user may see: their office's, or every one for
    roles that see every office (a partner's programme has no office: coordinators only)."""
    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        raise PermissionDenied
    require(user, Permission.VIEW_TARGETING, programme.office)
    return programme


@dataclass(frozen=True)
class Error:
    """A household the programme misses (exclusion) or reaches outside its rule (inclusion)."""

    kind: str  # "eksklusi" | "inklusi"
    family: Family


EXCLUSION: Final = "eksklusi"
INCLUSION: Final = "inklusi"


@dataclass(frozen=True)
class Targeting:
    """A programme's targeting errors in an area as household ids, each list in working order
    (by desa/kelurahan, poorest decile first)."""

    exclusion: list[int]  # eligible, not receiving
    inclusion: list[int]  # receiving outside the rule

    def of(self, kind: str) -> list[int]:
        return self.inclusion if kind == INCLUSION else self.exclusion


def targeting(*, user: AnyUser, region: Region, programme: Programme, today: date) -> Targeting:
    """The region's eligible households not receiving ``programme`` and those receiving it
    outside its rule (none for a programme without a rule), by id."""
    require(user, Permission.VIEW_TARGETING, region)
    require(user, Permission.VIEW_TARGETING, programme.office)
    if not programme.has_rule:
        return Targeting([], [])
    groups = {programme.target_group} if programme.target_group else set()
    data = households(user=user, region=region, today=today, groups=groups)
    got = data.receiving.get(programme.code, set())
    exclusion, inclusion = [], []
    for household in sorted(data.rows, key=lambda h: (h.kelurahan, h.desil or 99, h.pk)):
        eligible = data.eligible(programme, household)
        if eligible and household.pk not in got:
            exclusion.append(household.pk)
        elif household.pk in got and not eligible:
            inclusion.append(household.pk)
    return Targeting(exclusion, inclusion)


def families_in_order(ids: list[int]) -> list[Family]:
    """These families (a page of a targeting list, or all of it for a file), with their
    kelurahan, in the given order (read in chunks: no statement with thousands of ids)."""
    found: dict[int, Family] = {}
    families = Family.objects.select_related("kelurahan__parent")
    for start in range(0, len(ids), ID_CHUNK):
        found.update(families.in_bulk(ids[start : start + ID_CHUNK]))
    return [found[pk] for pk in ids if pk in found]


def targeting_search(
    *, user: AnyUser, ids: list[int], q: str = "", kelurahan: str = ""
) -> list[int]:
    """The households among ``ids`` whose head's name or No. KK holds ``q`` and that live in
    the desa/kelurahan ``kelurahan`` (each filter only when given), in the same order."""
    if not q and not kelurahan:
        return ids
    found = Family.objects.filter(family_filter(user))
    if kelurahan:
        found = found.filter(kelurahan__code=kelurahan)
    if q:
        found = found.filter(Q(head_name__icontains=q) | Q(kk_number__icontains=q))
    kept = set(found.values_list("pk", flat=True).iterator(chunk_size=5000))
    return [pk for pk in ids if pk in kept]


def targeting_errors(
    *, user: AnyUser, region: Region, programme: Programme, today: date
) -> list[Error]:
    """By name: the region's eligible households not receiving ``programme`` and those
    receiving it outside its rule (none for a programme without a rule)."""
    found = targeting(user=user, region=region, programme=programme, today=today)
    return [
        Error(kind, family)
        for kind in (EXCLUSION, INCLUSION)
        for family in families_in_order(found.of(kind))
    ]


def household_get_for_user(*, user: AnyUser, pk: int) -> Family:
    family = Family.objects.filter(pk=pk).select_related("kelurahan").first()
    if family is None:
        raise PermissionDenied
    require(user, Permission.VIEW_TARGETING)
    if not in_scope(user, family):
        raise PermissionDenied
    return family


@dataclass(frozen=True)
class HouseholdPage:
    family: Family
    history: list[DesilRecord]
    receipts: list[Receipt]
    members: list[Person]
    eligible_not_receiving: list[Programme]


def household_page(*, user: AnyUser, family: Family, today: date) -> HouseholdPage:
    """A household's decile history, programmes received, members, and the programmes whose
    rule it meets and that it does not receive (the family was fetched through scope)."""
    receipts = list(
        Receipt.objects.filter(family=family)
        .select_related("programme", "person")
        .order_by("-received_on")
    )
    since = receiving_since(today)
    got = {r.programme.code for r in receipts if since < r.received_on <= today}
    data = Households(
        family.kelurahan,
        [],
        [Household(family.pk, family.kelurahan_id, family.welfare_decile)],
        {},
        {
            group: _group_members(group, Q(pk=family.pk), today)
            for group in {p.target_group for p in programmes() if p.target_group}
        },
    )
    missing = [p for p in programmes() if p.code not in got and data.eligible(p, data.rows[0])]
    return HouseholdPage(
        family,
        list(DesilRecord.objects.filter(family=family).order_by("-period")),
        receipts,
        list(Person.objects.filter(family=family, merged_into__isnull=True).order_by("birth_date")),
        missing,
    )
