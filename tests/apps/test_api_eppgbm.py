"""``tumbuh report eppgbm``: measurements in the e-PPGBM export's shape; importing the file
again changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from tests.apps.conftest import World
from tests.apps.factories import ChildFactory
from tumbuh.api.eppgbm_export import COLUMNS, age_text
from tumbuh.cli import main
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.services import measurement_record
from tumbuh.registry.models import Person


def _record(world: World, child: Person, on: date, *values: str) -> None:
    weight, length, pos = values
    measurement_record(
        user=world.admin,
        child=child,
        posyandu=world.posyandu_a,
        measured_on=on,
        weight_kg=Decimal(weight),
        lenhei_cm=Decimal(length),
        position=pos,
        muac_cm=Decimal("13.4") if pos == "l" else None,
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_exported_file_imports_again_without_changing_anything(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    world.child_a.nik = "7172015501250002"
    world.child_a.sex = 2
    world.child_a.save()
    sibling = ChildFactory(
        family=world.child_a.family,
        posyandu=world.posyandu_a,
        name="Bagas",
        birth_date=date(2023, 5, 31),
    )
    _record(world, world.child_a, date(2026, 1, 12), "8.45", "70.5", "l")
    _record(world, world.child_a, date(2026, 2, 12), "8.60", "71.2", "l")
    _record(world, sibling, date(2026, 2, 12), "11.90", "86.0", "h")
    before = list(Measurement.objects.order_by("pk").values())
    people = Person.objects.count()
    output = tmp_path / f"eppgbm{suffix}"
    argv = ["report", "eppgbm", "--region", "71.72", "--from", "2026-01-01", "--to", "2026-02-28"]
    assert main([*argv, "--user", "root", "-o", str(output)]) == 0
    frame = pl.read_csv(output) if suffix == ".csv" else pl.read_excel(output)
    assert tuple(frame.columns) == COLUMNS
    assert frame.height == 3
    capsys.readouterr()
    assert main(["import", "eppgbm", str(output), "--region", "71.72", "--user", "root"]) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    assert summary == "rows: 3, new: 0, updated: 0, unchanged: 3, rejected: 0"
    assert list(Measurement.objects.order_by("pk").values()) == before
    assert Person.objects.count() == people


def test_the_export_holds_only_the_period_and_the_users_area(world: World, tmp_path: Path) -> None:
    _record(world, world.child_a, date(2026, 1, 12), "8.45", "70.5", "l")
    _record(world, world.child_a, date(2026, 3, 12), "8.90", "72.0", "l")
    output = tmp_path / "eppgbm.csv"
    argv = ["report", "eppgbm", "--region", "71.72", "--from", "2026-01-01", "--to", "2026-01-31"]
    assert main([*argv, "--user", "root", "-o", str(output)]) == 0
    frame = pl.read_csv(output, infer_schema=False)
    assert frame["Tanggal Pengukuran"].to_list() == ["12/01/2026"]
    assert frame["Cara Ukur"].to_list() == ["terlentang"]
    assert frame["Desa/Kel"].to_list() == [world.kelurahan_a.name]
    assert main([*argv, "--user", "kader_b", "-o", str(output)]) == 2


def test_the_age_is_written_as_e_ppgbm_writes_it() -> None:
    assert age_text(date(2023, 11, 28), date(2026, 2, 12)) == "2 Tahun - 2 Bulan - 15 Hari"
    assert age_text(date(2024, 1, 31), date(2024, 3, 1)) == "0 Tahun - 1 Bulan - 1 Hari"
    assert age_text(date(2025, 6, 5), date(2025, 6, 5)) == "0 Tahun - 0 Bulan - 0 Hari"
