"""Synthetic children with known truth, carrying the mess of real exports: Indonesian spelling
variants, typos, day/month swapped, masked or missing NIK, newborns without NIK. For measuring
linkage quality (precision and recall of same-person pairs)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import combinations
from typing import Final

import polars as pl

FIRST: Final = (
    "Muhammad",
    "Aulia",
    "Rizky",
    "Putri",
    "Nur",
    "Dewi",
    "Fajar",
    "Grace",
    "Yohanes",
    "Siti",
    "Bima",
    "Citra",
    "Gilang",
    "Angel",
    "Kevin",
    "Maria",
    "Rafael",
    "Nadia",
    "Daniel",
    "Sinta",
    "Joko",
    "Wahyu",
)
LAST: Final = (
    "Walangitan",
    "Tumbelaka",
    "Mokoginta",
    "Kalalo",
    "Rompas",
    "Lengkong",
    "Pangemanan",
    "Wowor",
    "Sondakh",
    "Tangkudung",
    "Saputra",
    "Lestari",
    "Hidayat",
    "Wijaya",
    "Santoso",
    "Djunaedi",
)
VARIANTS: Final = {
    "Muhammad": ("Muhamad", "Moh.", "Mhd"),
    "Nur": ("Noor",),
    "Siti": ("Sitti",),
    "Djunaedi": ("Junaedi",),
    "Putri": ("Putry",),
}


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4 or rng.random() < 0.6:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1 :] if rng.random() < 0.5 else text[:i] + text[i] + text[i:]


def synthetic_children(people: int, *, seed: int = 1) -> pl.DataFrame:
    """Records (1-3 per child) with ``truth`` = the child's id."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for person in range(people):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name, mother = f"{first} {last}", f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        born = date(2021, 1, 1) + timedelta(days=rng.randrange(1500))
        sex, kelurahan = (
            rng.choice("12"),
            f"71.72.0{rng.randrange(8) + 1}.10{rng.randrange(10):02d}",
        )
        nik = f"717201{rng.randrange(10**10):010d}" if rng.random() < 0.6 else None
        for copy in range(rng.choice((1, 1, 2, 2, 3))):
            shown = name
            if copy and first in VARIANTS and rng.random() < 0.5:
                shown = shown.replace(first, rng.choice(VARIANTS[first]))
            if copy and last in VARIANTS and rng.random() < 0.5:
                shown = shown.replace(last, rng.choice(VARIANTS[last]))
            birth = born
            if copy and rng.random() < 0.1 and birth.day <= 12:
                birth = date(birth.year, birth.day, birth.month)
            record_nik = nik if (nik and rng.random() < 0.7) else None  # masked or missing
            rows.append(
                {
                    "unique_id": len(rows),
                    "name": _typo(rng, shown) if copy else shown,
                    "birth_date": birth.isoformat(),
                    "sex": sex,
                    "mother": _typo(rng, mother) if copy else mother,
                    "kelurahan": kelurahan,
                    "nik": record_nik,
                    "truth": person,
                }
            )
    return pl.DataFrame(rows)


def pair_quality(clusters: pl.DataFrame, truth: pl.DataFrame) -> tuple[float, float]:
    """Precision and recall of same-person pairs (clusters: unique_id, cluster_id)."""
    joined = clusters.join(truth.select("unique_id", "truth"), on="unique_id")

    def pairs(key: str) -> set[tuple[int, int]]:
        found: set[tuple[int, int]] = set()
        for members in joined.group_by(key).agg(pl.col("unique_id"))["unique_id"].to_list():
            found |= set(combinations(sorted(members), 2))
        return found

    predicted, actual = pairs("cluster_id"), pairs("truth")
    hits = len(predicted & actual)
    return (hits / len(predicted) if predicted else 1.0, hits / len(actual) if actual else 1.0)
