"""The demo's work plans (Kota Bitung, 2026, one per office), survey figures and regional
targets. Bitung has no published SSGI/SKI figure in DOMAIN.md: its survey figures and targets
here are plausible, made up, and marked as demo data on every page that shows them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

from django.contrib.auth.models import User

from tumbuh.regions.models import Level, Region
from tumbuh.workplan.models import (
    RegionalTarget,
    SubActivity,
    SurveyFigure,
    SurveySource,
    TargetKind,
    WorkPlan,
)
from tumbuh.workplan.sipd import QUARTERS

PLAN_YEAR: Final = 2026
#: (office, code, programme, activity, sub-activity, budget Rp, indicator, unit, volume,
#: interventions, lokus: how many of the city's desa/kelurahan, 0 for the whole city)
ROWS: Final = (
    (
        "dinkes",
        "1.02.02.2.02.0033",
        "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
        "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat (PMT lokal balita)",
        850_000_000,
        "Balita gizi kurang yang menerima PMT lokal",
        "orang",
        600,
        ("pmt_balita",),
        12,
    ),
    (
        "dinkes",
        "1.02.02.2.02.0034",
        "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
        "Pengelolaan Pelayanan Kesehatan Ibu Hamil (PMT ibu hamil KEK, TTD)",
        420_000_000,
        "Ibu hamil KEK yang menerima PMT",
        "orang",
        250,
        ("pmt_bumil_kek", "ttd_bumil"),
        0,
    ),
    (
        "dinkes",
        "1.02.02.2.02.0020",
        "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
        "Pengelolaan Jaminan Kesehatan Masyarakat (iuran PBI-JKN APBD)",
        3_600_000_000,
        "Penduduk miskin yang iuran JKN-nya dibayar APBD",
        "orang",
        8_000,
        ("pbi_jkn",),
        0,
    ),
    (
        "dinkes",
        "1.02.02.2.02.0036",
        "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
        "Pengelolaan Pelayanan Imunisasi",
        300_000_000,
        "Bayi yang mendapat imunisasi dasar lengkap",
        "orang",
        2_400,
        ("imunisasi_dasar",),
        0,
    ),
    (
        "dinsos",
        "1.06.04.2.01.0003",
        "Program Perlindungan dan Jaminan Sosial",
        "Pengelolaan Data Fakir Miskin Cakupan Daerah Kabupaten/Kota",
        "Verifikasi dan Validasi DTSEN bagi Keluarga Berisiko Stunting",
        275_000_000,
        "Keluarga berisiko stunting yang diverifikasi dan diusulkan bansos",
        "keluarga",
        1_500,
        ("pkh", "bpnt"),
        0,
    ),
    (
        "dp2kb",
        "2.14.04.2.01.0003",
        "Program Pemberdayaan dan Peningkatan Keluarga Sejahtera (KS)",
        "Pelaksanaan Pembangunan Keluarga melalui Pembinaan Ketahanan dan Kesejahteraan Keluarga",
        "Pendampingan Keluarga Berisiko Stunting oleh TPK",
        540_000_000,
        "Keluarga berisiko stunting yang didampingi TPK",
        "keluarga",
        2_000,
        ("pendampingan_tpk", "kb_pasca_persalinan"),
        0,
    ),
    (
        "pupr",
        "1.03.03.2.01.0008",
        "Program Pengelolaan dan Pengembangan Sistem Air Limbah",
        "Pengelolaan dan Pengembangan Sistem Air Limbah Domestik dalam Daerah Kabupaten/Kota",
        "Pembangunan Jamban Sehat Individual (SPALD-S)",
        1_250_000_000,
        "Rumah tangga yang memperoleh jamban sehat",
        "unit",
        250,
        ("sanitasi_layak",),
        8,
    ),
    (
        "pupr",
        "1.03.02.2.01.0009",
        "Program Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum",
        "Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum (SPAM) di Daerah Kabupaten/Kota",
        "Perluasan Sambungan Rumah SPAM bagi Keluarga Miskin",
        980_000_000,
        "Sambungan rumah air minum baru",
        "sambungan",
        400,
        ("air_minum_layak",),
        6,
    ),
    (
        "koperasi",
        "2.17.07.2.01.0001",
        "Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro (UMKM)",
        "Pemberdayaan Usaha Mikro yang Dilakukan melalui Pendataan, Kemitraan, Kemudahan Perizinan",
        "Pendampingan Usaha Mikro Keluarga Berisiko Stunting",
        210_000_000,
        "Usaha mikro keluarga berisiko stunting yang didampingi",
        "usaha",
        120,
        (),
        0,
    ),
    (
        "koperasi",
        "2.17.03.2.01.0002",
        "Program Pengawasan dan Pemeriksaan Koperasi",
        "Pemeriksaan dan Pengawasan Koperasi",
        "Pembentukan dan Pendampingan Koperasi Kelurahan Merah Putih",
        345_000_000,
        "Koperasi Kelurahan Merah Putih yang terbentuk dan aktif",
        "koperasi",
        69,
        (),
        0,
    ),
    (
        "perikanan",
        "3.25.03.2.01.0005",
        "Program Pengelolaan Perikanan Tangkap",
        "Pemberdayaan Nelayan Kecil dalam Daerah Kabupaten/Kota",
        "Penyediaan Rumpon bagi Nelayan Kecil dari Keluarga Berisiko Stunting",
        600_000_000,
        "Rumpon yang diserahkan kepada kelompok nelayan",
        "unit",
        30,
        (),
        10,
    ),
)
#: Share of each quarter's target realised, for the quarters already over (a plausible,
#: uneven picture: slow first quarters, as APBD spending usually is).
REALISED: Final = {1: Decimal("0.55"), 2: Decimal("0.8"), 3: Decimal("0.9"), 4: Decimal("0.95")}
#: Share of the year's target planned in each quarter.
PHASING: Final = {1: Decimal("0.15"), 2: Decimal("0.25"), 3: Decimal("0.3"), 4: Decimal("0.3")}
QUARTER_ENDS: Final = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}

#: Plausible figures for the demo city (marked as demo data): no published one was found.
DEMO_SURVEYS: Final = (
    (2021, SurveySource.SSGI, "27.9", "24.0", "32.1"),
    (2022, SurveySource.SSGI, "26.1", "22.3", "30.2"),
    (2023, SurveySource.SKI, "25.4", "21.2", "30.1"),
    (2024, SurveySource.SSGI, "24.3", "20.5", "28.5"),
    (2025, SurveySource.SSGI, "23.5", "19.8", "27.6"),
)
DEMO_TARGETS: Final = (
    (2025, TargetKind.RPJMD, "22.0"),
    (2026, TargetKind.RPJMD, "20.5"),
    (2027, TargetKind.RPJMD, "19.0"),
    (2028, TargetKind.RPJMD, "17.5"),
    (2029, TargetKind.RPJMD, "16.0"),
    (2026, TargetKind.RKPD, "20.0"),
)
#: Each row's pace against the plan (offices do not spend alike).
PACE: Final = (Decimal("1"), Decimal("0.7"), Decimal("0.95"), Decimal("0.5"), Decimal("0.85"))


def _quarters(budget: int, volume: int, today: date, pace: Decimal) -> dict[str, object]:
    values: dict[str, object] = {}
    for q in QUARTERS:
        target_volume = (Decimal(volume) * PHASING[q]).quantize(Decimal("0.01"))
        target_rp = int(Decimal(budget) * PHASING[q])
        month, day = QUARTER_ENDS[q]
        over = date(PLAN_YEAR, month, day) < today
        share = REALISED[q] * pace if over else Decimal(0)
        values |= {
            f"target_volume_{q}": target_volume,
            f"target_rp_{q}": target_rp,
            f"realised_volume_{q}": (target_volume * share).quantize(Decimal("0.01")),
            f"realised_rp_{q}": int(target_rp * share),
        }
    return values


def demo_workplan(*, city: Region, today: date) -> int:
    """The city's 2026 plans, survey figures and targets; returns the sub-activities made."""
    admin = User.objects.filter(username="admin").first()
    kelurahan = list(
        Region.objects.filter(code__startswith=city.code + ".", level=Level.KELURAHAN).order_by(
            "code"
        )
    )
    plans: dict[str, WorkPlan] = {}
    count = 0
    for office, code, programme, activity, name, budget, indicator, unit, volume, tags, n in ROWS:
        if office not in plans:
            plans[office] = WorkPlan.objects.create(
                region=city, office=office, year=PLAN_YEAR, created_by=admin
            )
        sub = SubActivity.objects.create(
            plan=plans[office],
            code=code,
            programme_name=programme,
            activity_name=activity,
            name=name,
            budget_rp=budget,
            indicator=indicator,
            unit=unit,
            target_volume=Decimal(volume),
            interventions=list(tags),
            **_quarters(budget, volume, today, PACE[count % len(PACE)]),
        )
        if n:
            sub.lokus.set(kelurahan[count % 7 :: 3][:n])
        count += 1
    for year, source, percent, low, high in DEMO_SURVEYS:
        SurveyFigure.objects.create(
            region=city,
            year=year,
            source=source,
            percent=Decimal(percent),
            low=Decimal(low),
            high=Decimal(high),
            demo=True,
            note="contoh untuk demo, bukan angka resmi",
        )
    for year, kind, percent in DEMO_TARGETS:
        RegionalTarget.objects.create(
            region=city, year=year, kind=kind, percent=Decimal(percent), demo=True
        )
    return count
