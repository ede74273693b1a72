"""Objects named in an API request, fetched through the user's scope: outside it is 404."""

from __future__ import annotations

from django.http import Http404

from tumbuh.accounts.scope import AnyUser, family_filter, person_filter, posyandu_filter
from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Family, Person


def person_in_scope(*, user: AnyUser, pk: int) -> Person:
    person = (
        Person.objects.filter(person_filter(user), merged_into__isnull=True, pk=pk)
        .select_related("family__kelurahan", "posyandu")
        .first()
    )
    if person is None:
        raise Http404
    return person


def family_in_scope(*, user: AnyUser, pk: int) -> Family:
    family = Family.objects.filter(family_filter(user), pk=pk).first()
    if family is None:
        raise Http404
    return family


def posyandu_in_scope(*, user: AnyUser, pk: int) -> Posyandu:
    posyandu = Posyandu.objects.filter(posyandu_filter(user), pk=pk).first()
    if posyandu is None:
        raise Http404
    return posyandu
