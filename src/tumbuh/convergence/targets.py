"""The table of targets (sasaran) the scorecard reads: one row per person or family.

Columns (``TARGET_SCHEMA``); missing facts are null, never guessed:
- ``target_id`` (str), ``unit`` ("person" or "family"), ``family_id`` (str, the person's family)
- ``kelurahan`` (Kemendagri code), ``name`` (shown in gap lists)
- ``sasaran``: catin, ibu_hamil, ibu_nifas, baduta, balita, remaja_putri (persons) or keluarga
- ``age_months`` (children), ``lila_cm`` and ``hb_g_dl`` (women), latest ``zwfl``, ``zwei``,
  ``zlen`` (children)
- family facts, repeated on each member row as well: ``desil`` (1-10), ``at_risk`` (keluarga
  risiko stunting), ``water_safe``, ``sanitation_safe``
"""

from __future__ import annotations

from typing import Final

import polars as pl

TARGET_SCHEMA: Final[dict[str, pl.DataType]] = {
    "target_id": pl.String(),
    "unit": pl.String(),
    "family_id": pl.String(),
    "kelurahan": pl.String(),
    "name": pl.String(),
    "sasaran": pl.String(),
    "age_months": pl.Float64(),
    "lila_cm": pl.Float64(),
    "hb_g_dl": pl.Float64(),
    "zwfl": pl.Float64(),
    "zwei": pl.Float64(),
    "zlen": pl.Float64(),
    "desil": pl.Int8(),
    "at_risk": pl.Boolean(),
    "water_safe": pl.Boolean(),
    "sanitation_safe": pl.Boolean(),
}

DELIVERY_SCHEMA: Final[dict[str, pl.DataType]] = {
    "target_id": pl.String(),
    "intervention": pl.String(),
}

#: KEK (kurang energi kronis): LiLA below this, in cm.
KEK_LILA_BELOW_CM: Final = 23.5
#: Anaemia in pregnancy and for catin: Hb below this, in g/dL.
ANAEMIA_HB_BELOW_G_DL: Final = 11.0


def as_targets(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every schema column present (missing ones null) and typed."""
    missing = [
        pl.lit(None, dtype=t).alias(c) for c, t in TARGET_SCHEMA.items() if c not in frame.columns
    ]
    return frame.with_columns(missing).with_columns(
        [pl.col(c).cast(t) for c, t in TARGET_SCHEMA.items()]
    )
