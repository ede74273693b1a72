"""Validating e-PPGBM rows: usable with warnings, or rejected with every reason."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from tests.ingest.eppgbm_files import HEADER, PITFALLS, VALID_NIK, row
from tumbuh.ingest.eppgbm import (
    EppgbmFileError,
    age_from_text,
    birth_from_age,
    validate_eppgbm,
)
from tumbuh.ingest.nik import read_nik
from tumbuh.ingest.reasons import Reason, english

KELURAHAN = {"pasir panjang": "71.72.01.1001", "paudean": "71.72.01.1002"}
#: The import day of these tests (after every date of the sample rows).
TODAY = date(2026, 12, 1)


def _validate(rows: list[dict[str, str]]):  # type: ignore[no-untyped-def]
    frame = pl.DataFrame(rows, schema=dict.fromkeys(HEADER, pl.String))
    return validate_eppgbm(frame, kelurahan=KELURAHAN, today=TODAY)


def test_every_row_is_kept_or_rejected() -> None:
    records, rejected = _validate(PITFALLS)
    assert len(records) + len(rejected) == len(PITFALLS)
    assert sorted([r.row for r in records] + [r.row for r in rejected]) == list(
        range(2, len(PITFALLS) + 2)
    )


def test_a_clean_row_is_read_with_decimal_commas_and_day_first_dates() -> None:
    (record,), _ = _validate([row(NIK=VALID_NIK)])
    assert record.nik == "7172014506230001"
    assert record.sex == 2
    assert record.birth_date == date(2023, 6, 5)
    assert record.measured_on == date(2026, 8, 5)
    assert record.weight_kg == 12.5
    assert record.lenhei_cm == 90.1
    assert record.position == "h"
    assert record.kelurahan == "71.72.01.1001"
    assert record.file_z["zs_hfa"] == -1.95
    assert record.warnings == ()


def _warnings(**cells: str) -> tuple[str, ...]:
    (record,), _ = _validate([row(**cells)])
    return tuple(map(english, record.warnings))


def test_a_masked_nik_is_kept_out_of_matching_with_a_warning() -> None:
    (record,), _ = _validate([row(NIK="7172**********01")])
    assert record.nik is None
    assert record.warnings == (Reason("nik_masked", "NIK", {"text": "7172**********01"}),)
    assert english(record.warnings[0]) == "NIK: masked '7172**********01', kept out of matching"


def test_a_nik_that_became_a_number_is_named() -> None:
    assert "NIK: lost digits as a number '7.17201450623e+15'" in _warnings(NIK="7.17201450623e+15")


def test_a_weight_in_grams_is_read_as_kilograms_with_a_warning() -> None:
    (record,), _ = _validate([row(Berat="12500")])
    assert record.weight_kg == 12.5
    assert "Berat: 12500 looks like grams, read as 12.5 kg" in map(english, record.warnings)


def test_a_missing_birth_date_is_taken_from_the_age_text() -> None:
    (record,), _ = _validate(
        [row(**{"Tgl Lahir": "", "Usia Saat Ukur": "2 Tahun - 3 Bulan - 14 Hari"})]
    )
    assert record.birth_date == date(2024, 4, 21)
    assert Reason("birth_from_age", "Tgl Lahir") in record.warnings


def test_a_missing_birth_date_is_taken_from_the_nik_when_it_agrees_with_the_age_text() -> None:
    (record,), _ = _validate(
        [
            row(
                NIK="7172014506230001",  # born 05-06-2023, a girl
                **{"Tgl Lahir": "", "Usia Saat Ukur": "3 Tahun - 1 Bulan - 28 Hari"},
            )
        ]
    )
    assert record.birth_date == date(2023, 6, 5)
    assert record.nik == "7172014506230001"
    assert Reason("birth_from_nik", "Tgl Lahir") in record.warnings


def test_an_outlier_label_is_a_warning() -> None:
    assert "BB/U: 'Outlier' in the file" in _warnings(**{"BB/U": "Outlier"})


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (
            {"Desa/Kel": "Pasir Panjan"},
            "Desa/Kel: 'Pasir Panjan' matches no kelurahan (did you mean 'pasir panjang'?)",
        ),
        (
            {"Tgl Lahir": "", "Usia Saat Ukur": ""},
            "Tgl Lahir: missing or not a date, and no Usia Saat Ukur",
        ),
        ({"Berat": "", "Tinggi": ""}, "Berat and Tinggi: no usable measurement"),
        ({"JK": "X"}, "JK: missing or unknown"),
        ({"Posyandu": ""}, "Posyandu: missing"),
        ({"Tanggal Pengukuran": "31/02/2026"}, "Tanggal Pengukuran: missing or not a date"),
    ],
)
def test_a_row_that_cannot_become_a_record_is_rejected_with_its_reason(
    cells: dict[str, str], reason: str
) -> None:
    _, (rejected,) = _validate([row(**cells)])
    assert reason in map(english, rejected.reasons)
    assert rejected.values["Nama"] == "Aulia Putri"


def test_kelurahan_names_match_without_prefix_case_or_hyphens() -> None:
    (record,), _ = _validate([row(**{"Desa/Kel": "KELURAHAN  Pasir-Panjang"})])
    assert record.kelurahan == "71.72.01.1001"


def test_a_file_without_the_e_ppgbm_headers_is_refused() -> None:
    with pytest.raises(EppgbmFileError, match="missing column"):
        validate_eppgbm(pl.DataFrame({"a": ["1"]}), kelurahan=KELURAHAN, today=TODAY)


def test_the_misspelled_pukesmas_header_is_accepted() -> None:
    assert "Pukesmas" in HEADER
    records, _ = _validate([row()])
    assert len(records) == 1


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("2 Tahun - 3 Bulan - 14 Hari", (2, 3, 14)),
        ("0 Tahun - 11 Bulan - 0 Hari", (0, 11, 0)),
        ("5 Bulan", (0, 5, 0)),
        ("", None),
    ],
)
def test_age_text(text: str, age: tuple[int, int, int] | None) -> None:
    assert age_from_text(text) == age


def test_birth_from_age_handles_month_ends() -> None:
    assert birth_from_age(date(2026, 3, 31), (0, 1, 0)) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("raw", "nik"),
    [
        ("7172014506230001", "7172014506230001"),
        ("'7172014506230001", "7172014506230001"),
        ("717201450623000", None),
        ("7172014506230000", None),
        ("", None),
    ],
)
def test_nik_cells(raw: str, nik: str | None) -> None:
    assert read_nik(raw).nik == nik


def test_it_rejects_a_measurement_dated_after_the_import_day() -> None:
    records, rejected = _validate([row(**{"Tanggal Pengukuran": "05/01/2031"})])
    assert records == []
    reason = Reason(
        "after_import_day", "Tanggal Pengukuran", {"date": "2031-01-05", "today": "2026-12-01"}
    )
    assert reason in rejected[0].reasons
    assert english(reason) == (
        "Tanggal Pengukuran: 2031-01-05 is after the day of the import (2026-12-01)"
    )


def test_it_rejects_a_birth_date_after_the_import_day() -> None:
    future = {"Tgl Lahir": "01/03/2030", "Tanggal Pengukuran": "02/03/2030"}
    records, rejected = _validate([row(**future)])
    assert records == []
    assert {r.code for r in rejected[0].reasons} >= {"after_import_day"}
    assert {r.field for r in rejected[0].reasons if r.code == "after_import_day"} == {
        "Tgl Lahir",
        "Tanggal Pengukuran",
    }


def test_a_measurement_on_the_import_day_itself_is_kept() -> None:
    records, rejected = _validate([row(**{"Tanggal Pengukuran": "01/12/2026"})])
    assert rejected == []
    assert records[0].measured_on == TODAY
