"""The catalogue of specific and sensitive interventions, seeded from the RAN-PASTI indicators
(Perpres 72/2021 annex; DOMAIN.md sections 1.5-1.6), each with its target and responsible office.

``applies_to`` is a predicate over the targets table (see ``targets``): who should receive it.
Eligibility rules for social assistance follow DTSEN practice: PKH desil 1-4, BPNT/Sembako and
PBI-JKN desil 1-5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import polars as pl

from tumbuh.convergence.targets import ANAEMIA_HB_BELOW_G_DL, KEK_LILA_BELOW_CM
from tumbuh.growth.categories import (
    SEVERELY_WASTED_BELOW,
    STUNTED_BELOW,
    UNDERWEIGHT_BELOW,
    WASTED_BELOW,
)
from tumbuh.growth.rules import BADUTA_BELOW_MONTHS


class Office(StrEnum):
    """Perangkat daerah responsible for delivering an intervention."""

    DINKES = "dinkes"  # Dinas Kesehatan (puskesmas, posyandu)
    DP2KB = "dp2kb"  # Dinas Pengendalian Penduduk dan KB (TPK, PKB/PLKB)
    DINSOS = "dinsos"  # Dinas Sosial (PKH, BPNT, PBI-JKN proposals)
    PUPR = "pupr"  # PUPR / Perkim (water, sanitation)
    DISDUKCAPIL = "disdukcapil"  # civil registration (NIK, akta, KK)
    KEMENAG = "kemenag"  # KUA (bimbingan perkawinan)
    PENDIDIKAN = "pendidikan"  # Dinas Pendidikan (PAUD, parenting classes)
    KOPERASI = "koperasi"  # Dinas Koperasi dan UMKM
    PERIKANAN = "perikanan"  # Dinas Perikanan (fishing aids)
    BPJS = "bpjs"  # BPJS Kesehatan branch (JKN membership)


#: Each office as its people call it (proper names: the same in every language).
OFFICE_NAMES: Final[dict[Office, str]] = {
    Office.DINKES: "Dinas Kesehatan",
    Office.DP2KB: "DP2KB",
    Office.DINSOS: "Dinas Sosial",
    Office.PUPR: "PUPR / Perkim",
    Office.DISDUKCAPIL: "Disdukcapil",
    Office.KEMENAG: "Kemenag / KUA",
    Office.PENDIDIKAN: "Dinas Pendidikan",
    Office.KOPERASI: "Dinas Koperasi dan UMKM",
    Office.PERIKANAN: "Dinas Perikanan",
    Office.BPJS: "BPJS Kesehatan",
}


class Unit(StrEnum):
    PERSON = "person"
    FAMILY = "family"


class Kind(StrEnum):
    SPECIFIC = "spesifik"
    SENSITIVE = "sensitif"


class Source(StrEnum):
    """What satisfies an intervention: a recorded or imported delivery, or a routine activity
    that counts by itself (no one records a delivery for it)."""

    DELIVERY = "delivery"  # a Delivery row (gap-list button, delivery import, DTSEN, e-PPGBM)
    MEASUREMENT = "measurement"  # any measurement of the child (entered or imported)
    VISIT = "visit"  # a TPK visit to the family


#: How long a routine activity counts, in days: growth monitoring is monthly.
MONTHLY_DAYS: Final = 31
#: Vitamin A is given twice a year (Bulan Penimbangan Balita, February and August).
HALF_YEAR_DAYS: Final = 183


@dataclass(frozen=True)
class Intervention:
    code: str
    name_id: str
    name_en: str
    kind: Kind
    office: Office
    unit: Unit
    target_id: str  # who, in words (Indonesian)
    applies_to: pl.Expr
    #: What satisfies it besides a recorded delivery, and for how many days (None: the
    #: scorecard's delivery window).
    satisfied_by: Source = Source.DELIVERY
    window_days: int | None = None
    #: The ``TARGET_GROUPS`` code of ``applies_to`` (how a stored catalogue names the rule).
    target_group: str = ""


def _sasaran(*roles: str) -> pl.Expr:
    return pl.col("unit").eq(Unit.PERSON) & pl.col("sasaran").is_in(roles)


def _family() -> pl.Expr:
    return pl.col("unit").eq(Unit.FAMILY)


def _desil_at_most(top: int) -> pl.Expr:
    return _family() & pl.col("desil").is_not_null() & (pl.col("desil") <= top)


_CHILD = _sasaran("baduta", "balita")


@dataclass(frozen=True)
class TargetGroup:
    """A rule naming who should receive an intervention: a region picks one for its own
    interventions (the rules are code; which intervention uses which rule is data)."""

    unit: Unit
    label: str  # who, in words (Indonesian)
    applies_to: pl.Expr


#: Every target group an intervention can be given to, by code.
TARGET_GROUPS: Final[dict[str, TargetGroup]] = {
    "ibu_hamil": TargetGroup(Unit.PERSON, "ibu hamil", _sasaran("ibu_hamil")),
    "ibu_hamil_kek": TargetGroup(
        Unit.PERSON,
        f"ibu hamil KEK (LiLA < {KEK_LILA_BELOW_CM} cm)",
        _sasaran("ibu_hamil") & (pl.col("lila_cm") < KEK_LILA_BELOW_CM),
    ),
    "ibu_hamil_anemia": TargetGroup(
        Unit.PERSON,
        f"ibu hamil Hb < {ANAEMIA_HB_BELOW_G_DL} g/dL",
        _sasaran("ibu_hamil") & (pl.col("hb_g_dl") < ANAEMIA_HB_BELOW_G_DL),
    ),
    "ibu_nifas": TargetGroup(Unit.PERSON, "ibu nifas", _sasaran("ibu_nifas")),
    "catin": TargetGroup(Unit.PERSON, "catin", _sasaran("catin")),
    "remaja_putri": TargetGroup(Unit.PERSON, "remaja putri", _sasaran("remaja_putri")),
    "bayi_0_5": TargetGroup(Unit.PERSON, "bayi < 6 bulan", _CHILD & (pl.col("age_months") < 6)),
    "anak_6_23": TargetGroup(
        Unit.PERSON,
        "anak 6-23 bulan",
        _CHILD & (pl.col("age_months") >= 6) & (pl.col("age_months") < BADUTA_BELOW_MONTHS),
    ),
    "anak_12_23": TargetGroup(
        Unit.PERSON,
        "anak 12-23 bulan",
        _CHILD & (pl.col("age_months") >= 12) & (pl.col("age_months") < BADUTA_BELOW_MONTHS),
    ),
    "baduta_balita": TargetGroup(Unit.PERSON, "baduta dan balita", _CHILD),
    "anak_6_59": TargetGroup(Unit.PERSON, "anak 6-59 bulan", _CHILD & (pl.col("age_months") >= 6)),
    "balita_gizi_kurang": TargetGroup(
        Unit.PERSON,
        "balita BB/PB < -2 SD atau BB/U < -2 SD",
        _CHILD
        & (
            pl.col("zwfl").is_between(SEVERELY_WASTED_BELOW, WASTED_BELOW, closed="left")
            | (pl.col("zwei") < UNDERWEIGHT_BELOW)
        ),
    ),
    "balita_wasting": TargetGroup(
        Unit.PERSON, "balita BB/PB < -2 SD (wasting)", _CHILD & (pl.col("zwfl") < WASTED_BELOW)
    ),
    "balita_gizi_buruk": TargetGroup(
        Unit.PERSON,
        "balita gizi buruk (BB/PB < -3 SD)",
        _CHILD & (pl.col("zwfl") < SEVERELY_WASTED_BELOW),
    ),
    "balita_stunting": TargetGroup(
        Unit.PERSON, "balita PB/U atau TB/U < -2 SD", _CHILD & (pl.col("zlen") < STUNTED_BELOW)
    ),
    "anak_desil_1_4": TargetGroup(
        Unit.PERSON,
        "baduta dan balita dari keluarga desil 1-4",
        _CHILD & pl.col("desil").is_not_null() & (pl.col("desil") <= 4),
    ),
    "sasaran_semua": TargetGroup(
        Unit.PERSON,
        "semua sasaran (ibu hamil, ibu nifas, catin, remaja putri, baduta, balita)",
        pl.col("unit").eq(Unit.PERSON),
    ),
    "keluarga_sasaran": TargetGroup(Unit.FAMILY, "keluarga dengan sasaran", _family()),
    "keluarga_berisiko": TargetGroup(
        Unit.FAMILY,
        "keluarga berisiko stunting",
        _family() & pl.col("at_risk").fill_null(value=False),
    ),
    "keluarga_tanpa_air": TargetGroup(
        Unit.FAMILY, "keluarga tanpa air minum layak", _family() & pl.col("water_safe").eq(False)
    ),
    "keluarga_tanpa_jamban": TargetGroup(
        Unit.FAMILY,
        "keluarga tanpa jamban layak",
        _family() & pl.col("sanitation_safe").eq(False),
    ),
    "keluarga_desil_1_4": TargetGroup(Unit.FAMILY, "keluarga desil 1-4", _desil_at_most(4)),
    "keluarga_desil_1_5": TargetGroup(Unit.FAMILY, "keluarga desil 1-5", _desil_at_most(5)),
}


def make_intervention(  # noqa: PLR0917 - one argument per column of a catalogue row
    code: str,
    name_id: str,
    name_en: str,
    kind: Kind,
    office: Office,
    target_group: str,
    satisfied_by: Source = Source.DELIVERY,
    window_days: int | None = None,
) -> Intervention:
    """An intervention from a catalogue row: its target group names the unit and the rule."""
    group = TARGET_GROUPS[target_group]
    return Intervention(
        code,
        name_id,
        name_en,
        kind,
        office,
        group.unit,
        group.label,
        group.applies_to,
        satisfied_by,
        window_days,
        target_group,
    )


#: The national defaults (RAN-PASTI), the seed of every region's catalogue.
CATALOGUE: Final[tuple[Intervention, ...]] = (
    make_intervention(
        "ttd_bumil",
        "Tablet tambah darah ibu hamil (min. 90 tablet)",
        "Iron-folic acid for pregnant women (90+ tablets)",
        Kind.SPECIFIC,
        Office.DINKES,
        "ibu_hamil",
    ),
    make_intervention(
        "pmt_bumil_kek",
        "Tambahan asupan gizi ibu hamil KEK",
        "Supplementary food for pregnant women with chronic energy deficiency",
        Kind.SPECIFIC,
        Office.DINKES,
        "ibu_hamil_kek",
    ),
    make_intervention(
        "anc_anemia",
        "Tata laksana anemia ibu hamil",
        "Anaemia care in pregnancy",
        Kind.SPECIFIC,
        Office.DINKES,
        "ibu_hamil_anemia",
    ),
    make_intervention(
        "ttd_remaja",
        "Tablet tambah darah remaja putri",
        "Iron-folic acid for adolescent girls",
        Kind.SPECIFIC,
        Office.DINKES,
        "remaja_putri",
    ),
    make_intervention(
        "asi_eksklusif",
        "Konseling ASI eksklusif",
        "Exclusive breastfeeding counselling",
        Kind.SPECIFIC,
        Office.DINKES,
        "bayi_0_5",
    ),
    make_intervention(
        "mp_asi",
        "Konseling dan pemantauan MP-ASI",
        "Complementary feeding counselling",
        Kind.SPECIFIC,
        Office.DINKES,
        "anak_6_23",
    ),
    make_intervention(
        "imunisasi_dasar",
        "Imunisasi dasar lengkap",
        "Complete basic immunisation",
        Kind.SPECIFIC,
        Office.DINKES,
        "anak_12_23",
    ),
    make_intervention(
        "pemantauan_tumbuh",
        "Pemantauan pertumbuhan bulanan",
        "Monthly growth monitoring",
        Kind.SPECIFIC,
        Office.DINKES,
        "baduta_balita",
        Source.MEASUREMENT,
        MONTHLY_DAYS,
    ),
    make_intervention(
        "vitamin_a",
        "Suplementasi vitamin A (Februari dan Agustus)",
        "Vitamin A supplementation (February and August)",
        Kind.SPECIFIC,
        Office.DINKES,
        "anak_6_59",
        Source.DELIVERY,
        HALF_YEAR_DAYS,
    ),
    make_intervention(
        "pmt_balita",
        "Tambahan asupan gizi balita gizi kurang / berat badan kurang",
        "Supplementary food for wasted or underweight children",
        Kind.SPECIFIC,
        Office.DINKES,
        "balita_gizi_kurang",
    ),
    make_intervention(
        "tata_laksana_gizi_buruk",
        "Tata laksana gizi buruk",
        "Severe acute malnutrition care",
        Kind.SPECIFIC,
        Office.DINKES,
        "balita_gizi_buruk",
    ),
    make_intervention(
        "rujukan_stunting",
        "Rujukan dan verifikasi dokter anak (stunting)",
        "Paediatric referral and verification of stunting",
        Kind.SPECIFIC,
        Office.DINKES,
        "balita_stunting",
    ),
    make_intervention(
        "kb_pasca_persalinan",
        "KB pasca persalinan",
        "Post-partum family planning",
        Kind.SENSITIVE,
        Office.DP2KB,
        "ibu_nifas",
    ),
    make_intervention(
        "pemeriksaan_catin",
        "Pemeriksaan kesehatan catin (3 bulan pranikah)",
        "Pre-marital health check",
        Kind.SENSITIVE,
        Office.DP2KB,
        "catin",
    ),
    make_intervention(
        "bimbingan_perkawinan",
        "Bimbingan perkawinan dengan materi stunting",
        "Marriage guidance including stunting prevention",
        Kind.SENSITIVE,
        Office.KEMENAG,
        "catin",
    ),
    make_intervention(
        "pendampingan_tpk",
        "Pendampingan keluarga oleh TPK",
        "Family assistance by a TPK",
        Kind.SENSITIVE,
        Office.DP2KB,
        "keluarga_berisiko",
        Source.VISIT,
    ),
    make_intervention(
        "air_minum_layak",
        "Akses air minum layak",
        "Safe drinking water",
        Kind.SENSITIVE,
        Office.PUPR,
        "keluarga_tanpa_air",
    ),
    make_intervention(
        "sanitasi_layak",
        "Akses sanitasi (jamban) layak",
        "Improved sanitation",
        Kind.SENSITIVE,
        Office.PUPR,
        "keluarga_tanpa_jamban",
    ),
    make_intervention(
        "pkh",
        "Program Keluarga Harapan (PKH)",
        "Conditional cash transfer (PKH)",
        Kind.SENSITIVE,
        Office.DINSOS,
        "keluarga_desil_1_4",
    ),
    make_intervention(
        "bpnt",
        "Bantuan pangan non-tunai (BPNT/Sembako)",
        "Food assistance (BPNT/Sembako)",
        Kind.SENSITIVE,
        Office.DINSOS,
        "keluarga_desil_1_5",
    ),
    make_intervention(
        "pbi_jkn",
        "Penerima Bantuan Iuran JKN",
        "Subsidised health insurance (PBI-JKN)",
        Kind.SENSITIVE,
        Office.DINSOS,
        "keluarga_desil_1_5",
    ),
    make_intervention(
        "kepesertaan_jkn",
        "Kepesertaan JKN aktif sasaran",
        "Active JKN (national health insurance) membership of targets",
        Kind.SENSITIVE,
        Office.BPJS,
        "sasaran_semua",
    ),
)


def by_code(catalogue: Sequence[Intervention] = CATALOGUE) -> dict[str, Intervention]:
    return {intervention.code: intervention for intervention in catalogue}


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def lookup(text: str, catalogue: Sequence[Intervention] = CATALOGUE) -> Intervention | None:
    """The intervention a cell names: its code or its Indonesian name (case and spaces aside)."""
    wanted = _folded(text)
    for item in catalogue:
        if wanted in (_folded(item.code), _folded(item.name_id)):
            return item
    return None
