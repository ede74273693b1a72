"""``tumbuh analyse``: prevalence and quality, every output format, bad input refused."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from tests.xlsx_cells import column_cells
from tumbuh.cli import main
from tumbuh.files.xlsx import PERCENT_FORMAT

DATA = Path(__file__).parents[1] / "survey" / "data"
IGROWUP = DATA / "igrowup_survey_input.csv"
IGROWUP_MAP = [
    "--map",
    "GENDER=sex",
    "--map",
    "agemons=age_months",
    "--map",
    "WEIGHT=weight",
    "--map",
    "HEIGHT=lenhei",
]


def test_anthro_format_csv_equals_who_anthro_prevalence(tmp_path: Path) -> None:
    # WHO rounded the example's float32 noise to 0.1 before scoring; so does this copy
    source = tmp_path / "survey.csv"
    pl.read_csv(IGROWUP).with_columns(pl.col("WEIGHT", "HEIGHT").round(1)).write_csv(source)
    out = tmp_path / "prev.csv"
    args = [
        "analyse",
        str(source),
        "-o",
        str(out),
        "--sw",
        "SW",
        "--by",
        "region",
        "--format",
        "anthro",
        *IGROWUP_MAP,
    ]
    assert main(args) == 0
    got = pl.read_csv(out)
    expected = pl.read_csv(DATA / "anthro_r_igrowup_survey_prevalence_sw.csv")
    assert got.columns == expected.columns
    assert got["Group"].to_list() == [
        g.replace("Geographical region", "region") for g in expected["Group"].to_list()
    ]
    for column in expected.columns[1:]:
        difference = (got[column] - expected[column]).abs().max()
        assert difference is None or difference < 0.01, column


def test_tidy_json_has_prevalence_and_quality(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    assert main(["analyse", str(IGROWUP), "-o", str(out), *IGROWUP_MAP]) == 0
    document = json.loads(out.read_text())
    assert document["design"] == "simple random sample"
    stunting = [
        r
        for r in document["prevalence"]
        if r["Group"] == "All"
        and r["indicator"] == "HA"
        and r["cutoff"] == "_2"
        and r["reference"] == "2006"
    ]
    assert len(stunting) == 1
    assert document["quality"][0]["smart_grade"] in {
        "excellent",
        "good",
        "acceptable",
        "problematic",
    }


def test_xlsx_has_a_sheet_per_table(tmp_path: Path) -> None:
    out = tmp_path / "result.xlsx"
    assert main(["analyse", str(IGROWUP), "-o", str(out), *IGROWUP_MAP]) == 0
    sheets = pl.read_excel(out, sheet_id=0)
    # the sample holds four children of 60.2-60.8 months: a 2007-reference table too
    assert set(sheets) == {"prevalensi", "kualitas_data", "who_2006", "who_2007"}
    # a prevalence is a percent cell (the fraction, formatted 0.0%); a mean z is not
    stunting = column_cells(out, "HA_2_r", "who_2006")[0]
    assert stunting[1] == PERCENT_FORMAT
    assert 0 <= stunting[0] <= 1
    assert column_cells(out, "HA_r", "who_2006")[0][1] != PERCENT_FORMAT


def test_the_html_report_is_self_contained(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    example = Path(__file__).parents[2] / "examples" / "posyandu.csv"
    assert main(["analyse", str(example), "-o", str(out), "--by", "Posyandu"]) == 0
    html = out.read_text()
    assert "<svg" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert "<script" not in html
    assert "Posyandu: Posyandu Melati 1" in html


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--by", "kecamatan"], "no column 'kecamatan'"), (["-o", "x.pdf"], "cannot write '.pdf'")],
)
def test_bad_options_are_refused_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    args = ["analyse", str(IGROWUP), "-o", str(tmp_path / "out.csv"), *IGROWUP_MAP, *extra]
    assert main(args) == 2
    assert message in capsys.readouterr().err
