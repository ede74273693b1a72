"""Demo partners of Kota Bitung: CSR companies and BKKBN's Bapak Asuh Anak Stunting, with their
commitments and deliveries, the ``mitra`` account acting for one of them, and the TKPK by decree
(chaired by the deputy mayor, partners among its members). Synthetic figures."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from django.contrib.auth.models import User

from tumbuh.partners.models import (
    Commitment,
    CommitmentKind,
    Contribution,
    Partner,
    PartnerKind,
)
from tumbuh.regions.models import Level, Region
from tumbuh.registry.models import Family, Person
from tumbuh.teams.models import Position, Team, TeamKind, TeamMember, WorkArea

TKPK_DECREE = "188.45/KHM/SK/67/2025"
PARTNERS = (
    ("PT Pertamina (Persero)", PartnerKind.COMPANY, "TJSL Pertamina"),
    ("PT Multi Nabati Sulawesi", PartnerKind.COMPANY, "CSR MNS"),
    ("PT Tambang Mineral Nasional", PartnerKind.COMPANY, "CSR pertambangan (fiktif)"),
    ("BKKBN: Bapak Asuh Anak Stunting", PartnerKind.GOVERNMENT, "Perwakilan BKKBN Sulut"),
)
#: Families with a young child each "Bapak Asuh" adopts in the demo.
ADOPTED_FAMILIES = 40


def _tkpk(city: Region) -> None:
    team = Team.objects.create(
        kind=TeamKind.TKPK,
        name="TKPK Kota Bitung",
        region=city,
        decree_number=TKPK_DECREE,
        decree_date=date(2025, 2, 17),
        period_start=2025,
        period_end=2030,
    )
    members = [
        ("Wakil Wali Kota Bitung", Position.CHAIR, "", "Pemerintah Kota Bitung"),
        ("Sekretaris Daerah", Position.VICE_CHAIR, "", "Setda Kota Bitung"),
        ("Kepala Bappeda", Position.SECRETARY, WorkArea.PLANNING, "Bappeda"),
        ("Kepala Dinas Sosial", Position.AREA_COORDINATOR, WorkArea.SERVICES, "Dinas Sosial"),
        ("Kepala Dinas Koperasi dan UMKM", Position.MEMBER, "", "Dinas Koperasi dan UMKM"),
        ("Kepala Dinas Perikanan", Position.MEMBER, "", "Dinas Perikanan"),
        ("Kepala BPS Kota Bitung", Position.MEMBER, WorkArea.MONITORING, "BPS"),
    ]
    members += [(f"Perwakilan {name}", Position.MEMBER, "", name) for name, _k, _c in PARTNERS]
    TeamMember.objects.bulk_create(
        TeamMember(team=team, name=n, position=p, work_area=w, institution=i)
        for n, p, w, i in members
    )


def partners_seed(*, rng: np.random.Generator, today: date, city_code: str) -> int:
    """Partners with commitments and deliveries in the demo city; returns how many partners."""
    city = Region.objects.get(code=city_code)
    kelurahan = list(
        Region.objects.filter(code__startswith=city_code + ".", level=Level.KELURAHAN).order_by(
            "code"
        )
    )
    pick = rng.choice(len(kelurahan), size=4, replace=False)
    pertamina, mns, mining, baas = (
        Partner.objects.create(name=name, kind=kind, region=city, contact=contact)
        for name, kind, contact in PARTNERS
    )
    mitra = User.objects.filter(username="mitra").first()
    if mitra is not None:
        pertamina.accounts.add(mitra)
    year = today.year
    adopted_kel = kelurahan[int(pick[0])]
    promise = Commitment.objects.create(
        partner=pertamina,
        kind=CommitmentKind.KELURAHAN,
        description="Kelurahan binaan: PMT balita dan kelas ibu",
        amount_rp=450_000_000,
        year=year,
        kelurahan=adopted_kel,
    )
    for months, value, what in (
        (5, 120_000_000, "PMT lokal 3 bulan"),
        (2, 80_000_000, "Kelas ibu"),
    ):
        Contribution.objects.create(
            partner=pertamina,
            commitment=promise,
            delivered_on=today - timedelta(days=30 * months),
            what=what,
            value_rp=value,
            kelurahan=adopted_kel,
        )
    goods_kel = kelurahan[int(pick[1])]
    goods = Commitment.objects.create(
        partner=mns,
        kind=CommitmentKind.GOODS,
        description="Paket telur dan minyak goreng untuk keluarga berisiko stunting",
        amount_rp=150_000_000,
        year=year,
        kelurahan=goods_kel,
    )
    Contribution.objects.create(
        partner=mns,
        commitment=goods,
        delivered_on=today - timedelta(days=75),
        what="1.200 paket pangan",
        value_rp=90_000_000,
        kelurahan=goods_kel,
    )
    water_kel = kelurahan[int(pick[2])]
    water = Commitment.objects.create(
        partner=mining,
        kind=CommitmentKind.PROGRAMME,
        description="Jamban sehat dan sambungan air minum",
        amount_rp=600_000_000,
        year=year,
        kelurahan=water_kel,
    )
    Contribution.objects.create(
        partner=mining,
        commitment=water,
        delivered_on=today - timedelta(days=40),
        what="35 jamban sehat",
        value_rp=210_000_000,
        kelurahan=water_kel,
    )
    young = Person.objects.under_five(on=today).filter(
        family__kelurahan__code__startswith=city_code
    )
    families = list(
        Family.objects.filter(pk__in=young.values("family_id"), welfare_decile__lte=4).order_by(
            "pk"
        )[:ADOPTED_FAMILIES]
    )
    asuh = Commitment.objects.create(
        partner=baas,
        kind=CommitmentKind.FAMILIES,
        description="Bapak Asuh Anak Stunting: pendampingan gizi keluarga asuh",
        amount_rp=len(families) * 1_500_000,
        year=year,
    )
    asuh.families.set(families)
    given = Contribution.objects.create(
        partner=baas,
        commitment=asuh,
        delivered_on=today - timedelta(days=20),
        what="Paket gizi (telur, susu, ikan) untuk keluarga asuh",
        value_rp=(len(families) // 2) * 750_000,
    )
    given.families.set(families[: len(families) // 2])
    _tkpk(city)
    return len(PARTNERS)
