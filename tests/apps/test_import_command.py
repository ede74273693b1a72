"""`tumbuh import KIND FILE [--rejects REPORT]`: the summary line, the report, the template."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.apps.conftest import World
from tests.ingest.eppgbm_files import PITFALLS, write_export
from tumbuh.cli import main
from tumbuh.cli.importing import new_posyandu_line
from tumbuh.ingest.template import EXAMPLE
from tumbuh.registry.models import Person


def test_an_e_ppgbm_export_ends_with_the_summary_line_and_a_csv_report(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_export(tmp_path / "export.csv", PITFALLS)
    report = tmp_path / "rejects.csv"
    argv = ["import", "eppgbm", str(source), "--region", "71.72", "--user", "root"]
    assert main([*argv, "--rejects", str(report)]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[-1] == "rows: 11, new: 7, updated: 0, unchanged: 0, rejected: 4"
    assert "new posyandu: 1 (Melati 1 (Pasir Panjang))" in out.err.splitlines()
    rejected = pl.read_csv(report).filter(pl.col("status") == "ditolak")  # in Bahasa by default
    assert rejected.height == 4
    hana = rejected.filter(pl.col("Nama") == "Hana")["alasan"][0]
    assert "Desa/Kel: 'Pasir Panjan' tidak cocok dengan kelurahan mana pun" in hana
    assert main([*argv, "--rejects", str(report), "--lang", "en"]) == 0
    english = pl.read_csv(report).filter(pl.col("status") == "rejected")
    assert "matches no kelurahan" in english.filter(pl.col("Nama") == "Hana")["reasons"][0]


def test_a_filled_template_imports_like_an_export(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [EXAMPLE, {**EXAMPLE, "Nama Anak": "Bayu", "Jenis Kelamin (L/P)": "X"}]
    source = tmp_path / "isian.csv"
    pl.DataFrame(rows).write_csv(source)
    argv = ["import", "template", str(source), "--region", "71.72", "--user", "root"]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "rows: 2, new: 1, updated: 0, unchanged: 0, rejected: 1"
    )
    assert Person.objects.filter(name="Aulia Putri").exists()


def test_a_file_that_is_not_a_template_is_refused_naming_the_missing_columns(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "other.csv"
    pl.DataFrame({"Nama Anak": ["Aulia"]}).write_csv(source)
    assert main(["import", "template", str(source), "--region", "71.72", "--user", "root"]) == 2
    err = capsys.readouterr().err
    assert f"{source}: not a Tumbuh template: missing column(s) Jenis Kelamin (L/P)" in err


def test_link_after_the_import_reports_on_stderr_and_keeps_the_summary_last(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_export(tmp_path / "export.csv", PITFALLS)
    argv = ["import", "eppgbm", str(source), "--region", "71.72", "--user", "root", "--link"]
    assert main(argv) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[-1].startswith("rows: 11, new: 7")
    assert "linked: records " in out.err


def test_the_posyandu_an_import_created_make_one_line_however_many() -> None:
    names = [f"Posyandu {n} (Pasir Panjang)" for n in range(1, 301)]
    line = new_posyandu_line(names)
    assert line.startswith("new posyandu: 300 (Posyandu 1 (Pasir Panjang), ")
    assert "Posyandu 5 (Pasir Panjang), …)" in line
    assert "Posyandu 6 " not in line
    assert new_posyandu_line(names[:2]) == (
        "new posyandu: 2 (Posyandu 1 (Pasir Panjang), Posyandu 2 (Pasir Panjang))"
    )
