"""Poverty tables as files: the indicators per desa/kelurahan (``tumbuh report poverty`` and the
dashboard's download) and a programme's by-name targeting errors."""

from __future__ import annotations

import polars as pl

from tumbuh.poverty.selectors import Error

#: The first columns of ``tumbuh report poverty``, in this order (a contract).
FIRST_COLUMNS = ("kelurahan", "keluarga", "desil_1", "desil_1_4", "desil_1_4_tanpa_pkh")
ERROR_COLUMNS = (
    "jenis",
    "no_kk",
    "kepala_keluarga",
    "alamat",
    "rt",
    "rw",
    "desil",
    "kelurahan",
    "kecamatan",
    "kode_kelurahan",
)


#: The indicators' percent columns end so (0-100; an XLSX writes them as percent cells).
PERCENT_SUFFIX = "_persen"


def percent_columns(frame: pl.DataFrame) -> list[str]:
    """The columns of a poverty table that hold percentages."""
    return [c for c in frame.columns if c.endswith(PERCENT_SUFFIX)]


def indicators_frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    """One row per desa/kelurahan, the contract's columns first."""
    if not rows:
        return pl.DataFrame(schema=dict.fromkeys(FIRST_COLUMNS, pl.String))
    columns = list(rows[0])
    schema = {
        c: pl.String
        if c in ("kelurahan", "kode_kelurahan")
        else (pl.Float64 if c.endswith(PERCENT_SUFFIX) else pl.Int64)
        for c in columns
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def errors_frame(errors: list[Error]) -> pl.DataFrame:
    """A programme's targeting errors by name (``eksklusi``: eligible, not receiving;
    ``inklusi``: receiving outside the rule)."""
    return pl.DataFrame(
        [
            (
                e.kind,
                e.family.kk_number,
                e.family.head_name,
                e.family.address,
                e.family.rt,
                e.family.rw,
                e.family.welfare_decile,
                e.family.kelurahan.name,
                e.family.kelurahan.parent.name if e.family.kelurahan.parent else "",
                e.family.kelurahan_id,
            )
            for e in errors
        ],
        schema={c: (pl.Int64 if c == "desil" else pl.String) for c in ERROR_COLUMNS},
        orient="row",
    )
