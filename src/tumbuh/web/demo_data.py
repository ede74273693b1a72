"""Synthetic but realistic growth data for the demo city (numpy only; no Django).

Each child has a latent length-for-age and weight-for-length z-score (shifted per kelurahan so
that stunting varies between 10 and 35 %); measurements come from WHO's LMS curves with
measurement noise, digit preference (lengths ending in .0 or .5), a few gross entry errors that
WHO flags, and missed months.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tumbuh.growth.lms import sd_value
from tumbuh.growth.rules import HEIGHT_FROM_AGE_DAYS
from tumbuh.growth.tables import Table, load

FIRST_NAMES_GIRL = (
    "Aurel",
    "Bunga",
    "Cindy",
    "Dewi",
    "Febri",
    "Grace",
    "Injil",
    "Jessica",
    "Kezia",
    "Lidya",
    "Mutiara",
    "Natalia",
    "Olivia",
    "Putri",
    "Queen",
    "Rahel",
    "Siti",
    "Tirza",
    "Vania",
    "Yohana",
)
FIRST_NAMES_BOY = (
    "Alfa",
    "Brayen",
    "Christian",
    "Daniel",
    "Elia",
    "Fadli",
    "Gilbert",
    "Hizkia",
    "Immanuel",
    "Josua",
    "Kevin",
    "Marvel",
    "Nathan",
    "Owen",
    "Rafael",
    "Samuel",
    "Tegar",
    "Valen",
    "Yoel",
    "Zidan",
)
FAMILY_NAMES = (
    "Lumingkewas",
    "Wowor",
    "Rondonuwu",
    "Mangindaan",
    "Sondakh",
    "Tumbelaka",
    "Pangemanan",
    "Kalalo",
    "Lengkong",
    "Rumondor",
    "Sumampouw",
    "Tumewu",
    "Karundeng",
    "Makalew",
    "Walangitan",
    "Manoppo",
    "Pontoh",
    "Lasut",
    "Rompas",
    "Tamboto",
    "Ratulangi",
    "Paat",
    "Tangkudung",
    "Mokoginta",
)
POSYANDU_NAMES = (
    "Melati",
    "Mawar",
    "Anggrek",
    "Kenanga",
    "Cempaka",
    "Flamboyan",
    "Dahlia",
    "Teratai",
    "Kamboja",
    "Seroja",
)
DIGIT_PREFERENCE = 0.25  # share of lengths rounded to the nearest .5 cm
GROSS_ERRORS = 0.003  # share of entries with a gross typo (WHO flags most of them)
MISSED = 0.15  # share of monthly visits missed


@dataclass(frozen=True)
class Growth:
    lenhei: npt.NDArray[np.float64]
    weight: npt.NDArray[np.float64]
    lying: npt.NDArray[np.bool_]


def _at(
    table: Table, sex: npt.NDArray[np.intp], key: npt.NDArray[np.intp], k: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    lms = load(table)
    key = np.clip(key, lms.first_key, lms.last_key)
    index, _exists = lms.flat_index(sex, key)
    return sd_value(k, lms.l[index], lms.m[index], lms.s[index])  # type: ignore[arg-type]


def synthesise(
    rng: np.random.Generator,
    *,
    sex: npt.NDArray[np.intp],
    age_days: npt.NDArray[np.intp],
    zlen: npt.NDArray[np.float64],
    zwfl: npt.NDArray[np.float64],
) -> Growth:
    """Length/height and weight for each (child, visit) row from its latent z-scores."""
    n = age_days.size
    lying = age_days < HEIGHT_FROM_AGE_DAYS
    length = _at(Table.LENGTH_FOR_AGE, sex, age_days, zlen) + rng.normal(0, 0.4, n)
    length = np.where(lying, length, length - 0.7)  # standing height reads ~0.7 cm less
    prefer = rng.random(n) < DIGIT_PREFERENCE
    length = np.where(prefer, np.round(length * 2) / 2, np.round(length, 1))
    key = np.rint(length * 10).astype(np.intp)
    weight = np.where(
        lying,
        _at(Table.WEIGHT_FOR_LENGTH, sex, key, zwfl),
        _at(Table.WEIGHT_FOR_HEIGHT, sex, key, zwfl),
    )
    weight = np.round(weight + rng.normal(0, 0.08, n), 1)
    gross = rng.random(n) < GROSS_ERRORS
    length = np.where(gross, length + rng.choice([-12.0, 12.0], n), length)
    return Growth(lenhei=np.clip(length, 40, 130), weight=np.clip(weight, 1.5, 40), lying=lying)
