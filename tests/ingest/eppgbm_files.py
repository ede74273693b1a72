"""e-PPGBM exports generated for tests, with the pitfalls seen in real files (DOMAIN.md 3.1)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

HEADER = [
    "No",
    "NIK",
    "Nama",
    "JK",
    "Tgl Lahir",
    "BB Lahir",
    "TB Lahir",
    "Nama Ortu",
    "Prov",
    "Kab/Kota",
    "Kec",
    "Pukesmas",
    "Desa/Kel",
    "Posyandu",
    "RT",
    "RW",
    "Alamat",
    "Usia Saat Ukur",
    "Tanggal Pengukuran",
    "Berat",
    "Tinggi",
    "Cara Ukur",
    "LiLA",
    "BB/U",
    "ZS BB/U",
    "TB/U",
    "ZS TB/U",
    "BB/TB",
    "ZS BB/TB",
    "Naik Berat Badan",
    "Kelas Ibu Balita",
    "MBG",
]


def row(**cells: str) -> dict[str, str]:
    base = dict.fromkeys(HEADER, "")
    base.update(
        {
            "No": "1",
            "NIK": "",
            "Nama": "Aulia Putri",
            "JK": "P",
            "Tgl Lahir": "05/06/2023",
            "Nama Ortu": "Sinta",
            "Pukesmas": "Puskesmas A",
            "Desa/Kel": "Pasir Panjang",
            "Posyandu": "Melati 1",
            "RT": "001",
            "RW": "002",
            "Alamat": "Jl. Pantai",
            "Usia Saat Ukur": "3 Tahun - 2 Bulan - 0 Hari",
            "Tanggal Pengukuran": "05/08/2026",
            "Berat": "12,5",
            "Tinggi": "90,1",
            "Cara Ukur": "Berdiri",
            "ZS TB/U": "-1,95",
            "ZS BB/U": "-0,9",
            "ZS BB/TB": "0,1",
        }
    )
    base.update(cells)
    return base


VALID_NIK = "7172014506230001"  # kecamatan 71.72.01, born 05-06-2023, a girl (day + 40)

PITFALLS = [
    row(NIK=VALID_NIK),  # clean
    row(NIK="7172**********01", Nama="Bima"),  # masked NIK: kept, warned
    row(NIK="7.17201450623e+15", Nama="Citra"),  # NIK turned into a number
    row(Berat="12500", Nama="Dewi"),  # weight in grams
    row(**{"Tgl Lahir": "2023-06-05", "Nama": "Eka"}),  # ISO date
    row(**{"Tgl Lahir": "", "Nama": "Fajar", "Usia Saat Ukur": "2 Tahun - 3 Bulan - 14 Hari"}),
    row(**{"BB/U": "Outlier", "Nama": "Gilang"}),  # status cell says Outlier
    row(**{"Desa/Kel": "Pasir Panjan", "Nama": "Hana"}),  # typo: rejected with a suggestion
    row(**{"Tgl Lahir": "", "Usia Saat Ukur": "", "Nama": "Indra"}),  # no birth date, no age
    row(Berat="", Tinggi="", Nama="Joko"),  # no usable measurement
    row(JK="X", Nama="Kiki"),  # unknown sex
]


def write_export(path: Path, rows: list[dict[str, str]]) -> Path:
    frame = pl.DataFrame(rows, schema=dict.fromkeys(HEADER, pl.String))
    if path.suffix == ".xlsx":
        frame.write_excel(path)
    else:
        frame.write_csv(path)
    return path
