"""Reads of the registry, always limited to the user's scope."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from tumbuh.accounts.scope import AnyUser, family_filter, person_filter
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family, Person

UNDER_FIVE_DAYS = 1856  # 60 completed months (60 * 30.4375 rounded up)
BADUTA_DAYS = 730  # under two years


def person_list(*, user: AnyUser, query: str = "") -> QuerySet[Person]:
    people = Person.objects.filter(person_filter(user), merged_into__isnull=True).select_related(
        "family__kelurahan", "posyandu"
    )
    if query:
        people = people.filter(Q(name__icontains=query) | Q(nik=query))
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


def children_under_five(*, user: AnyUser, on: date) -> QuerySet[Person]:
    earliest = date.fromordinal(on.toordinal() - UNDER_FIVE_DAYS)
    return person_list(user=user).filter(birth_date__gt=earliest, birth_date__lte=on)


def possible_duplicates(
    *, nik: str | None, name: str, birth_date: date | None, mother: Person | None
) -> QuerySet[Person]:
    """People who may be the one being entered: same NIK, or same name, birth date and mother.

    Deliberately not scoped: a child registered in another posyandu is still a duplicate. Only
    identifiers are shown to the user, never the other record's details.
    """
    match = Q(pk__in=[])
    if nik:
        match |= Q(nik=nik)
    if name and birth_date:
        match |= Q(name__iexact=name.strip(), birth_date=birth_date, mother=mother)
    return Person.objects.filter(match)


def family_by_kk(*, kk_number: str, kelurahan: Region) -> Family | None:
    """The family with this No. KK in the kelurahan (used when registering a new child)."""
    if not kk_number:
        return None
    return Family.objects.filter(kk_number=kk_number, kelurahan=kelurahan).first()


def mother_in_family(*, family: Family, name: str) -> Person | None:
    """A woman of the family with exactly this name, if there is one."""
    return family.members.filter(sex=2, name__iexact=name.strip()).first()


def families_at_risk(*, user: AnyUser, on: date) -> QuerySet[Family]:
    """Families of children under two (seen by the user) with a risk factor in the home."""
    under_two = person_list(user=user).filter(birth_date__gt=on - timedelta(days=BADUTA_DAYS))
    risk = Q(no_clean_water=True) | Q(no_latrine=True) | Q(smoker_in_house=True)
    return (
        Family.objects.filter(risk, pk__in=under_two.values("family_id"))
        .select_related("kelurahan")
        .order_by("kelurahan_id", "head_name")
    )
