"""Reading an office's delivery file: each row a delivery record or a rejection with its reason."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from tumbuh.convergence.catalogue import Unit, lookup
from tumbuh.ingest.deliveries import DeliveryFileError, read_date, validate_deliveries

TODAY = date(2026, 3, 10)
NIK = "7172015501250001"
KK = "7172010101010001"


def _frame(*rows: dict[str, str]) -> pl.DataFrame:
    columns = ("NIK", "No KK", "Intervensi", "Tanggal", "Keterangan")
    return pl.DataFrame([{c: row.get(c, "") for c in columns} for row in rows])


def _codes(frame: pl.DataFrame) -> list[list[str]]:
    _records, rejected = validate_deliveries(frame, today=TODAY)
    return [[reason.code for reason in r.reasons] for r in rejected]


def test_an_intervention_is_found_by_its_code_or_its_indonesian_name_in_any_case() -> None:
    assert lookup("pkh") is lookup("  PROGRAM keluarga  harapan (pkh) ")
    assert lookup("pkh") is not None
    assert lookup("bantuan ajaib") is None


def test_a_good_person_row_and_a_good_family_row_become_records() -> None:
    records, rejected = validate_deliveries(
        _frame(
            {"NIK": NIK, "Intervensi": "imunisasi_dasar", "Tanggal": "2026-03-01"},
            {
                "No KK": KK,
                "Intervensi": "bantuan pangan non-tunai (BPNT/Sembako)",
                "Tanggal": "01/03/2026",
            },
        ),
        today=TODAY,
    )
    assert rejected == []
    assert [(r.intervention, r.unit, r.nik, r.kk_number) for r in records] == [
        ("imunisasi_dasar", Unit.PERSON, NIK, ""),
        ("bpnt", Unit.FAMILY, "", KK),
    ]
    assert {r.delivered_on for r in records} == {date(2026, 3, 1)}


@pytest.mark.parametrize(
    ("row", "code"),
    [
        ({"Intervensi": "pkh", "Tanggal": "2026-03-01"}, "no_nik_or_kk"),
        (
            {"No KK": KK, "Intervensi": "bantuan ajaib", "Tanggal": "2026-03-01"},
            "unknown_intervention",
        ),
        ({"No KK": KK, "Intervensi": "", "Tanggal": "2026-03-01"}, "missing"),
        ({"No KK": KK, "Intervensi": "pkh", "Tanggal": "kemarin"}, "not_a_date"),
        ({"No KK": KK, "Intervensi": "pkh", "Tanggal": "30/02/2026"}, "not_a_date"),
        ({"No KK": KK, "Intervensi": "pkh", "Tanggal": "2026-03-11"}, "future_date"),
        ({"No KK": KK, "Intervensi": "pkh", "Tanggal": ""}, "missing"),
        ({"No KK": KK, "Intervensi": "imunisasi_dasar", "Tanggal": "2026-03-01"}, "needs_nik"),
        ({"NIK": NIK, "Intervensi": "pkh", "Tanggal": "2026-03-01"}, "needs_kk"),
        ({"No KK": "71720101", "Intervensi": "pkh", "Tanggal": "2026-03-01"}, "nik_length"),
    ],
)
def test_a_bad_row_is_rejected_with_its_reason(row: dict[str, str], code: str) -> None:
    assert _codes(_frame(row)) == [[code]]


def test_a_file_without_the_columns_of_a_delivery_file_is_refused() -> None:
    with pytest.raises(DeliveryFileError) as refused:
        validate_deliveries(pl.DataFrame({"Nama": ["Budi"]}), today=TODAY)
    assert refused.value.reason.code == "not_deliveries"


def test_dates_are_read_as_exports_write_them() -> None:
    assert read_date("2026-03-01 00:00:00") == date(2026, 3, 1)
    assert read_date("01-03-2026") == date(2026, 3, 1)
    assert read_date("46082") == date(2026, 3, 1)  # an Excel serial
    assert read_date("2026-02-30") is None
