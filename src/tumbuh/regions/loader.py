"""Load Kemendagri regions from the bundled copy of cahyadsn/wilayah (see ``data/SOURCE.md``)."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from django.db import transaction

from tumbuh.regions.models import Region

_DATA = files("tumbuh.regions").joinpath("data")


def _rows() -> list[dict[str, str]]:
    raw = gzip.decompress(_DATA.joinpath("wilayah.csv.gz").read_bytes()).decode("utf-8")
    return list(csv.DictReader(io.StringIO(raw)))


@cache
def kecamatan_codes() -> frozenset[str]:
    """Every kecamatan code without dots (the first six digits of a valid NIK)."""
    return frozenset(r["kode_tanpa_titik"] for r in _rows() if r["tingkat"] == "kecamatan")


@transaction.atomic
def regions_load(*, code: str) -> int:
    """Load a province or kab/kota subtree (``71`` or ``71.72``) and its ancestors; idempotent.

    Returns how many regions were created.
    """
    rows = [
        r
        for r in _rows()
        if r["kode"] == code or r["kode"].startswith(code + ".") or code.startswith(r["kode"] + ".")
    ]
    if not rows:
        raise ValueError(f"unknown region code {code!r}")
    existing = set(
        Region.objects.filter(code__in=[r["kode"] for r in rows]).values_list("code", flat=True)
    )
    new = [
        Region(
            code=r["kode"],
            name=r["nama"],
            level=r["tingkat"],
            kind=r["jenis"],
            parent_id=r["kode_induk"] or None,
        )
        for r in sorted(rows, key=lambda r: len(r["kode"]))
        if r["kode"] not in existing
    ]
    Region.objects.bulk_create(new, batch_size=2000)
    return len(new)


def boundaries(kabkota_code: str, level: str) -> dict[str, Any] | None:
    """The bundled GeoJSON of a kab/kota at ``kecamatan`` or ``desa_kelurahan`` level, if any."""
    prefix = kabkota_code.replace(".", "") + "_"
    for entry in _DATA.joinpath("geo").iterdir():
        if entry.name.startswith(prefix) and entry.name.endswith(f"_{level}.geojson.gz"):
            return json.loads(gzip.decompress(entry.read_bytes()))  # type: ignore[no-any-return]
    return None


@lru_cache(maxsize=64)
def kelurahan_features(region_code: str) -> tuple[Mapping[str, Any], ...]:
    """The bundled desa/kelurahan boundaries inside a kab/kota or kecamatan (none without a
    bundled file), read once per process: the maps of every page draw them."""
    geojson = boundaries(region_code[:5], "desa_kelurahan")
    if geojson is None:
        return ()
    return tuple(
        f for f in geojson["features"] if str(f["properties"]["kode"]).startswith(region_code)
    )
