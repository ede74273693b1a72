"""The demo city's poverty picture: DTSEN households across every kelurahan (most without a young
child), each household's decile for the last two quarters, and programme receipts that reach most
eligible households and some outside the rules (realistic targeting errors).

For the families on the scorecard (those with members), the register's flag programmes (PKH, BPNT,
PBI-JKN) are the demo's deliveries of the same name, so both pages tell one story.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

import numpy as np
from django.contrib.auth.models import User

from tumbuh.interventions.models import Delivery
from tumbuh.poverty.models import DesilRecord, Programme, Receipt
from tumbuh.poverty.services import FLAG_PROGRAMMES, quarter_of
from tumbuh.regions.models import Level, Region
from tumbuh.registry.models import Family, Person

#: DTSEN households without a young child added per kelurahan (on average).
HOUSEHOLDS_PER_KELURAHAN: Final = 60
#: Share of households by decile 1..10 (poorer deciles over-represented in DTSEN).
DESIL_SHARES: Final = (0.13, 0.13, 0.12, 0.11, 0.1, 0.09, 0.09, 0.08, 0.08, 0.07)
#: Of the eligible households, the share receiving; of the others, the share receiving anyway.
REACH: Final = {
    "pkh": (0.62, 0.04),
    "bpnt": (0.66, 0.05),
    "pbi_jkn": (0.78, 0.08),
    "bpjs_pbpu": (0.35, 0.03),
    "blt_dd": (0.5, 0.02),
    "seragam_sekolah": (0.3, 0.02),
    "umkm": (0.12, 0.02),
    "kopdes_merah_putih": (0.2, 0.05),
    "rumpon": (0.05, 0.01),
}
HEADS: Final = ("Yohanis", "Frans", "Ruben", "Hendrik", "Arifin", "Stevi", "Jemmy", "Abdul")
SURNAMES: Final = ("Lumingkewas", "Sondakh", "Manoppo", "Tumbelaka", "Rondonuwu", "Pangemanan")


def _desil(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.choice(np.arange(1, 11), size=n, p=np.array(DESIL_SHARES) / sum(DESIL_SHARES))


def _households(rng: np.random.Generator, city: str) -> None:
    kelurahan = list(
        Region.objects.filter(code__startswith=city + ".", level=Level.KELURAHAN).order_by("code")
    )
    rows: list[Family] = []
    for place in kelurahan:
        n = int(rng.poisson(HOUSEHOLDS_PER_KELURAHAN))
        deciles = _desil(rng, n)
        digits = place.code.replace(".", "")
        for i in range(n):
            rows.append(
                Family(
                    kk_number=f"{digits[:6]}9{len(rows):09d}",
                    head_name=f"{rng.choice(HEADS)} {rng.choice(SURNAMES)}",
                    address=f"Lingkungan {int(rng.integers(1, 9))}",
                    rt=f"{int(rng.integers(1, 20)):03d}",
                    rw=f"{int(rng.integers(1, 9)):03d}",
                    kelurahan=place,
                    welfare_decile=None if rng.random() < 0.03 else int(deciles[i]),
                )
            )
    Family.objects.bulk_create(rows, batch_size=5000)


def _history(rng: np.random.Generator, city: str, today: date) -> None:
    """Every household with a decile: this quarter's, and last quarter's (a quarter of them
    one decile apart)."""
    this = quarter_of(today)
    last = quarter_of(this - timedelta(days=1))
    records = []
    for pk, desil in Family.objects.filter(
        kelurahan__code__startswith=city + ".", welfare_decile__isnull=False
    ).values_list("pk", "welfare_decile"):
        before = desil
        if rng.random() < 0.25:
            before = int(min(10, max(1, desil + rng.choice((-1, 1)))))
        records.append(DesilRecord(family_id=pk, period=last, desil=before))
        records.append(DesilRecord(family_id=pk, period=this, desil=desil))
    DesilRecord.objects.bulk_create(records, batch_size=5000)


def _receipts(rng: np.random.Generator, city: str, today: date) -> int:
    admin = User.objects.filter(username="admin").first()
    register = {p.code: p for p in Programme.objects.all()}
    families = list(
        Family.objects.filter(kelurahan__code__startswith=city + ".").values_list(
            "pk", "welfare_decile"
        )
    )
    # the demo's PKH, BPNT and PBI-JKN deliveries are receipts of the same programmes
    delivered = set(
        Delivery.objects.filter(intervention__in=FLAG_PROGRAMMES, family__isnull=False).values_list(
            "family_id", "intervention"
        )
    )
    with_members = set(
        Person.objects.filter(family__kelurahan__code__startswith=city + ".").values_list(
            "family_id", flat=True
        )
    )
    receipts = [
        Receipt(
            programme=register[code],
            family_id=family,
            received_on=today - timedelta(days=int(rng.integers(1, 300))),
            note="DTSEN",
            recorded_by=admin,
        )
        for family, code in sorted(delivered, key=lambda k: (k[0] or 0, k[1]))
        if family is not None and code in register
    ]
    for code, (eligible_share, other_share) in REACH.items():
        programme = register.get(code)
        if programme is None:
            continue
        for pk, desil in families:
            if code in FLAG_PROGRAMMES and pk in with_members:
                continue  # the deliveries tell it (families on the scorecard)
            eligible = desil is not None and desil <= (programme.max_desil or 10)
            if rng.random() < (eligible_share if eligible else other_share):
                receipts.append(
                    Receipt(
                        programme=programme,
                        family_id=pk,
                        received_on=today - timedelta(days=int(rng.integers(1, 300))),
                        recorded_by=admin,
                    )
                )
    Receipt.objects.bulk_create(receipts, batch_size=5000)
    return len(receipts)


def poverty_demo(*, rng: np.random.Generator, today: date, city: str) -> int:
    """Seed the demo city's households, decile history and receipts; returns the receipts."""
    _households(rng, city)
    _history(rng, city, today)
    return _receipts(rng, city, today)
