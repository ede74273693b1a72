"""A synthetic e-PPGBM measurement export of any size, with the pitfalls of real files.

Children of a kab/kota are weighed monthly for a year, or ``months`` months (DOMAIN.md 3.1
headers, the misspelled ``Pukesmas`` included). Most cells are clean; a few per cent carry the
pitfalls seen in real exports: masked or numeric NIKs, decimal commas, weights in grams, ISO
dates, ``Outlier`` labels, age as text without a birth date, kelurahan typos (rejected), rows
with no birth date and no age (rejected). Vectorised, so a million rows take seconds.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from tumbuh.growth.rules import HEIGHT_FROM_AGE_DAYS

FIRST = [
    "Aulia",
    "Bima",
    "Citra",
    "Dewi",
    "Eka",
    "Fajar",
    "Gilang",
    "Hana",
    "Indra",
    "Joko",
    "Kiki",
    "Lia",
    "Muhammad",
    "Nur",
    "Putri",
    "Rizky",
    "Siti",
    "Tegar",
    "Wulan",
    "Yusuf",
    "Abdul",
    "Anisa",
    "Fitri",
    "Hendra",
    "Intan",
    "Kevin",
    "Mega",
    "Rahmat",
    "Sri",
    "Yohanes",
]
SECOND = [
    "Putri",
    "Pratama",
    "Saputra",
    "Lestari",
    "Ramadhan",
    "Wijaya",
    "Mokodompit",
    "Lumban",
    "Sumampouw",
    "Tumbelaka",
    "Rondonuwu",
    "Kalalo",
    "Manoppo",
    "Paputungan",
]
MOTHERS = [
    "Sinta",
    "Yuliana",
    "Maria",
    "Nurhayati",
    "Fransiska",
    "Debora",
    "Hasna",
    "Rini",
    "Stevani",
    "Meiske",
    "Novita",
    "Agustina",
    "Ratna",
    "Lusiana",
    "Hartini",
]
MONTHS = 12


def _pick(rng: np.random.Generator, words: list[str], n: int) -> np.ndarray:
    return np.array(words, dtype=object)[rng.integers(0, len(words), n)]


def _dates(days: np.ndarray, iso: np.ndarray) -> list[str]:
    epoch = date(1970, 1, 1).toordinal()
    out = []
    for d, use_iso in zip(days.tolist(), iso.tolist(), strict=True):
        day = date.fromordinal(epoch + d)
        out.append(day.isoformat() if use_iso else day.strftime("%d/%m/%Y"))
    return out


def _number(values: np.ndarray, comma: np.ndarray, places: int) -> list[str]:
    text = np.char.mod(f"%.{places}f", values)
    return np.where(comma, np.char.replace(text, ".", ","), text).tolist()


def export_frame(
    *,
    rows: int,
    kelurahan: list[tuple[str, str, str, list[str]]],
    measured_last: date,
    seed: int = 7,
    months: int = MONTHS,
    kecamatan: list[str] | None = None,
) -> pl.DataFrame:
    """``kelurahan``: (name, 6-digit kecamatan code, puskesmas name, posyandu names) each;
    ``kecamatan``: each one's kecamatan name for the ``Kec`` column (else left empty)."""
    rng = np.random.default_rng(seed)
    n = rows // months + (rows % months > 0)
    last = (measured_last - date(1970, 1, 1)).days
    sex = rng.integers(1, 3, n)
    age_at_last = rng.integers(12 * 30, 59 * 30, n)  # under five throughout the year
    birth = last - age_at_last
    place = rng.integers(0, len(kelurahan), n)
    posyandu = np.array(
        [kelurahan[p][3][i % len(kelurahan[p][3])] for i, p in enumerate(place.tolist())],
        dtype=object,
    )
    births = [date.fromordinal(date(1970, 1, 1).toordinal() + int(b)) for b in birth]
    day = np.array([b.day + (40 if s == 2 else 0) for b, s in zip(births, sex, strict=True)])
    nik = np.array(
        [
            f"{kelurahan[p][1]}{d:02d}{b.month:02d}{b.year % 100:02d}{i % 10_000:04d}"
            for i, (p, d, b) in enumerate(zip(place.tolist(), day.tolist(), births, strict=True))
        ],
        dtype=object,
    )
    nik_kind = rng.random(n)
    nik = np.where(nik_kind < 0.15, np.char.add(nik.astype(str).astype("U6"), "**********01"), nik)
    nik = np.where((nik_kind >= 0.15) & (nik_kind < 0.2), "", nik)
    name = _pick(rng, FIRST, n) + " " + _pick(rng, SECOND, n)
    mother = _pick(rng, MOTHERS, n) + " " + _pick(rng, SECOND, n)

    child = np.repeat(np.arange(n), months)[:rows]
    month = np.tile(np.arange(months), n)[:rows]
    measured = last - (months - 1 - month) * 30 - rng.integers(0, 5, rows)
    age_days = measured - birth[child]
    age_months = age_days / 30.4375
    weight = np.where(
        age_months < 12, 3.3 + 0.55 * age_months, 9.6 + 0.2 * (age_months - 12)
    ) * rng.normal(1.0, 0.1, rows)
    height = np.where(
        age_months < 12, 50 + 2.2 * age_months, 76 + 0.85 * (age_months - 12)
    ) * rng.normal(1.0, 0.035, rows)
    comma = rng.random(rows) < 0.5
    noise = rng.random(rows)
    weight_text = _number(weight, comma, 1)
    grams = noise < 0.005
    weight_text = np.where(grams, np.char.mod("%d", (weight * 1000).astype(int)), weight_text)
    kel_names = np.array([k[0] for k in kelurahan], dtype=object)[place][child]
    typo = (noise >= 0.005) & (noise < 0.007)
    kel_names = np.where(typo, np.char.add(kel_names.astype(str), "x"), kel_names)
    birth_text = np.array(_dates(birth[child], rng.random(rows) < 0.05), dtype=object)
    years, rest = np.divmod(age_days, 365)
    age_text = [
        f"{y} Tahun - {r // 30} Bulan - {r % 30} Hari" for y, r in zip(years, rest, strict=True)
    ]
    no_birth = (noise >= 0.007) & (noise < 0.008)
    birth_text = np.where(no_birth, "", birth_text)
    nothing = (noise >= 0.008) & (noise < 0.0085)
    age_text = np.where(nothing, "", np.array(age_text, dtype=object))
    birth_text = np.where(nothing, "", birth_text)
    outlier = (noise >= 0.0085) & (noise < 0.0185)
    kel_index = place[child]
    return pl.DataFrame(
        {
            "No": np.arange(1, rows + 1).astype(str),
            "NIK": nik[child],
            "Nama": name[child],
            "JK": np.where(sex[child] == 1, "L", "P"),
            "Tgl Lahir": birth_text,
            "BB Lahir": "",
            "TB Lahir": "",
            "Nama Ortu": mother[child],
            "Prov": "SULAWESI UTARA",
            "Kab/Kota": "KOTA BITUNG",
            "Kec": np.array(kecamatan or [""] * len(kelurahan), dtype=object)[kel_index],
            "Pukesmas": np.array([k[2] for k in kelurahan], dtype=object)[kel_index],
            "Desa/Kel": kel_names,
            "Posyandu": posyandu[child],
            "RT": np.char.mod("%03d", rng.integers(1, 15, n))[child],
            "RW": np.char.mod("%03d", rng.integers(1, 6, n))[child],
            "Alamat": np.char.add("Lingkungan ", rng.integers(1, 9, n).astype(str))[child],
            "Usia Saat Ukur": age_text,
            "Tanggal Pengukuran": _dates(measured, np.zeros(rows, dtype=bool)),
            "Berat": weight_text,
            "Tinggi": _number(height, comma, 1),
            "Cara Ukur": np.where(age_days < HEIGHT_FROM_AGE_DAYS, "Terlentang", "Berdiri"),
            "LiLA": "",
            "BB/U": np.where(outlier, "Outlier", ""),
            "ZS BB/U": "",
            "TB/U": "",
            "ZS TB/U": "",
            "BB/TB": "",
            "ZS BB/TB": "",
        }
    )


def write_export(path: Path, frame: pl.DataFrame) -> Path:
    if path.suffix == ".xlsx":
        frame.write_excel(path)
    else:
        frame.write_csv(path)
    return path
