"""Reads of regions: a kab/kota's desa/kelurahan and kecamatan, for matching names in files."""

from __future__ import annotations

from tumbuh.ingest.places import Place, Places
from tumbuh.regions.models import KIND_LABELS, MIXED_LABEL, Level, Region


def places_of(region: Region) -> Places:
    """The desa/kelurahan and kecamatan under ``region``, by name and code."""
    under = Region.objects.filter(code__startswith=region.code + ".")
    kelurahan = under.filter(level=Level.KELURAHAN).values_list("code", "name", "parent_id")
    kecamatan = under.filter(level=Level.KECAMATAN).values_list("code", "name")
    return Places((Place(c, n, p or "") for c, n, p in kelurahan), kecamatan)


def kelurahan_label(region: Region) -> str:
    """The word for the desa/kelurahan of ``region``: "Desa" where it has only desa, "Kelurahan"
    where only kelurahan, "Desa/Kelurahan" where both (or for a desa/kelurahan, its own word)."""
    if region.level == Level.KELURAHAN:
        return region.kind_label
    kinds = set(
        Region.objects.filter(level=Level.KELURAHAN, code__startswith=region.code + ".")
        .values_list("kind", flat=True)
        .distinct()
    )
    return str(KIND_LABELS.get(kinds.pop(), MIXED_LABEL)) if len(kinds) == 1 else str(MIXED_LABEL)
