"""Reading a region's catalogue: the interventions in force on a day (national defaults, with
the region's own additions, changes and retirements), and the history of one intervention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from django.db.models import Q, QuerySet

from tumbuh.catalogue.models import CatalogueEntry
from tumbuh.convergence.catalogue import (
    CATALOGUE,
    Intervention,
    Kind,
    Office,
    Source,
    make_intervention,
)
from tumbuh.regions.models import Region

#: The national defaults are in force from the Perpres on stunting reduction (72/2021).
NATIONAL_SINCE: Final = date(2021, 8, 5)
#: Segments of a kab/kota code ("71.72").
KABKOTA_PARTS: Final = 2


def national_seed() -> None:
    """Store the national defaults (``tumbuh.convergence.catalogue.CATALOGUE``) that are not
    stored yet; idempotent, and safe when two processes seed at once."""
    stored = set(CatalogueEntry.objects.filter(region__isnull=True).values_list("code", flat=True))
    missing = [item for item in CATALOGUE if item.code not in stored]
    if not missing:
        return
    CatalogueEntry.objects.bulk_create(
        [
            CatalogueEntry(
                region=None,
                code=item.code,
                name_id=item.name_id,
                name_en=item.name_en,
                kind=item.kind.value,
                office=item.office.value,
                target_group=item.target_group,
                satisfied_by=item.satisfied_by.value,
                window_days=item.window_days,
                valid_from=NATIONAL_SINCE,
            )
            for item in missing
        ],
        ignore_conflicts=True,
    )


def catalogue_region_code(region: Region | str) -> str | None:
    """The kab/kota whose catalogue applies to ``region`` (a region or its code); None above a
    kab/kota (the national defaults apply there)."""
    code = region if isinstance(region, str) else region.code
    parts = code.split(".")
    return ".".join(parts[:KABKOTA_PARTS]) if len(parts) >= KABKOTA_PARTS else None


def _valid_on(on: date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def as_intervention(entry: CatalogueEntry) -> Intervention:
    return make_intervention(
        entry.code,
        entry.name_id,
        entry.name_en,
        Kind(entry.kind),
        Office(entry.office),
        entry.target_group,
        Source(entry.satisfied_by),
        entry.window_days,
    )


@dataclass(frozen=True)
class Line:
    """One intervention of a region's catalogue on a day: the version in force and whether it
    is the national default or the region's own (added or changed)."""

    entry: CatalogueEntry
    regional: bool


def catalogue_lines(region: Region | str, on: date) -> list[Line]:
    """Every intervention of the region's catalogue on ``on``, retired ones included: national
    defaults first (in their order), then the region's own additions by code."""
    national_seed()
    kabkota = catalogue_region_code(region)
    rows = CatalogueEntry.objects.filter(_valid_on(on)).filter(
        Q(region__isnull=True) | Q(region_id=kabkota)
    )
    national: dict[str, CatalogueEntry] = {}
    local: dict[str, CatalogueEntry] = {}
    for row in rows.order_by("pk"):
        (national if row.region_id is None else local)[row.code] = row
    lines = [Line(local.get(code, row), code in local) for code, row in national.items()]
    lines += [Line(row, True) for code, row in sorted(local.items()) if code not in national]
    return lines


def catalogue_for(region: Region | str, on: date) -> tuple[Intervention, ...]:
    """The interventions the region's scorecard counts on ``on`` (retired ones left out)."""
    return tuple(
        as_intervention(line.entry)
        for line in catalogue_lines(region, on)
        if not line.entry.retired
    )


def entry_history(region: Region | str, code: str) -> QuerySet[CatalogueEntry]:
    """Every version of one intervention for the region: the national default's and the
    region's own, oldest first."""
    kabkota = catalogue_region_code(region)
    return (
        CatalogueEntry.objects.filter(code=code)
        .filter(Q(region__isnull=True) | Q(region_id=kabkota))
        .select_related("changed_by")
        .order_by("valid_from", "pk")
    )
