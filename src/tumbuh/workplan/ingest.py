"""A work plan from a spreadsheet (the downloadable template, or the plan's own export): one
row per sub-activity (sub kegiatan).

Required columns ``Perangkat Daerah`` (office code or name), ``Kode Sub Kegiatan`` (SIPD code),
``Nama Sub Kegiatan`` and ``Pagu (Rp)``; optional programme and activity names, output indicator,
unit, target volume, target and realisation per quarter (volume and Rp), ``Intervensi``
(catalogue codes or names, separated by ``;``) and ``Lokus`` (desa/kelurahan names or codes,
separated by ``;``; empty: the whole kab/kota).

No Django here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

import polars as pl

from tumbuh.convergence.catalogue import OFFICE_NAMES, Office, lookup
from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.facilities import resolve
from tumbuh.ingest.names import normalise_name
from tumbuh.ingest.places import Places
from tumbuh.ingest.reasons import Reason, ReasonError
from tumbuh.workplan.sipd import QUARTER_NAMES, QUARTERS, is_sub_activity_code, parse_amount


def _quarter_headers() -> dict[str, tuple[str, ...]]:
    headers: dict[str, tuple[str, ...]] = {}
    for q in QUARTERS:
        tw = QUARTER_NAMES[q]
        headers[f"target_volume_{q}"] = (f"Target {tw}",)
        headers[f"target_rp_{q}"] = (f"Target Rp {tw}",)
        headers[f"realised_volume_{q}"] = (f"Realisasi {tw}",)
        headers[f"realised_rp_{q}"] = (f"Realisasi Rp {tw}",)
    return headers


HEADERS: Final = {
    "office": ("Perangkat Daerah", "OPD", "Dinas"),
    "code": ("Kode Sub Kegiatan", "Kode"),
    "programme_name": ("Nama Program", "Program"),
    "activity_name": ("Nama Kegiatan", "Kegiatan"),
    "name": ("Nama Sub Kegiatan", "Sub Kegiatan"),
    "budget_rp": ("Pagu (Rp)", "Pagu", "Anggaran"),
    "indicator": ("Indikator Keluaran", "Indikator"),
    "unit": ("Satuan",),
    "target_volume": ("Target Volume", "Target"),
    **_quarter_headers(),
    "interventions": ("Intervensi",),
    "lokus": ("Lokus", "Lokus Desa/Kelurahan"),
}
REQUIRED: Final = ("office", "code", "name", "budget_rp")
TEXTS: Final = ("programme_name", "activity_name", "name", "indicator", "unit")
WHOLE_NUMBERS: Final = (
    "budget_rp",
    *(f"{k}_{q}" for q in QUARTERS for k in ("target_rp", "realised_rp")),
)
DECIMALS: Final = (
    "target_volume",
    *(f"{k}_{q}" for q in QUARTERS for k in ("target_volume", "realised_volume")),
)
#: Cells of ``Intervensi`` and ``Lokus`` hold several values separated by this.
SEPARATOR: Final = re.compile(r"\s*;\s*")


class WorkPlanFileError(ReasonError):
    """The file lacks the columns of a work plan."""


@dataclass(frozen=True)
class PlanRecord:
    row: int
    office: str  # an Office value
    code: str
    texts: dict[str, str]  # programme_name, activity_name, name, indicator, unit
    numbers: dict[str, Decimal]  # budget_rp, target_volume and the quarters
    interventions: tuple[str, ...]  # catalogue codes
    lokus: tuple[str, ...]  # desa/kelurahan codes (dotted)


def office_from_text(text: str) -> Office | None:
    """The office a cell names: its code (``dinsos``) or its name (``Dinas Sosial``)."""
    folded = normalise_name(text)
    for office, name in OFFICE_NAMES.items():
        if folded in (office.value, normalise_name(name)):
            return office
    return None


def _number(text: str, field: str, *, whole: bool) -> tuple[Decimal, Reason | None]:
    if not text:
        return Decimal(0), None
    value = parse_amount(text)
    if value is None:
        return Decimal(0), Reason("not_a_number", field, {"text": text})
    if value < 0:
        return Decimal(0), Reason("negative", field, {"text": text})
    return (value.to_integral_value() if whole else value.quantize(Decimal("0.01"))), None


def _lokus(text: str, field: str, places: Places) -> tuple[tuple[str, ...], list[Reason]]:
    codes: list[str] = []
    reasons: list[Reason] = []
    for part in filter(None, SEPARATOR.split(text)):
        by_code = re.fullmatch(r"[\d.]+", part) is not None
        found, why = places.kelurahan("" if by_code else part, field, code=part if by_code else "")
        if found is None:
            reasons.append(why or Reason("unknown_kelurahan", field, {"name": part}))
        elif found.code not in codes:
            codes.append(found.code)
    return tuple(codes), reasons


def _interventions(text: str, field: str) -> tuple[tuple[str, ...], list[Reason]]:
    codes: list[str] = []
    reasons: list[Reason] = []
    for part in filter(None, SEPARATOR.split(text)):
        item = lookup(part)
        if item is None:
            reasons.append(Reason("unknown_intervention", field, {"text": part}))
        elif item.code not in codes:
            codes.append(item.code)
    return tuple(codes), reasons


def validate_plan(
    frame: pl.DataFrame, *, places: Places, offices: frozenset[str] | None = None
) -> tuple[list[PlanRecord], list[Rejected]]:
    """Records of the rows that can be stored, and the rejected rows with their reasons.
    ``offices``: the offices the uploader may plan for (None: every office)."""
    columns = resolve(frame.columns, HEADERS)
    missing = [HEADERS[f][0] for f in REQUIRED if f not in columns]
    if missing:
        raise WorkPlanFileError(Reason("not_workplan", params={"columns": ", ".join(missing)}))
    records: list[PlanRecord] = []
    rejected: list[Rejected] = []
    first_row: dict[tuple[str, str], int] = {}
    for index, raw in enumerate(frame.select(pl.all().cast(pl.String)).to_dicts()):
        row = index + 2
        cell = {
            f: " ".join((raw.get(columns[f]) or "").split()) if f in columns else ""
            for f in HEADERS
        }
        reasons = [Reason("missing", columns[f]) for f in ("office", "code", "name") if not cell[f]]
        office = office_from_text(cell["office"]) if cell["office"] else None
        if cell["office"] and office is None:
            reasons.append(Reason("unknown_office", columns["office"], {"text": cell["office"]}))
        elif office is not None and offices is not None and office.value not in offices:
            reasons.append(Reason("not_your_office", columns["office"], {"text": cell["office"]}))
        if cell["code"] and not is_sub_activity_code(cell["code"]):
            reasons.append(Reason("not_sipd_code", columns["code"], {"text": cell["code"]}))
        numbers: dict[str, Decimal] = {}
        for name in (*WHOLE_NUMBERS, *DECIMALS):
            value, why = _number(cell[name], columns.get(name, name), whole=name in WHOLE_NUMBERS)
            numbers[name] = value
            if why:
                reasons.append(why)
        interventions, why_interventions = _interventions(
            cell["interventions"], columns.get("interventions", "Intervensi")
        )
        lokus, why_lokus = _lokus(cell["lokus"], columns.get("lokus", "Lokus"), places)
        reasons.extend(why_interventions + why_lokus)
        key = (office.value if office else "", cell["code"])
        if not reasons and key in first_row:
            reasons.append(Reason("same_sub_activity", params={"row": first_row[key]}))
        if reasons or office is None:
            rejected.append(Rejected(row, {k: v or "" for k, v in raw.items()}, tuple(reasons)))
            continue
        first_row[key] = row
        records.append(
            PlanRecord(
                row,
                office.value,
                cell["code"],
                {name: cell[name] for name in TEXTS},
                numbers,
                interventions,
                lokus,
            )
        )
    return records, rejected


#: Template header -> what to write in it (the order of the template and of the export).
COLUMNS: Final = {
    "Perangkat Daerah": "office: its code (dinkes, dinsos, pupr...) or its name (required)",
    "Kode Sub Kegiatan": "SIPD sub-activity code, e.g. 1.02.02.2.02.0033 (required)",
    "Nama Program": "programme name (the code's first three parts)",
    "Nama Kegiatan": "activity name (the code's first five parts)",
    "Nama Sub Kegiatan": "sub-activity name (required)",
    "Pagu (Rp)": "budget in rupiah, e.g. 250.000.000 (required)",
    "Indikator Keluaran": "output indicator",
    "Satuan": "unit of the output (orang, paket, unit, dokumen...)",
    "Target Volume": "target of the year, in the unit",
    **{f"Target {tw}": f"target volume of {tw}" for tw in QUARTER_NAMES.values()},
    **{f"Target Rp {tw}": f"planned spending in {tw}, rupiah" for tw in QUARTER_NAMES.values()},
    **{f"Realisasi {tw}": f"volume realised in {tw}" for tw in QUARTER_NAMES.values()},
    **{f"Realisasi Rp {tw}": f"rupiah realised in {tw}" for tw in QUARTER_NAMES.values()},
    "Intervensi": "catalogue interventions served, codes or names separated by ;",
    "Lokus": "lokus desa/kelurahan, names or codes separated by ; (empty: the whole kab/kota)",
}
EXAMPLE: Final = {
    "Perangkat Daerah": "dinkes",
    "Kode Sub Kegiatan": "1.02.02.2.02.0033",
    "Nama Program": "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
    "Nama Kegiatan": "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah",
    "Nama Sub Kegiatan": "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat",
    "Pagu (Rp)": "250.000.000",
    "Indikator Keluaran": "Balita gizi kurang yang menerima PMT",
    "Satuan": "orang",
    "Target Volume": "400",
    "Target TW I": "100",
    "Target TW II": "100",
    "Target TW III": "100",
    "Target TW IV": "100",
    "Target Rp TW I": "62.500.000",
    "Target Rp TW II": "62.500.000",
    "Target Rp TW III": "62.500.000",
    "Target Rp TW IV": "62.500.000",
    "Realisasi TW I": "",
    "Realisasi TW II": "",
    "Realisasi TW III": "",
    "Realisasi TW IV": "",
    "Realisasi Rp TW I": "",
    "Realisasi Rp TW II": "",
    "Realisasi Rp TW III": "",
    "Realisasi Rp TW IV": "",
    "Intervensi": "pmt_balita",
    "Lokus": "",
}
REQUIRED_HEADERS: Final = (
    "Perangkat Daerah",
    "Kode Sub Kegiatan",
    "Nama Sub Kegiatan",
    "Pagu (Rp)",
)
