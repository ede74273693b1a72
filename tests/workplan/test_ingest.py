"""Reading a work plan file: each row a sub-activity, or a rejection with its reasons."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from tumbuh.ingest.places import Place, Places
from tumbuh.ingest.reasons import english
from tumbuh.workplan.ingest import EXAMPLE, WorkPlanFileError, office_from_text, validate_plan

PLACES = Places(
    [
        Place("71.72.01.1001", "Pasir Panjang", "71.72.01"),
        Place("71.72.02.1001", "Madidir Ure", "71.72.02"),
    ],
    [("71.72.01", "Lembeh Selatan"), ("71.72.02", "Madidir")],
)


def _frame(*rows: dict[str, str]) -> pl.DataFrame:
    return pl.DataFrame([EXAMPLE | row for row in rows], schema=dict.fromkeys(EXAMPLE, pl.String))


def test_the_template_example_row_reads_as_a_sub_activity() -> None:
    records, rejected = validate_plan(
        _frame({"Lokus": "Pasir Panjang; 71.72.02.1001"}), places=PLACES
    )
    assert rejected == []
    (record,) = records
    assert record.office == "dinkes"
    assert record.code == "1.02.02.2.02.0033"
    assert record.numbers["budget_rp"] == Decimal(250_000_000)
    assert record.numbers["target_rp_1"] == Decimal(62_500_000)
    assert record.interventions == ("pmt_balita",)
    assert record.lokus == ("71.72.01.1001", "71.72.02.1001")


def test_offices_are_named_by_code_or_name() -> None:
    assert office_from_text("Dinas Sosial") == office_from_text("dinsos")
    assert office_from_text("Dinas Pariwisata") is None


def test_bad_cells_are_rejected_naming_column_and_value() -> None:
    rows = _frame(
        {"Kode Sub Kegiatan": "1.02.02"},
        {"Pagu (Rp)": "dua juta", "Realisasi Rp TW I": "-5"},
        {"Perangkat Daerah": "Dinas Pariwisata", "Intervensi": "pijat bayi", "Lokus": "Atlantis"},
    )
    records, rejected = validate_plan(rows, places=PLACES)
    assert records == []
    texts = [[english(r) for r in row.reasons] for row in rejected]
    assert [row.row for row in rejected] == [2, 3, 4]
    assert texts[0] == [
        "Kode Sub Kegiatan: '1.02.02' is not a SIPD sub-activity code (like 1.02.02.2.02.0033)"
    ]
    assert texts[1] == [
        "Pagu (Rp): not a number 'dua juta'",
        "Realisasi Rp TW I: negative '-5'",
    ]
    assert (
        texts[2][0]
        == "Perangkat Daerah: 'Dinas Pariwisata' is not an office (use its code or name)"
    )
    assert (
        "Intervensi: unknown intervention 'pijat bayi' (use a catalogue code or its name)"
        in texts[2]
    )
    assert "Lokus: 'Atlantis' matches no kelurahan" in texts[2]


def test_an_office_account_may_not_import_another_offices_rows() -> None:
    rows = _frame({}, {"Perangkat Daerah": "dinsos", "Kode Sub Kegiatan": "1.06.04.2.01.0003"})
    records, rejected = validate_plan(rows, places=PLACES, offices=frozenset({"dinsos"}))
    assert [r.code for r in records] == ["1.06.04.2.01.0003"]
    assert english(rejected[0].reasons[0]).startswith(
        "Perangkat Daerah: 'dinkes' is another office"
    )


def test_the_same_sub_activity_twice_keeps_the_first_row() -> None:
    records, rejected = validate_plan(_frame({}, {}), places=PLACES)
    assert len(records) == 1
    assert english(rejected[0].reasons[0]) == "same sub-activity as row 2; row 2 was kept"


def test_a_file_without_the_plan_columns_is_refused_whole() -> None:
    with pytest.raises(WorkPlanFileError, match="missing column"):
        validate_plan(pl.DataFrame({"Nama": ["x"]}), places=PLACES)
