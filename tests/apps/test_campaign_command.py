"""`tumbuh report campaign`: one row per kelurahan; its prevalence and CIs are those of
`tumbuh analyse --by kelurahan` on the same measurements (each child's latest in the period)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.apps.campaign_world import AUGUST, measured_children
from tests.apps.conftest import World
from tests.xlsx_cells import column_cells
from tumbuh.cli import main
from tumbuh.cli.report_campaign import COLUMNS
from tumbuh.files.xlsx import PERCENT_FORMAT
from tumbuh.measurements.models import Measurement

ARGS = ["--region", "71.72", "--from", "2026-08-01", "--to", "2026-08-31", "--user", "root"]


def _latest_in_august(world: World) -> pl.DataFrame:
    """A file for `tumbuh analyse`: each child's latest August measurement, with its kelurahan
    (counted here independently of the campaign code)."""
    latest: dict[int, Measurement] = {}
    for m in (
        Measurement.objects.filter(measured_on__range=AUGUST)
        .select_related("child__posyandu__kelurahan")
        .order_by("measured_on")
    ):
        latest[m.child_id] = m
    return pl.DataFrame(
        [
            {
                "sex": m.child.sex,
                "age_days": m.age_days,
                "weight": float(m.weight_kg or 0),
                "lenhei": float(m.lenhei_cm or 0),
                "measure": m.position,
                "kelurahan": m.child.posyandu.kelurahan.name,  # type: ignore[union-attr]
            }
            for m in latest.values()
        ]
    )


def test_the_campaign_report_agrees_with_tumbuh_analyse(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    measured_children(world, posyandu=world.posyandu_a, count=24, seed=11)
    measured_children(world, posyandu=world.posyandu_b, count=15, seed=12)
    report = tmp_path / "kampanye.csv"
    assert main(["report", "campaign", *ARGS, "-o", str(report)]) == 0
    assert "39 of 41 children measured" in capsys.readouterr().err
    rows = pl.read_csv(report)
    assert tuple(rows.columns[: len(COLUMNS)]) == COLUMNS
    assert rows["kelurahan"].to_list() == [world.kelurahan_a.name, world.kelurahan_b.name]
    assert rows["sasaran"].to_list() == [25, 16]  # with child_a and child_b, not measured
    assert rows["diukur"].to_list() == [24, 15]
    assert rows["cakupan"].to_list() == [round(100 * 24 / 25, 1), round(100 * 15 / 16, 1)]

    source = tmp_path / "latest.csv"
    _latest_in_august(world).write_csv(source)
    analysed = tmp_path / "analyse.csv"
    assert main(["analyse", str(source), "-o", str(analysed), "--by", "kelurahan"]) == 0
    who = pl.read_csv(analysed, infer_schema_length=0).filter(
        (pl.col("indicator") == "HA") & (pl.col("cutoff") == "_2")
    )
    for row in rows.iter_rows(named=True):
        expected = who.filter(pl.col("Group") == f"kelurahan: {row['kelurahan']}")
        assert expected.height == 1
        for column, name in (("stunting", "r"), ("stunting_ll", "ll"), ("stunting_ul", "ul")):
            assert row[column] == round(float(expected[name][0]), 1), (row["kelurahan"], column)
    assert rows["stunting"].null_count() == 0


def test_it_writes_xlsx_and_refuses_other_formats(world: World, tmp_path: Path) -> None:
    measured_children(world, posyandu=world.posyandu_a, count=2, seed=13)
    assert main(["report", "campaign", *ARGS, "-o", str(tmp_path / "k.xlsx")]) == 0
    table = pl.read_excel(tmp_path / "k.xlsx")
    assert table.columns[: len(COLUMNS)] == list(COLUMNS)
    for column in ("cakupan", "stunting", "stunting_ul"):
        written = column_cells(tmp_path / "k.xlsx", column)
        assert {fmt for value, fmt in written if value is not None} == {PERCENT_FORMAT}
        assert all(value is None or 0 <= value <= 1 for value, _ in written)
    assert main(["report", "campaign", *ARGS, "-o", str(tmp_path / "k.pdf")]) == 2


def test_it_refuses_a_region_outside_the_users_scope(world: World, tmp_path: Path) -> None:
    args = ["--region", "71.72", "--from", "2026-08-01", "--to", "2026-08-31", "--user", "kader_b"]
    assert main(["report", "campaign", *args, "-o", str(tmp_path / "k.csv")]) == 2
