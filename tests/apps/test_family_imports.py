"""Importing DTSEN and BKKBN files into the registry: matched, updated, idempotent."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied

from tests.apps.conftest import TODAY, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.imports.family_services import families_import
from tumbuh.interventions.models import Delivery
from tumbuh.interventions.selectors import scorecard_for
from tumbuh.registry.models import Family


def _dtsen(path: Path, rows: list[dict[str, str]]) -> Path:
    pl.DataFrame(rows).write_csv(path)
    return path


def test_dtsen_sets_deciles_records_receipts_and_adds_nothing_the_second_time(
    world: World, tmp_path: Path
) -> None:
    family = FamilyFactory(
        kelurahan=world.kelurahan_a, kk_number="7172010101010001", head_name="Budi"
    )
    ChildFactory(family=family, posyandu=world.posyandu_a)
    path = _dtsen(
        tmp_path / "dtsen.csv",
        [
            {
                "No KK": "7172010101010001",
                "Nama Kepala Keluarga": "Budi",
                "Desa/Kel": "Pasir Panjang",
                "Desil": "2",
                "PKH": "Ya",
                "BPNT": "Tidak",
                "PBI JKN": "Ya",
            },
            {
                "No KK": "",
                "Nama Kepala Keluarga": "Keluarga Baru",
                "Desa/Kel": "Pasir Panjang",
                "Desil": "6-10",
                "PKH": "Tidak",
                "BPNT": "Tidak",
                "PBI JKN": "Tidak",
            },
            {
                "No KK": "",
                "Nama Kepala Keluarga": "Entah",
                "Desa/Kel": "Atlantis",
                "Desil": "1",
                "PKH": "Ya",
                "BPNT": "Ya",
                "PBI JKN": "Ya",
            },
        ],
    )
    first = families_import(
        user=world.tpps, path=path, region=world.kota, kind="dtsen", today=TODAY
    )
    assert (first.rows, first.new, first.updated, first.unchanged, len(first.rejected)) == (
        3,
        1,
        1,
        0,
        1,
    )
    family.refresh_from_db()
    assert family.welfare_decile == 2
    assert set(Delivery.objects.filter(family=family).values_list("intervention", flat=True)) == {
        "pkh",
        "pbi_jkn",
    }
    assert Family.objects.filter(head_name="Keluarga Baru", welfare_decile__isnull=True).exists()
    second = families_import(
        user=world.tpps, path=path, region=world.kota, kind="dtsen", today=TODAY
    )
    assert (second.new, second.updated, second.unchanged) == (0, 0, 2)
    card = scorecard_for(user=world.tpps, region=world.kota, today=TODAY)
    budi = card.gaps(office="dinsos").filter(pl.col("name") == "Budi")
    assert budi["intervention"].to_list() == ["bpnt"]  # desil 2 without BPNT: the one gap left


def test_bkkbn_sets_risk_factors(world: World, tmp_path: Path) -> None:
    family = FamilyFactory(kelurahan=world.kelurahan_a, kk_number="7172010101010002")
    path = tmp_path / "keluarga.csv"
    pl.DataFrame(
        {
            "No KK": ["7172010101010002"],
            "Nama Kepala Keluarga": [family.head_name],
            "Desa/Kel": ["Pasir Panjang"],
            "Air Minum Layak": ["Tidak"],
            "Jamban Layak": ["Tidak"],
        }
    ).write_csv(path)
    result = families_import(
        user=world.tpps, path=path, region=world.kota, kind="keluarga", today=TODAY
    )
    assert result.updated == 1
    family.refresh_from_db()
    assert (family.no_clean_water, family.no_latrine) == (True, True)


def test_a_kader_may_not_import_family_data(world: World, tmp_path: Path) -> None:
    path = _dtsen(
        tmp_path / "d.csv",
        [{"Nama Kepala Keluarga": "X", "Desa/Kel": "Pasir Panjang", "Desil": "1"}],
    )
    with pytest.raises(PermissionDenied):
        families_import(user=world.kader, path=path, region=world.kota, kind="dtsen", today=TODAY)


def test_a_row_contradicting_an_earlier_row_for_the_family_is_rejected_and_reimport_adds_nothing(
    world: World, tmp_path: Path
) -> None:
    budi = {
        "No KK": "7172010101010009",
        "Nama Kepala Keluarga": "Budi",
        "Desa/Kel": "Pasir Panjang",
    }
    rows = [
        {**budi, "Desil": "2", "PKH": "Ya"},
        {**budi, "Desil": "2", "PKH": "Ya"},  # the same again: unchanged
        {**budi, "Desil": "7", "PKH": "Tidak"},  # contradicts row 2
    ]
    path = _dtsen(tmp_path / "dtsen.csv", rows)
    first = families_import(
        user=world.tpps, path=path, region=world.kota, kind="dtsen", today=TODAY
    )
    assert (first.new, first.unchanged, len(first.rejected)) == (1, 1, 1)
    assert first.rejected[0].row == 4
    assert "same family as row 2" in str(first.rejected[0].reasons[0])
    assert Family.objects.get(kk_number="7172010101010009").welfare_decile == 2
    again = families_import(
        user=world.tpps, path=path, region=world.kota, kind="dtsen", today=TODAY
    )
    assert (again.new, again.updated, again.unchanged, len(again.rejected)) == (0, 0, 2, 1)
    assert Delivery.objects.filter(family__kk_number="7172010101010009").count() == 1


def test_assistance_newly_recorded_for_a_known_family_counts_as_updated(
    world: World, tmp_path: Path
) -> None:
    FamilyFactory(kelurahan=world.kelurahan_a, kk_number="7172010101010010", head_name="Sari")
    row = {
        "No KK": "7172010101010010",
        "Nama Kepala Keluarga": "Sari",
        "Desa/Kel": "Pasir Panjang",
        "PKH": "Ya",
    }
    result = families_import(
        user=world.tpps,
        path=_dtsen(tmp_path / "d.csv", [row]),
        region=world.kota,
        kind="dtsen",
        today=TODAY,
    )
    assert (result.new, result.updated) == (0, 1)
    assert Delivery.objects.get(family__kk_number="7172010101010010").intervention == "pkh"
