"""What PKH facilitators and TKSK see: their KPM families (1000-HPK and lokus first, with what
each still lacks), P2K2 sessions and referrals; coordinators see the caseloads of their area.

A PKH facilitator sees the families assigned to them; a TKSK, Dinsos and coordinators the
assigned families of their area (a TKSK: their kecamatan). Every list is held to the user's scope.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from tumbuh.accounts.models import Role
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import AnyUser, profile_of, region_filter, subtree
from tumbuh.casework.models import KpmAssignment, P2k2Session, Referral, ReferralStatus
from tumbuh.catalogue.selectors import catalogue_for
from tumbuh.convergence import Scorecard, rank_lokus
from tumbuh.interventions.lokus_selectors import lokus_indicators
from tumbuh.interventions.selectors import in_area, scorecard_of, targets_among
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family, Person, Sasaran, SasaranRole
from tumbuh.registry.selectors import person_list

#: The top quarter of the kelurahan ranked by the lokus score are taken as lokus villages.
LOKUS_SHARE = 0.25
#: Order of the caseload: a pregnant woman or a baduta (1000 HPK) first, then a balita, then the
#: other families.
HPK, BALITA, OTHER = 0, 1, 2
PREGNANT = (Sasaran.IBU_HAMIL,)


def _office_check(user: AnyUser) -> None:
    """Caseloads are Dinas Sosial's: an office account of another office is refused."""
    require(user, Permission.VIEW_CASELOAD)
    require(user, Permission.VIEW_CASELOAD, "dinsos")


def caseload(*, user: AnyUser) -> QuerySet[KpmAssignment]:
    """The open KPM assignments the user works on (a PKH facilitator: their own) or oversees
    (their area's)."""
    _office_check(user)
    assignments = KpmAssignment.objects.filter(until__isnull=True).filter(
        region_filter(user, "family__kelurahan__code")
    )
    if profile_of(user).role == Role.PKH:
        assignments = assignments.filter(facilitator_id=user.pk)
    return assignments


def caseload_family(*, user: AnyUser, pk: int) -> KpmAssignment:
    """The open assignment of one family of the user's caseload; any other family is refused."""
    assignment = (
        caseload(user=user)
        .filter(family_id=pk)
        .select_related("family__kelurahan", "facilitator")
        .first()
    )
    if assignment is None:
        raise PermissionDenied
    return assignment


def lokus_kelurahan(
    *, user: AnyUser, region: Region, today: date, card: Scorecard | None = None
) -> set[str]:
    """Codes of the lokus villages among the kelurahan of ``region`` the user may see: the top
    ``LOKUS_SHARE`` by the lokus score (``tumbuh.convergence.rank_lokus``, default weights).
    A single kelurahan is compared with nothing: none is lokus then. ``card``: the area's
    scorecard, when the caller has it already."""
    table = lokus_indicators(user=user, region=region, today=today, card=card)
    if table.height < 2:
        return set()
    ranked = rank_lokus(table)
    top = max(1, math.ceil(ranked.height * LOKUS_SHARE))
    return set(ranked.filter(ranked["rank"] <= top)["kelurahan"].to_list())


@dataclass
class Lack:
    """An intervention due to the family (or one of its members) and not received."""

    intervention: str
    name: str  # the intervention's name
    sasaran: str  # the target's sasaran (baduta, balita, ibu_hamil, keluarga, ...)


@dataclass
class KpmCard:
    family: Family
    facilitator: str  # username
    since: date
    pregnant: int = 0
    baduta: int = 0
    balita: int = 0  # under five, baduta included
    lokus: bool = False
    lacks: list[Lack] = field(default_factory=list)
    open_referrals: int = 0

    @property
    def priority(self) -> int:
        if self.pregnant or self.baduta:
            return HPK
        return BALITA if self.balita else OTHER

    @property
    def older_balita(self) -> int:
        """Children under five who are not baduta any more."""
        return self.balita - self.baduta

    @property
    def hpk(self) -> bool:
        return self.priority == HPK


def _members(families: list[int], today: date) -> dict[int, dict[str, int]]:
    """Per family: pregnant women, baduta and balita (the registry's rules)."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    people = Person.objects.filter(family_id__in=families, merged_into__isnull=True)
    for name, queryset in (
        ("baduta", people.baduta(on=today)),
        ("balita", people.under_five(on=today)),
    ):
        for family, n in (
            queryset.order_by()
            .values("family_id")
            .annotate(n=Count("pk"))
            .values_list("family_id", "n")
        ):
            counts[family][name] = n
    pregnant = (
        SasaranRole.objects.filter(
            role__in=PREGNANT, start__lte=today, person__family_id__in=families
        )
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .order_by()
        .values("person__family_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("person__family_id", "n")
    )
    for family, n in pregnant:
        counts[family]["pregnant"] = n
    return counts


def family_lacks(
    *, user: AnyUser, region: Region, today: date, families: Sequence[int]
) -> dict[int, list[Lack]]:
    """What each of ``families`` (ids; those of ``region`` the user may see) still lacks: the
    scorecard's gaps (interventions due and not received, for the family or a member), by
    family id. Only these families' targets are scored, so a page of cards costs the same in a
    city as in a village."""
    lacks: dict[int, list[Lack]] = defaultdict(list)
    if not families:
        return lacks
    people = person_list(user=user).filter(in_area(region), family_id__in=list(families))
    card = scorecard_of(targets_among(people, today), today, catalogue_for(region, today))
    if not card.expected.height:
        return lacks
    for gap in card.gaps().iter_rows(named=True):
        lacks[int(gap["family_id"][1:])].append(
            Lack(gap["intervention"], gap["intervention_name"], gap["sasaran"])
        )
    return lacks


def kpm_cards(
    *, user: AnyUser, region: Region, today: date, with_lacks: bool = True
) -> list[KpmCard]:
    """The user's KPM families in ``region`` as cards, in working order: 1000 HPK (a pregnant
    woman or a baduta) first, then a balita, then the rest; within each, lokus villages first.
    ``with_lacks=False``: without what each lacks (a page fills its own cards: ``lacks_fill``)."""
    require(user, Permission.VIEW_CASELOAD, region)
    assignments = list(
        caseload(user=user)
        .filter(subtree("family__kelurahan__code", region.code))
        .select_related("family__kelurahan", "facilitator")
    )
    if not assignments:
        return []
    ids = [a.family_id for a in assignments]
    members = _members(ids, today)
    lokus = lokus_kelurahan(user=user, region=region, today=today)
    referrals = dict(
        Referral.objects.filter(family_id__in=ids, status=ReferralStatus.OPEN)
        .order_by()
        .values("family_id")
        .annotate(n=Count("pk"))
        .values_list("family_id", "n")
    )
    cards = []
    for assignment in assignments:
        counts = members.get(assignment.family_id, {})
        cards.append(
            KpmCard(
                family=assignment.family,
                facilitator=assignment.facilitator.username,
                since=assignment.since,
                pregnant=counts.get("pregnant", 0),
                baduta=counts.get("baduta", 0),
                balita=counts.get("balita", 0),
                lokus=assignment.family.kelurahan_id in lokus,
                open_referrals=referrals.get(assignment.family_id, 0),
            )
        )
    cards.sort(key=lambda c: (c.priority, not c.lokus, c.family.kelurahan.name, c.family.head_name))
    if with_lacks:
        lacks_fill(user=user, region=region, today=today, cards=cards)
    return cards


def lacks_fill(*, user: AnyUser, region: Region, today: date, cards: Iterable[KpmCard]) -> None:
    """Fill in what each card's family still lacks (``family_lacks``)."""
    cards = list(cards)
    lacks = family_lacks(
        user=user, region=region, today=today, families=[c.family.pk for c in cards]
    )
    for card in cards:
        card.lacks = lacks.get(card.family.pk, [])


def family_members(family: Family) -> QuerySet[Person]:
    return (
        Person.objects.filter(family=family, merged_into__isnull=True)
        .prefetch_related("roles")
        .order_by("birth_date")
    )


def sessions_list(*, user: AnyUser) -> QuerySet[P2k2Session]:
    """P2K2 sessions the user may see: a PKH facilitator's own; the area's for the others."""
    _office_check(user)
    sessions = P2k2Session.objects.filter(region_filter(user, "kelurahan__code"))
    if profile_of(user).role == Role.PKH:
        sessions = sessions.filter(facilitator_id=user.pk)
    return (
        sessions.select_related("kelurahan", "facilitator")
        .annotate(attending=Count("families"))
        .order_by("-held_on", "-pk")
    )


def referrals_list(*, user: AnyUser, family: Family | None = None) -> QuerySet[Referral]:
    """Referrals of the families of the user's caseload (open first, latest first)."""
    families = caseload(user=user).values("family_id")
    referrals = Referral.objects.filter(family_id__in=families)
    if family is not None:
        referrals = referrals.filter(family=family)
    return referrals.select_related("family__kelurahan").order_by("-status", "-referred_on", "-pk")


def facilitators(*, user: AnyUser) -> QuerySet[User]:
    """PKH facilitators' accounts of the user's area, with their open caseload."""
    return (
        User.objects.filter(profile__role=Role.PKH, is_active=True)
        .filter(region_filter(user, "profile__region__code"))
        .annotate(families=Count("kpm_assignments", filter=Q(kpm_assignments__until__isnull=True)))
        .order_by("username")
    )
