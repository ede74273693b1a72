"""BKKBN family and DTSEN rows: facts read, deciles in their real spellings, reasons."""

from __future__ import annotations

import polars as pl
import pytest

from tumbuh.ingest.families import FamilyFileError, read_decile, validate_families
from tumbuh.ingest.reasons import english

KELURAHAN = {"pasir panjang": "71.72.01.1001"}


@pytest.mark.parametrize(
    ("text", "decile", "noted"),
    [
        ("3", 3, False),
        ("10", 10, False),
        ("6-10", None, True),
        ("Belum Ada Desil", None, False),
        ("", None, False),
        ("sebelas", None, True),
    ],
)
def test_deciles_as_dtsen_writes_them(text: str, decile: int | None, noted: bool) -> None:
    value, note = read_decile(text)
    assert value == decile
    assert (note is not None) == noted


def test_a_dtsen_row_gives_the_decile_and_the_assistance_received() -> None:
    frame = pl.DataFrame(
        {
            "No KK": ["7172010101010001"],
            "Nama Kepala Keluarga": ["Budi"],
            "Desa/Kel": ["Pasir Panjang"],
            "Desil": ["2"],
            "PKH": ["Ya"],
            "BPNT": ["Tidak"],
            "PBI JKN": ["Ya"],
        }
    )
    (record,), rejected = validate_families(frame, kind="dtsen", kelurahan=KELURAHAN)
    assert rejected == []
    assert record.facts == {"welfare_decile": 2}
    assert record.received == ("pkh", "pbi_jkn")


def test_a_bkkbn_row_gives_the_risk_factors() -> None:
    frame = pl.DataFrame(
        {
            "No KK": ["7172010101010001"],
            "Nama Kepala Keluarga": ["Budi"],
            "Desa/Kel": ["Pasir Panjang"],
            "Air Minum Layak": ["Tidak"],
            "Jamban Layak": ["Ya"],
            "Ada Perokok": ["Ya"],
        }
    )
    (record,), _ = validate_families(frame, kind="keluarga", kelurahan=KELURAHAN)
    assert record.facts == {"no_clean_water": True, "no_latrine": False, "smoker_in_house": True}


def test_bad_rows_are_rejected_or_warned_with_reasons() -> None:
    frame = pl.DataFrame(
        {
            "No KK": ["123", "7172010101010001"],
            "Nama Kepala Keluarga": ["Ani", "Citra"],
            "Desa/Kel": ["Pasir Panjang", "Atlantis"],
            "Desil": ["1", "1"],
        }
    )
    records, rejected = validate_families(frame, kind="dtsen", kelurahan=KELURAHAN)
    assert tuple(map(english, records[0].warnings)) == (
        "No KK: '123' is not 16 digits, matched by name",
    )
    assert rejected[0].row == 3
    assert "Desa/Kel: 'Atlantis' matches no kelurahan" in map(english, rejected[0].reasons)


def test_a_file_of_the_wrong_kind_is_refused() -> None:
    frame = pl.DataFrame({"Nama Kepala Keluarga": ["Budi"], "Desa/Kel": ["Pasir Panjang"]})
    with pytest.raises(FamilyFileError, match="not a dtsen export"):
        validate_families(frame, kind="dtsen", kelurahan=KELURAHAN)
