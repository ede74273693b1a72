"""The national extract's layout: two datasets of Parquet files, partitioned Hive-style.

``measurements/province=71/kabkota=71.72/month=2026-08/*.parquet``: one row per measurement,
pseudonymous (``child`` is a keyed hash, no name, NIK, birth date or address), with the codes of
the kecamatan and desa/kelurahan where it was taken.

``registered/province=71/kabkota=71.72/month=2026-08/*.parquet``: per desa/kelurahan and month,
the children under five registered at the month's end (the denominator of coverage).

Partition values are codes written as text ("71.72"): readers must not guess their types (both
DuckDB and Spark would read 71.72 as a number), so each engine's reader turns that off.
"""

from __future__ import annotations

from enum import StrEnum

MEASUREMENTS = "measurements"
REGISTERED = "registered"

#: Partition columns, coarse to fine; every dataset is split by all three.
PARTITIONS = ("province", "kabkota", "month")


class Level(StrEnum):
    """The levels a national table can be cut by: each is a column of both datasets."""

    PROVINCE = "province"
    KABKOTA = "kabkota"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"


#: Columns of the measurements dataset besides the partitions, in WHO anthro's names where one
#: exists (so a region's rows are a file ``tumbuh analyse`` reads as it is).
MEASUREMENT_COLUMNS = (
    "measurement",
    "child",
    "measured_on",
    "sex",
    "age_days",
    "weight",
    "lenhei",
    "measure",
    "oedema",
    "kecamatan",
    "kelurahan",
)
#: How "the latest measurement of each child in the period" breaks ties: the later day, then
#: the later record. Both engines order by this, so they pick the same rows.
LATEST_FIRST = (("measured_on", "desc"), ("measurement", "desc"))
#: The columns a region's analysis needs, as ``tumbuh analyse`` reads them.
ANALYSIS_COLUMNS = ("sex", "age_days", "weight", "lenhei", "measure", "oedema")

REGISTERED_COLUMNS = ("kecamatan", "kelurahan", "under_five")
