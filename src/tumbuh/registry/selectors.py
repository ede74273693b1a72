"""Reads of the registry, always limited to the user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from tumbuh.accounts.lists import ListFilters
from tumbuh.accounts.scope import AnyUser, family_filter, person_filter, subtree
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family, Person, PersonQuerySet


def person_list(
    *, user: AnyUser, query: str = "", filters: ListFilters | None = None
) -> PersonQuerySet:
    """People in the user's scope; ``query`` a name part or a whole NIK; ``filters`` a posyandu
    or a kelurahan (the posyandu's, or the family's for people not at a posyandu)."""
    people = Person.objects.filter(person_filter(user), merged_into__isnull=True).select_related(
        "family__kelurahan", "posyandu__kelurahan"
    )
    if query:
        people = people.filter(Q(name__icontains=query) | Q(nik=query))
    if filters is not None and filters.posyandu is not None:
        people = people.filter(posyandu=filters.posyandu)
    if filters is not None and filters.kelurahan is not None:
        code = filters.kelurahan.code
        people = people.filter(
            Q(posyandu__kelurahan_id=code) | Q(posyandu__isnull=True, family__kelurahan_id=code)
        )
    return people.order_by("name")


def person_get_for_user(*, user: AnyUser, pk: int) -> Person:
    """One person the user may see; anything else is refused (not 'not found', not a leak)."""
    person = person_list(user=user).filter(pk=pk).first()
    if person is None:
        raise PermissionDenied
    return person


def family_get_for_user(*, user: AnyUser, pk: int) -> Family:
    """One family the user may see (its kelurahan, or a member at the user's posyandu)."""
    family = Family.objects.filter(family_filter(user), pk=pk).select_related("kelurahan").first()
    if family is None:
        raise PermissionDenied
    return family


def children_under_five(*, user: AnyUser, on: date) -> PersonQuerySet:
    return person_list(user=user).under_five(on=on)


def possible_duplicates(
    *,
    nik: str | None,
    name: str,
    birth_date: date | None,
    mother: Person | None,
    within_kabkota: str | None = None,
) -> QuerySet[Person]:
    """People who may be the one being entered: same NIK, or same name, birth date and mother.

    Deliberately wider than the user's scope (a child registered in another posyandu is still a
    duplicate), but within one kab/kota when ``within_kabkota`` (its code) is given. Only
    identifiers are shown to the user, never the other record's details (``duplicate_places``).
    """
    match = Q(pk__in=[])
    if nik:
        match |= Q(nik=nik)
    if name and birth_date:
        match |= Q(name__iexact=name.strip(), birth_date=birth_date, mother=mother)
    people = Person.objects.filter(match, merged_into__isnull=True)
    if within_kabkota is not None:
        people = people.filter(subtree("family__kelurahan__code", within_kabkota))
    return people


KABKOTA_CODE_PARTS = 2  # provinsi.kabkota


def kabkota_code(region: Region) -> str:
    """The kab/kota a region lies in, by its Kemendagri code (``71.72.01.1001`` -> ``71.72``)."""
    return ".".join(region.code.split(".")[:KABKOTA_CODE_PARTS])


@dataclass(frozen=True)
class DuplicatePlace:
    """Where a possible duplicate is registered: identifiers only, no personal details.
    ``person_id`` only when the user may open that record anyway."""

    posyandu: str
    kelurahan: str
    person_id: int | None


def duplicate_places(*, user: AnyUser, people: QuerySet[Person]) -> list[DuplicatePlace]:
    """The posyandu and kelurahan of each person in ``people``, in the order they were found."""
    visible = set(
        person_list(user=user).filter(pk__in=people.values("pk")).values_list("pk", flat=True)
    )
    rows = people.order_by("pk").values_list("pk", "posyandu__name", "family__kelurahan__name")
    return [
        DuplicatePlace(
            posyandu=posyandu or "", kelurahan=kelurahan, person_id=pk if pk in visible else None
        )
        for pk, posyandu, kelurahan in rows
    ]


@dataclass(frozen=True)
class FamilySummary:
    pk: int
    head_name: str
    rt: str
    rw: str
    members: int


def family_summary(family: Family) -> FamilySummary:
    """What a kader is shown before a new child joins an existing family by its No. KK."""
    return FamilySummary(
        pk=family.pk,
        head_name=family.head_name,
        rt=family.rt,
        rw=family.rw,
        members=family.members.filter(merged_into__isnull=True).count(),
    )


def family_by_kk(*, kk_number: str, kelurahan: Region) -> Family | None:
    """The family with this No. KK in the kelurahan (used when registering a new child)."""
    if not kk_number:
        return None
    return Family.objects.filter(kk_number=kk_number, kelurahan=kelurahan).first()


def mother_in_family(*, family: Family, name: str) -> Person | None:
    """A woman of the family with exactly this name, if there is one."""
    return family.members.filter(sex=2, name__iexact=name.strip()).first()


def families_at_risk(*, user: AnyUser, on: date) -> QuerySet[Family]:
    """At-risk families of children under two seen by the user (the TPK's list)."""
    under_two = person_list(user=user).baduta(on=on)
    return (
        Family.objects.at_risk(on=on)
        .filter(pk__in=under_two.values("family_id"))
        .select_related("kelurahan")
        .order_by("kelurahan_id", "head_name")
    )
