"""The plan as a spreadsheet (the import template's columns, so an export imports back
unchanged), and the downloadable template."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from tumbuh.files import write_table
from tumbuh.ingest.names import normalise_name
from tumbuh.ingest.setup_templates import _workbook
from tumbuh.regions.models import Level, Region
from tumbuh.workplan.ingest import COLUMNS, EXAMPLE, REQUIRED_HEADERS
from tumbuh.workplan.models import SubActivity, WorkPlan
from tumbuh.workplan.sipd import QUARTER_NAMES, QUARTERS

WHOLE = (
    "Pagu (Rp)",
    *(f"{w} {QUARTER_NAMES[q]}" for q in QUARTERS for w in ("Target Rp", "Realisasi Rp")),
)


def template_xlsx() -> bytes:
    return _workbook(COLUMNS, EXAMPLE, REQUIRED_HEADERS)


def _lokus_names(region: Region) -> dict[str, str]:
    """Desa/kelurahan code -> what the export writes: its name, or its code where the name is
    shared by several (the import reads either)."""
    rows = list(
        Region.objects.filter(
            code__startswith=region.code + ".", level=Level.KELURAHAN
        ).values_list("code", "name")
    )
    counts: dict[str, int] = {}
    for _code, name in rows:
        counts[normalise_name(name)] = counts.get(normalise_name(name), 0) + 1
    return {code: name if counts[normalise_name(name)] == 1 else code for code, name in rows}


def _row(sub: SubActivity, names: dict[str, str]) -> dict[str, object]:
    row: dict[str, object] = {
        "Perangkat Daerah": sub.plan.office,
        "Kode Sub Kegiatan": sub.code,
        "Nama Program": sub.programme_name,
        "Nama Kegiatan": sub.activity_name,
        "Nama Sub Kegiatan": sub.name,
        "Pagu (Rp)": sub.budget_rp,
        "Indikator Keluaran": sub.indicator,
        "Satuan": sub.unit,
        "Target Volume": float(sub.target_volume),
    }
    for quarter in sub.quarters:
        row[f"Target {quarter.name}"] = float(quarter.target_volume)
        row[f"Target Rp {quarter.name}"] = quarter.target_rp
        row[f"Realisasi {quarter.name}"] = float(quarter.realised_volume)
        row[f"Realisasi Rp {quarter.name}"] = quarter.realised_rp
    row["Intervensi"] = "; ".join(sub.interventions)
    row["Lokus"] = "; ".join(sorted(names.get(r.code, r.code) for r in sub.lokus.all()))
    return row


def plan_frame(plans: Iterable[WorkPlan], region: Region) -> pl.DataFrame:
    names = _lokus_names(region)
    subs = (
        SubActivity.objects.filter(plan__in=list(plans))
        .select_related("plan")
        .prefetch_related("lokus")
        .order_by("plan__office", "code")
    )
    schema = {
        c: pl.Int64
        if c in WHOLE
        else pl.String
        if c
        in (
            "Perangkat Daerah",
            "Kode Sub Kegiatan",
            "Nama Program",
            "Nama Kegiatan",
            "Nama Sub Kegiatan",
            "Indikator Keluaran",
            "Satuan",
            "Intervensi",
            "Lokus",
        )
        else pl.Float64
        for c in COLUMNS
    }
    return pl.DataFrame([_row(s, names) for s in subs], schema=schema, orient="row")


def plan_xlsx(plans: Iterable[WorkPlan], region: Region) -> bytes:
    frame = plan_frame(plans, region)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rencana-kerja.xlsx"
        write_table([frame], path, worksheet="rencana_kerja")
        return path.read_bytes()
