"""Reads of regions: a kab/kota's desa/kelurahan and kecamatan, for matching names in files."""

from __future__ import annotations

from tumbuh.ingest.places import Place, Places
from tumbuh.regions.models import Level, Region


def places_of(region: Region) -> Places:
    """The desa/kelurahan and kecamatan under ``region``, by name and code."""
    under = Region.objects.filter(code__startswith=region.code + ".")
    kelurahan = under.filter(level=Level.KELURAHAN).values_list("code", "name", "parent_id")
    kecamatan = under.filter(level=Level.KECAMATAN).values_list("code", "name")
    return Places((Place(c, n, p or "") for c, n, p in kelurahan), kecamatan)
