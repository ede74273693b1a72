"""A caseload file row by row: a 16-digit No KK and a facilitator's username, or the reasons."""

from __future__ import annotations

import polars as pl
import pytest

from tumbuh.ingest.kpm import KpmFileError, validate_kpm


def test_a_caseload_file_becomes_records_and_rejections_with_reasons() -> None:
    frame = pl.DataFrame(
        {
            "Nomor KK": ["7172.0101.0101.0001", "7172", "", "7172x"],
            "Pendamping PKH": ["  pkh_a ", "pkh_a", "", "pkh_a"],
        }
    )

    records, rejected = validate_kpm(frame)

    assert [(r.row, r.kk_number, r.facilitator) for r in records] == [
        (2, "7172010101010001", "pkh_a")
    ]
    codes = {r.row: [reason.code for reason in r.reasons] for r in rejected}
    assert codes == {3: ["nik_length"], 4: ["missing", "missing"], 5: ["nik_not_digits"]}
    assert rejected[1].reasons[0].field == "Nomor KK"  # the file's own header


def test_a_file_without_pendamping_is_refused_naming_the_column() -> None:
    with pytest.raises(KpmFileError, match="Pendamping"):
        validate_kpm(pl.DataFrame({"No KK": ["7172010101010001"]}))
