"""``tumbuh demo``: a kab/kota (Kota Bitung by default, ~13,000 children) with two years of
monthly measurements. Any region with bundled boundaries can be built (``--region 64.02``: Kutai
Kartanegara, a kabupaten with desa); its children scale with its desa/kelurahan.

Everything is written with bulk_create and scored in one vectorised call of ``zscores``.
Running it again reuses the database (it stops as soon as the demo accounts exist).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.campaigns.models import Campaign, CampaignKind
from tumbuh.casework.demo import casework_seed
from tumbuh.facts.services import facts_rebuild
from tumbuh.growth import zscores
from tumbuh.growth.kbm import gain_statuses
from tumbuh.growth.rules import UNDER_FIVE_BELOW_DAYS, is_baduta
from tumbuh.imports.bulk_sql import tables_analyse
from tumbuh.measurements.models import Measurement
from tumbuh.partners.demo import partners_seed
from tumbuh.poverty.demo import poverty_demo
from tumbuh.regions.loader import regions_load
from tumbuh.regions.models import Level, Posyandu, Puskesmas, Region
from tumbuh.registry.models import Family, Person, Sasaran, SasaranRole
from tumbuh.registry.nik import nik_make
from tumbuh.reporting.demo import demo_reporting
from tumbuh.web import demo_data as dd
from tumbuh.workplan.demo import demo_workplan

CITY = "71.72"
CHILDREN = 13_000
#: Bitung's children per kelurahan (13,000 over 69): other regions scale with their desa/kelurahan.
CHILDREN_PER_KELURAHAN = CHILDREN / 69
MONTHS = 24
PASSWORD = "tumbuh-demo"
#: The offices with an account of their own (username = office code), besides ``dinsos`` (which
#: comes with its field workers, ``pkh`` and ``tksk``).
OFFICE_ACCOUNTS = (
    "dinkes",
    "dp2kb",
    "pupr",
    "disdukcapil",
    "kemenag",
    "pendidikan",
    "koperasi",
    "bpjs",
)
ACCOUNTS = (
    "admin",
    "tpps",
    "kecamatan",
    "puskesmas",
    "kader",
    "tpk",
    "dinsos",
    "pkh",
    "tksk",
    "lurah",
    "mitra",
    *OFFICE_ACCOUNTS,
)
SEED = 20_240_601
DEMO_KECAMATAN = ".02"  # the accounts' kecamatan within the region (Madidir in Bitung)
NIFAS_DAYS = 42
PREGNANT_SHARE = 0.04
CAMPAIGN_MONTHS = {2: "Februari", 8: "Agustus"}  # Operasi Timbang / Bulan Penimbangan Balita
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()  # day 0 of numpy's datetime64[D]


def _facilities(rng: np.random.Generator, code: str) -> list[Posyandu]:
    kelurahan = list(Region.objects.filter(level=Level.KELURAHAN, code__startswith=code + "."))
    for kecamatan in Region.objects.filter(level=Level.KECAMATAN, parent_id=code):
        puskesmas = Puskesmas.objects.create(
            name=f"Puskesmas {kecamatan.name}", kecamatan=kecamatan
        )
        puskesmas.kelurahan_served.set([k for k in kelurahan if k.parent_id == kecamatan.code])
    by_kecamatan = {p.kecamatan_id: p for p in Puskesmas.objects.all()}
    posyandu = [
        Posyandu(
            name=f"{dd.POSYANDU_NAMES[i % 10]} {k.name} {i + 1}",
            kelurahan=k,
            puskesmas=by_kecamatan[str(k.parent_id)],
        )
        for k in kelurahan
        for i in range(int(rng.integers(3, 7)))
    ]
    return Posyandu.objects.bulk_create(posyandu)


def _people(
    rng: np.random.Generator, posyandu: list[Posyandu], today: date, n: int
) -> tuple[list[Person], np.ndarray]:
    """Families, mothers and children; returns the children and each child's latent zlen shift."""
    shift = {p.kelurahan_id: rng.normal(-1.05, 0.3) for p in posyandu}
    at = rng.integers(0, len(posyandu), n)
    born = np.array([today.toordinal()]) - rng.integers(1, int(UNDER_FIVE_BELOW_DAYS), n)
    sex = rng.integers(1, 3, n)
    families = Family.objects.bulk_create(
        Family(
            head_name=f"{rng.choice(dd.FIRST_NAMES_BOY)} {rng.choice(dd.FAMILY_NAMES)}",
            kk_number=f"{posyandu[a].kelurahan_id.replace('.', '')[:6]}{i:010d}",
            address=f"Lingkungan {int(rng.integers(1, 9))}",
            rt=f"{int(rng.integers(1, 20)):03d}",
            rw=f"{int(rng.integers(1, 9)):03d}",
            kelurahan=posyandu[a].kelurahan,
            no_clean_water=bool(rng.random() < 0.12),
            no_latrine=bool(rng.random() < 0.15),
            smoker_in_house=bool(rng.random() < 0.45),
            welfare_decile=int(rng.integers(1, 11)),
        )
        for i, a in enumerate(at)
    )
    mothers = Person.objects.bulk_create(
        Person(
            family=f,
            name=f"{rng.choice(dd.FIRST_NAMES_GIRL)} {f.head_name.split()[-1]}",
            sex=2,
            birth_date=date.fromordinal(int(born[i]) - int(rng.integers(18 * 365, 40 * 365))),
            no_nik_reason="unknown",
            posyandu=posyandu[at[i]],
        )
        for i, f in enumerate(families)
    )
    children = []
    serials: dict[tuple[str, date], int] = {}
    for i, f in enumerate(families):
        birth = date.fromordinal(int(born[i]))
        kecamatan = posyandu[at[i]].kelurahan_id.replace(".", "")[:6]
        has_nik = rng.random() < 0.85
        first = dd.FIRST_NAMES_BOY if sex[i] == 1 else dd.FIRST_NAMES_GIRL
        serial = serials[kecamatan, birth] = serials.get((kecamatan, birth), 0) + 1
        children.append(
            Person(
                family=f,
                name=f"{rng.choice(first)} {f.head_name.split()[-1]}",
                sex=int(sex[i]),
                birth_date=birth,
                mother=mothers[i],
                posyandu=posyandu[at[i]],
                nik=nik_make(kecamatan=kecamatan, birth_date=birth, sex=int(sex[i]), serial=serial)
                if has_nik
                else None,
                no_nik_reason="" if has_nik else "not_yet",
            )
        )
    children = Person.objects.bulk_create(children, batch_size=2000)
    SasaranRole.objects.bulk_create(_roles(rng, children, mothers, today), batch_size=5000)
    return children, np.array([shift[posyandu[a].kelurahan_id] for a in at])


def _roles(
    rng: np.random.Generator, children: list[Person], mothers: list[Person], today: date
) -> list[SasaranRole]:
    """Balita and baduta for children, ibu nifas after a recent birth, ibu hamil for a few."""
    roles = []
    for child, mother in zip(children, mothers, strict=True):
        roles.append(SasaranRole(person=child, role=Sasaran.BALITA, start=child.birth_date))
        age = (today - child.birth_date).days
        if is_baduta(age):
            roles.append(SasaranRole(person=child, role=Sasaran.BADUTA, start=child.birth_date))
        if age < NIFAS_DAYS:
            roles.append(SasaranRole(person=mother, role=Sasaran.IBU_NIFAS, start=child.birth_date))
        elif rng.random() < PREGNANT_SHARE:
            hpht = today - timedelta(days=int(rng.integers(30, 250)))
            roles.append(
                SasaranRole(
                    person=mother,
                    role=Sasaran.IBU_HAMIL,
                    start=hpht + timedelta(days=30),
                    hpht=hpht,
                    hpl=hpht + timedelta(days=280),
                )
            )
    return roles


def _measurements(
    rng: np.random.Generator, children: list[Person], shift: np.ndarray, today: date
) -> int:
    day_of = {c.posyandu_id: int(rng.integers(5, 21)) for c in children}
    month0 = today.replace(day=1)
    rows: list[tuple[int, date]] = []
    for index, child in enumerate(children):
        for back in range(MONTHS):
            year, month = divmod(month0.year * 12 + month0.month - 1 - back, 12)
            visit = date(year, month + 1, day_of[child.posyandu_id])
            if visit > today or visit <= child.birth_date or rng.random() < dd.MISSED:
                continue
            rows.append((index, visit))
    idx = np.array([r[0] for r in rows], dtype=np.intp)
    when = np.array([r[1].toordinal() for r in rows])
    born = np.array([c.birth_date.toordinal() for c in children])
    sex = np.array([c.sex for c in children], dtype=np.intp)[idx]
    age = when - born[idx]
    child_zlen = shift + rng.normal(0, 1.0, len(children))
    child_zwfl = rng.normal(-0.2, 0.9, len(children))
    zlen = child_zlen[idx] + rng.normal(0, 0.15, idx.size)
    zwfl = child_zwfl[idx] + rng.normal(0, 0.35, idx.size)
    growth = dd.synthesise(rng, sex=sex, age_days=age, zlen=zlen, zwfl=zwfl)
    scored = zscores(
        sex=sex,
        age=age,
        weight=growth.weight,
        lenhei=growth.lenhei,
        measure=np.where(growth.lying, "l", "h"),
    )
    weight = [round(float(w), 2) for w in growth.weight]  # as stored, and as judged
    gain = gain_statuses(
        child=idx,
        measured_on=(when - EPOCH_ORDINAL).astype("datetime64[D]"),
        weight_kg=weight,
        age_days=age,
    )

    def value(name: str, i: int) -> float | None:
        v = scored[name][i]
        return None if np.isnan(v) else round(float(v), 2)

    def flags(i: int) -> str:
        return " ".join(
            n for n in ("zlen", "zwei", "zwfl", "zbmi") if scored["f" + n[1:]][i] == 1.0
        )

    objects = (
        Measurement(
            child_id=children[idx[i]].pk,
            posyandu_id=children[idx[i]].posyandu_id,
            measured_on=date.fromordinal(int(when[i])),
            age_days=int(age[i]),
            weight_kg=weight[i],
            lenhei_cm=round(float(growth.lenhei[i]), 1),
            position="l" if growth.lying[i] else "h",
            zlen=value("zlen", i),
            zwei=value("zwei", i),
            zwfl=value("zwfl", i),
            zbmi=value("zbmi", i),
            flags=flags(i),
            gain=str(gain[i]),
        )
        for i in range(idx.size)
    )
    Measurement.objects.bulk_create(objects, batch_size=5000)
    return int(idx.size)


def _demo_kecamatan(city: Region) -> Region:
    """The kecamatan of the demo's local accounts: the region's second (Madidir in Bitung)."""
    found = Region.objects.filter(code=city.code + DEMO_KECAMATAN).first()
    return found or Region.objects.filter(parent=city, level=Level.KECAMATAN).order_by("code")[0]


def _demo_posyandu(puskesmas: Puskesmas) -> Posyandu:
    """The kader's posyandu: the puskesmas's first, in a desa where the region has desa (so a
    kabupaten's demo shows its desa)."""
    posyandu = Posyandu.objects.filter(puskesmas=puskesmas).order_by("kelurahan_id", "pk")
    found = posyandu.filter(kelurahan__kind="desa").first() or posyandu.first()
    assert found is not None
    return found


def _accounts(city: Region) -> None:
    kecamatan = _demo_kecamatan(city)
    puskesmas = Puskesmas.objects.filter(kecamatan=kecamatan).order_by("pk")[0]
    posyandu = _demo_posyandu(puskesmas)
    user_create(username="admin", password=PASSWORD, role=Role.ADMIN)
    user_create(username="tpps", password=PASSWORD, role=Role.TPPS, region=city)
    user_create(username="kecamatan", password=PASSWORD, role=Role.KECAMATAN, region=kecamatan)
    user_create(username="puskesmas", password=PASSWORD, role=Role.PUSKESMAS, puskesmas=puskesmas)
    user_create(username="kader", password=PASSWORD, role=Role.KADER, posyandu=posyandu)
    user_create(username="tpk", password=PASSWORD, role=Role.TPK, region=posyandu.kelurahan)
    user_create(
        username="dinsos", password=PASSWORD, role=Role.OFFICE, region=city, office="dinsos"
    )
    user_create(username="pkh", password=PASSWORD, role=Role.PKH, region=posyandu.kelurahan)
    user_create(username="tksk", password=PASSWORD, role=Role.TKSK, region=kecamatan)
    user_create(username="lurah", password=PASSWORD, role=Role.LURAH, region=posyandu.kelurahan)
    user_create(username="mitra", password=PASSWORD, role=Role.PARTNER, region=city)
    for office in OFFICE_ACCOUNTS:
        user_create(
            username=office, password=PASSWORD, role=Role.OFFICE, region=city, office=office
        )


#: Share of targets the demo marks as reached, per intervention (a plausible, uneven picture).
DEMO_COVERAGE = {
    "pemantauan_tumbuh": 0.85,
    "imunisasi_dasar": 0.78,
    "asi_eksklusif": 0.55,
    "mp_asi": 0.6,
    "pmt_balita": 0.45,
    "tata_laksana_gizi_buruk": 0.5,
    "rujukan_stunting": 0.35,
    "ttd_bumil": 0.7,
    "kb_pasca_persalinan": 0.4,
    "pkh": 0.55,
    "bpnt": 0.6,
    "pbi_jkn": 0.72,
    "kepesertaan_jkn": 0.7,
    "pendampingan_tpk": 0.62,
    "air_minum_layak": 0.15,
    "sanitasi_layak": 0.2,
}


def _deliveries(rng: np.random.Generator, today: date, city: Region) -> int:
    """Deliveries of the last year for a share of each intervention's targets."""
    from tumbuh.convergence import build_scorecard
    from tumbuh.interventions.models import Delivery
    from tumbuh.interventions.selectors import targets_frame

    admin = User.objects.get(username="admin")
    targets = targets_frame(user=admin, region=city, today=today)
    due = build_scorecard(
        targets, pl.DataFrame(schema={"target_id": pl.String, "intervention": pl.String})
    )
    rows = due.expected.select("target_id", "intervention").to_dicts()
    objects = []
    for row in rows:
        if rng.random() >= DEMO_COVERAGE.get(row["intervention"], 0.5):
            continue
        pk = int(row["target_id"][1:])
        person, family = (pk, None) if row["target_id"][0] == "p" else (None, pk)
        objects.append(
            Delivery(
                intervention=row["intervention"],
                person_id=person,
                family_id=family,
                delivered_on=today - timedelta(days=int(rng.integers(1, 300))),
                recorded_by=admin,
            )
        )
    Delivery.objects.bulk_create(objects, batch_size=5000)
    return len(objects)


TPK_TEAMS_PER_KELURAHAN = 2
FIRST_NAMES = ("Siti", "Maria", "Grace", "Yuliana", "Dewi", "Ani", "Rina", "Nova", "Sarah", "Lina")


def _heads(city: Region) -> tuple[str, str]:
    """Who chairs the region's TPPS, and its government: a kota's and a kabupaten's words."""
    place = city.name.removeprefix("Kota ").removeprefix("Kabupaten ")
    if city.kind == "kabupaten":
        return f"Wakil Bupati {place}", f"Pemerintah Kabupaten {place}"
    return f"Wakil Wali Kota {place}", f"Pemerintah Kota {place}"


def _teams(rng: np.random.Generator, today: date, city: Region) -> None:
    """The city's TPPS by decree, two TPK teams per kelurahan, at-risk families assigned."""
    from tumbuh.convergence.assignment import assign_families
    from tumbuh.teams.models import (
        Assignment,
        Position,
        Team,
        TeamKind,
        TeamMember,
        Visit,
        WorkArea,
    )

    chair, government = _heads(city)
    tpps = Team.objects.create(
        kind=TeamKind.TPPS,
        name=f"TPPS {city.name}",
        region=city,
        decree_number="188.45/HKM/SK/112/2025",
        decree_date=date(2025, 3, 3),
        period_start=2025,
        period_end=2030,
    )
    TeamMember.objects.bulk_create(
        [
            TeamMember(
                team=tpps,
                name=chair,
                position=Position.CHAIR,
                institution=government,
            ),
            TeamMember(
                team=tpps,
                name="Sekretaris Daerah",
                position=Position.VICE_CHAIR,
                institution=f"Setda {city.name}",
            ),
            TeamMember(
                team=tpps, name="Kepala Bappeda", position=Position.SECRETARY, institution="Bappeda"
            ),
            TeamMember(
                team=tpps,
                name="Kepala Dinas Kesehatan",
                position=Position.AREA_COORDINATOR,
                work_area=WorkArea.SERVICES,
                institution="Dinas Kesehatan",
            ),
            TeamMember(
                team=tpps,
                name="Kepala DP2KB",
                position=Position.AREA_COORDINATOR,
                work_area=WorkArea.BEHAVIOUR,
                institution="DP2KB",
            ),
            TeamMember(
                team=tpps,
                name="Kepala Bappeda",
                position=Position.AREA_COORDINATOR,
                work_area=WorkArea.PLANNING,
                institution="Bappeda",
            ),
            TeamMember(
                team=tpps,
                name="Inspektur",
                position=Position.AREA_COORDINATOR,
                work_area=WorkArea.MONITORING,
                institution="Inspektorat",
            ),
            TeamMember(
                team=tpps,
                name="CSR PT Perikanan Nusantara",
                position=Position.MEMBER,
                institution="Mitra swasta / CSR",
            ),
        ]
    )
    kelurahan = list(Region.objects.filter(level=Level.KELURAHAN, code__startswith=city.code + "."))
    teams = Team.objects.bulk_create(
        [
            Team(
                kind=TeamKind.TPK,
                name=f"TPK {k.name} {n + 1}",
                region=k,
                decree_number=f"SK {'Kepala Desa' if k.kind == 'desa' else 'Lurah'} {k.name} 2025",
                period_start=2025,
                period_end=2026,
            )
            for k in kelurahan
            for n in range(TPK_TEAMS_PER_KELURAHAN)
        ]
    )
    positions = (Position.BIDAN, Position.KADER_PKK, Position.KADER_KB)
    TeamMember.objects.bulk_create(
        [
            TeamMember(
                team=t,
                name=f"{rng.choice(FIRST_NAMES)} ({p.label})",
                position=p,
                institution={"bidan": "Puskesmas", "kader_pkk": "TP PKK", "kader_kb": "PPKBD"}[p],
            )
            for t in teams
            for p in positions
        ]
    )
    at_risk = Family.objects.at_risk(on=today).values_list("pk", "kelurahan_id")
    result = assign_families(
        families=[(str(pk), k) for pk, k in at_risk],
        teams=[(str(t.pk), t.region_id) for t in teams],
    )
    since = today - timedelta(days=120)
    Assignment.objects.bulk_create(
        [
            Assignment(family_id=int(f), team_id=int(t), since=since)
            for f, t in result.assignments.items()
        ]
    )
    visits = []
    for family, team in result.assignments.items():
        if rng.random() < 0.7:
            visited = today - timedelta(days=int(rng.integers(5, 90)))
            visits.append(
                Visit(
                    family_id=int(family),
                    team_id=int(team),
                    visited_on=visited,
                    checked="BB/PB anak, LiLA ibu, jamban",
                    given="KIE gizi",
                    next_visit_on=visited + timedelta(days=30),
                )
            )
    Visit.objects.bulk_create(visits, batch_size=5000)
    tpk_user = User.objects.get(username="tpk")
    own_team = next(t for t in teams if t.region_id == tpk_user.profile.region_id)
    TeamMember.objects.filter(team=own_team, position=Position.KADER_PKK).update(user=tpk_user)


def _maternal(rng: np.random.Generator, today: date) -> None:
    """LiLA and Hb for pregnant women: about 15 % KEK (< 23.5 cm), 30 % anaemic (< 11 g/dL)."""
    from decimal import Decimal

    from tumbuh.measurements.models import MaternalMeasurement

    women = SasaranRole.objects.filter(role=Sasaran.IBU_HAMIL, end__isnull=True).values_list(
        "person_id", flat=True
    )
    MaternalMeasurement.objects.bulk_create(
        [
            MaternalMeasurement(
                person_id=pk,
                measured_on=today - timedelta(days=int(rng.integers(1, 60))),
                lila_cm=Decimal(str(round(float(np.clip(rng.normal(25.5, 2.0), 18, 35)), 1))),
                hb_g_dl=Decimal(str(round(float(np.clip(rng.normal(11.6, 1.2), 6, 16)), 1))),
            )
            for pk in women
        ]
    )


def _campaigns(today: date, city: Region) -> None:
    """Operasi Timbang of February and August in the measured months (the city's whole area)."""
    admin = User.objects.get(username="admin")
    first = today.replace(day=1)
    for back in range(MONTHS):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        if month + 1 not in CAMPAIGN_MONTHS:
            continue
        start = date(year, month + 1, 1)
        end = min(
            date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - timedelta(days=1), today
        )
        Campaign.objects.create(
            name=f"Operasi Timbang {CAMPAIGN_MONTHS[month + 1]} {year}",
            region=city,
            start=start,
            end=end,
            kind=CampaignKind.FEBRUARY if month + 1 == 2 else CampaignKind.AUGUST,
            created_by=admin,
        )


def demo_children(code: str) -> int:
    """The default number of children for a region: Bitung's, scaled by desa/kelurahan."""
    if code == CITY:
        return CHILDREN
    places = Region.objects.filter(level=Level.KELURAHAN, code__startswith=code + ".").count()
    return max(1, int(round(places * CHILDREN_PER_KELURAHAN, -2)))


class DemoRegionError(ValueError):
    """The region cannot be a demo: unknown, not a kab/kota, or without bundled boundaries."""


def demo_region_check(code: str) -> None:
    from tumbuh.regions.loader import boundaries

    if code.count(".") != 1:
        raise DemoRegionError(f"{code}: a demo is a kabupaten/kota (a code like 71.72)")
    if boundaries(code, "desa_kelurahan") is None:
        raise DemoRegionError(f"{code}: no boundaries are bundled for this region")


def demo_build(*, today: date | None = None, children: int | None = None, code: str = CITY) -> str:
    """Build the demo of the kab/kota ``code`` once; return a summary with the demo accounts."""
    accounts = "\n".join(f"  {name:<10} / {PASSWORD}" for name in ACCOUNTS)
    if User.objects.filter(username="admin").exists():
        return f"Demo database already built; reusing it. Accounts:\n{accounts}"
    demo_region_check(code)
    today = today or timezone.localdate()
    rng = np.random.default_rng(SEED)
    with transaction.atomic():
        try:
            regions_load(code=code)
        except ValueError as error:
            raise DemoRegionError(str(error)) from error
        city = Region.objects.get(code=code)
        posyandu = _facilities(rng, code)
        people, shift = _people(rng, posyandu, today, children or demo_children(code))
        count = _measurements(rng, people, shift, today)
        _accounts(city)
        _maternal(rng, today)
        _deliveries(rng, today, city)
        _teams(rng, today, city)
        demo_reporting(city_code=city.code, today=today)
        _campaigns(today, city)
        demo_workplan(city=city, today=today)
        casework_seed(rng=rng, today=today, kecamatan_code=_demo_kecamatan(city).code)
        partners_seed(rng=rng, today=today, city_code=city.code)
        poverty_demo(rng=rng, today=today, city=city.code)
        facts_rebuild(today=today)
    tables_analyse()  # the dashboards' first queries are planned on the demo's data
    return (
        f"{city.name}: {len(posyandu)} posyandu, {len(people)} children, {count} measurements.\n"
        f"Accounts (username / password):\n{accounts}"
    )
