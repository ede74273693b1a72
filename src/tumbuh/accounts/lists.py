"""What every list page shares: the search and filters a user may apply inside their scope, and
paging with the true count (a list never stops silently at some number)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from tumbuh.accounts.scope import AnyUser
from tumbuh.accounts.selectors import posyandu_list
from tumbuh.regions.models import Posyandu, Region

PER_PAGE = 50
T = TypeVar("T")


@dataclass
class ListFilters:
    """A name/NIK search, a posyandu and a kelurahan, each only from the user's own scope."""

    q: str = ""
    posyandu: Posyandu | None = None
    kelurahan: Region | None = None
    posyandu_options: list[Posyandu] = field(default_factory=list)
    kelurahan_options: list[Region] = field(default_factory=list)

    @property
    def kelurahan_choices(self) -> list[tuple[str, str]]:
        """The kelurahan to choose from, as (code, name)."""
        return [(k.code, k.name) for k in self.kelurahan_options]

    @property
    def posyandu_choices(self) -> list[tuple[str, str]]:
        """The posyandu to choose from, as (id, "name (kelurahan)")."""
        return [(str(p.pk), f"{p.name} ({p.kelurahan.name})") for p in self.posyandu_options]

    @property
    def active(self) -> bool:
        return bool(self.q or self.posyandu or self.kelurahan)

    def query(self, **more: str) -> str:
        """The filters as a query string (for paging links), with ``more`` parameters added."""
        params = {"q": self.q}
        if self.posyandu is not None:
            params["posyandu"] = str(self.posyandu.pk)
        if self.kelurahan is not None:
            params["kelurahan"] = self.kelurahan.code
        params.update(more)
        return urlencode({k: v for k, v in params.items() if v})

    def keeps(self, *, posyandu_id: int | None, kelurahan_code: str | None) -> bool:
        """Whether a row at this posyandu and kelurahan passes the posyandu/kelurahan filters."""
        if self.posyandu is not None and posyandu_id != self.posyandu.pk:
            return False
        return self.kelurahan is None or kelurahan_code == self.kelurahan.code


def list_filters(request: HttpRequest, *, user: AnyUser) -> ListFilters:
    """The filters asked for; a posyandu or kelurahan outside the scope is ignored."""
    options = list(posyandu_list(user=user))
    kelurahan = {p.kelurahan.code: p.kelurahan for p in options}
    chosen_posyandu = request.GET.get("posyandu", "")
    return ListFilters(
        q=request.GET.get("q", "").strip()[:100],
        posyandu=next((p for p in options if str(p.pk) == chosen_posyandu), None),
        kelurahan=kelurahan.get(request.GET.get("kelurahan", "")),
        posyandu_options=options,
        kelurahan_options=sorted(kelurahan.values(), key=lambda r: r.name),
    )


def page_of(
    request: HttpRequest, items: Sequence[T] | QuerySet[Any, T], per_page: int = PER_PAGE
) -> Page[T]:
    """The requested page (``?page=``) of a list or queryset; a page out of range gives the last."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
