"""Partners and what they give, as aggregates: per partner, and credited per kelurahan.

No personal data leaves here: families adopted or reached are counted, never named.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet

from tumbuh.accounts.models import Role
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import AnyUser, profile_of, subtree
from tumbuh.partners.models import Commitment, Contribution, Partner
from tumbuh.regions.models import Level, Region


class KelurahanContribution(TypedDict):
    """One row of ``partner_contributions`` (the TKPK dashboard reads these keys)."""

    kelurahan: str  # code
    name: str
    partners: str  # names, comma-separated
    commitments: int
    committed_rp: int
    deliveries: int
    delivered_rp: int
    families_adopted: int
    families_reached: int


@dataclass
class _Tally:
    partners: set[str] = field(default_factory=set)
    commitments: set[int] = field(default_factory=set)
    committed_rp: float = 0.0
    deliveries: set[int] = field(default_factory=set)
    delivered_rp: float = 0.0
    adopted: set[int] = field(default_factory=set)
    reached: set[int] = field(default_factory=set)


def _places(
    kelurahan: str | None, families: list[tuple[int, str]], within: str
) -> dict[str, list[int]]:
    """Kelurahan codes (under ``within``) a commitment or delivery is about, each with the
    families it names there: its own kelurahan, else its families' kelurahan."""
    places: dict[str, list[int]] = defaultdict(list)
    for family, code in families:
        if code == within or code.startswith(within + "."):
            places[code].append(family)
    if kelurahan and (kelurahan == within or kelurahan.startswith(within + ".")):
        places.setdefault(kelurahan, [])
    return places


def partner_contributions(region: Region) -> list[KelurahanContribution]:
    """Per desa/kelurahan under ``region`` (only those with a commitment or delivery): the
    partners active there, their commitments and what they delivered (Rp), and the families
    adopted or reached. A commitment or delivery's value goes to the kelurahan it names, else
    it is shared among its families' kelurahan by their number of families; one for the whole
    kab/kota is credited to no kelurahan."""
    tally: dict[str, _Tally] = defaultdict(_Tally)
    in_area = Q(kelurahan__code=region.code) | Q(kelurahan__code__startswith=region.code + ".")
    in_families = Q(families__kelurahan__code=region.code) | Q(
        families__kelurahan__code__startswith=region.code + "."
    )
    for model, kind in ((Commitment, "commitment"), (Contribution, "delivery")):
        items = (
            model.objects.filter(in_area | in_families)
            .distinct()
            .select_related("partner")
            .prefetch_related(Prefetch("families", to_attr="homes"))
        )
        for item in items:
            families = [(f.pk, f.kelurahan_id) for f in item.homes]
            places = _places(item.kelurahan_id, families, region.code)
            value = item.amount_rp if isinstance(item, Commitment) else item.value_rp
            counted = len(families)  # all its families, in the area or not
            for code, homes in places.items():
                row = tally[code]
                row.partners.add(item.partner.name)
                if item.kelurahan_id is not None:  # all of it to the kelurahan it names
                    share = 1.0 if code == item.kelurahan_id else 0.0
                else:
                    share = len(homes) / counted if counted else 0.0
                if kind == "commitment":
                    row.commitments.add(item.pk)
                    row.committed_rp += (value or 0) * share
                    row.adopted.update(homes)
                else:
                    row.deliveries.add(item.pk)
                    row.delivered_rp += (value or 0) * share
                    row.reached.update(homes)
    names = dict(
        Region.objects.filter(code__in=list(tally), level=Level.KELURAHAN).values_list(
            "code", "name"
        )
    )
    return [
        KelurahanContribution(
            kelurahan=code,
            name=names.get(code, code),
            partners=", ".join(sorted(row.partners)),
            commitments=len(row.commitments),
            committed_rp=round(row.committed_rp),
            deliveries=len(row.deliveries),
            delivered_rp=round(row.delivered_rp),
            families_adopted=len(row.adopted),
            families_reached=len(row.reached),
        )
        for code, row in sorted(tally.items())
    ]


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def partner_list(*, user: AnyUser, region: Region) -> QuerySet[Partner]:
    """Partners working in ``region`` (in it, or in an area holding it); a partner's own
    accounts see their own partner only."""
    require(user, Permission.VIEW_PARTNERS, region)
    partners = Partner.objects.filter(
        Q(region__code__in=_ancestors(region.code)) | subtree("region__code", region.code)
    )
    if profile_of(user).role == Role.PARTNER:
        partners = partners.filter(accounts__pk=int(user.pk or 0))
    return partners.prefetch_related(
        Prefetch(
            "commitments",
            queryset=Commitment.objects.select_related("kelurahan")
            .annotate(adopted=Count("families", distinct=True))
            .order_by("-year", "pk"),
        ),
        Prefetch(
            "contributions",
            queryset=Contribution.objects.select_related("kelurahan", "commitment")
            .annotate(reached=Count("families", distinct=True))
            .order_by("-delivered_on", "pk"),
        ),
    ).order_by("name")


def totals(partners: list[Partner]) -> dict[str, int]:
    """Committed and delivered Rp of these partners, all areas together."""
    committed = sum(c.amount_rp or 0 for p in partners for c in p.commitments.all())
    delivered = sum(c.value_rp or 0 for p in partners for c in p.contributions.all())
    return {"committed_rp": committed, "delivered_rp": delivered}
