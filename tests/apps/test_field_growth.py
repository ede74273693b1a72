"""The phone's z-scores (field/static/field/growth.js) equal the server's (tumbuh.growth) and
WHO's own outputs, row for row, on WHO's reference rows for 0-5 years; run in Node here and in
Chromium by the field browser test."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.growth.conftest import number, read_golden, same
from tumbuh.field.tables import growth_tables_json
from tumbuh.growth import zscores

GROWTH_JS = Path(__file__).parents[2] / "src/tumbuh/field/static/field/growth.js"
NODE = shutil.which("node")
Z = ("zlen", "zwei", "zwfl", "zbmi", "zhc", "zac")
COLUMNS = (*Z, *("f" + z[1:] for z in Z), "c9mo_flag")

SURVEY = read_golden("anthro_r_igrowup_survey_zscores.csv")
EDGE = read_golden("anthro_r_edge_cases.csv")

RUNNER = """
const fs = require("fs");
const growth = require(process.argv[1]);
const tables = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const rows = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const out = rows.map((row) => growth.zscores(tables.tables, row));
process.stdout.write(JSON.stringify(out));
"""


def _survey_inputs() -> list[dict[str, Any]]:
    return [
        {
            "sex": int(row["GENDER"]),
            "ageDays": number(row["agemons"]) * 30.4375,
            "weight": number(row["WEIGHT"]),
            "lenhei": number(row["HEIGHT"]),
            "measure": row["measure"],
            "oedema": row["oedema"] == "y",
            "headc": number(row["HEAD"]),
            "armc": number(row["MUAC"]),
        }
        for row in SURVEY
    ]


def _edge_inputs() -> list[dict[str, Any]]:
    factor = {"days": 1.0, "months": 30.4375}
    return [
        {
            "sex": int(row["sex"]),
            "ageDays": number(row["age"]) * factor[row["unit"]],
            "weight": number(row["weight"]),
            "lenhei": number(row["lenhei"]),
            "measure": row["measure"],
            "oedema": row["oedema"] == "y",
            "headc": number(row["headc"]),
            "armc": number(row["armc"]),
        }
        for row in EDGE
    ]


def _json_ready(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """NaN is not JSON: a missing value travels as null, as it does from the phone's form."""
    return [
        {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()}
        for row in rows
    ]


def run_growth_js(rows: list[dict[str, Any]], tmp_path: Path) -> list[dict[str, Any]]:
    assert NODE is not None
    tables = tmp_path / "tables.json"
    tables.write_bytes(growth_tables_json())
    inputs = tmp_path / "rows.json"
    inputs.write_text(json.dumps(_json_ready(rows)))
    done = subprocess.run(
        [NODE, "-e", RUNNER, str(GROWTH_JS), str(tables), str(inputs)],
        capture_output=True,
        check=True,
        text=True,
        timeout=60,
    )
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def _server(rows: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    return zscores(
        sex=[row["sex"] for row in rows],
        age=[row["ageDays"] for row in rows],
        weight=[row["weight"] for row in rows],
        lenhei=[row["lenhei"] for row in rows],
        measure=[row["measure"] for row in rows],
        oedema=["y" if row["oedema"] else "n" for row in rows],
        headc=[row["headc"] for row in rows],
        armc=[row["armc"] for row in rows],
    )


def _phone_value(value: float | None) -> float:
    return math.nan if value is None else float(value)


needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


@needs_node
@pytest.mark.parametrize(
    ("golden", "inputs"), [(SURVEY, _survey_inputs), (EDGE, _edge_inputs)], ids=["survey", "edge"]
)
def test_the_phone_equals_who_and_the_server_on_every_reference_row(
    golden: list[dict[str, str]], inputs: Any, tmp_path: Path
) -> None:
    rows = inputs()
    phone = run_growth_js(rows, tmp_path)
    server = _server(rows)
    wrong = []
    for index, (row, got) in enumerate(zip(golden, phone, strict=True)):
        for name in COLUMNS:
            who, mine = number(row[name]), _phone_value(got[name])
            if not same(who, mine) or not same(float(server[name][index]), mine):
                wrong.append(f"row {index} {name}: WHO {who}, server {server[name][index]}, {mine}")
        for name in ("clenhei", "cbmi"):
            if not same(number(row[name]), _phone_value(got[name]), 1e-4):
                wrong.append(f"row {index} {name}")
    assert wrong == []
    assert len(phone) == len(golden) > 0


@needs_node
def test_the_phone_rounds_like_r_on_half_way_values(tmp_path: Path) -> None:
    script = (
        "const g = require(process.argv[1]);"
        "process.stdout.write(JSON.stringify([0.155, -0.155, 2.675, 1.005, -2.004].map(g.roundR2)))"
    )
    done = subprocess.run(
        [NODE or "node", "-e", script, str(GROWTH_JS)], capture_output=True, check=True, text=True
    )
    from tumbuh.growth.rounding import round_r_scalar

    expected = [round_r_scalar(x) for x in (0.155, -0.155, 2.675, 1.005, -2.004)]
    assert json.loads(done.stdout) == expected
    assert expected[0] == 0.16  # R, where Python's round gives 0.15


@needs_node
def test_the_phone_classifies_with_the_servers_boundaries(tmp_path: Path) -> None:
    from tumbuh.growth import Indicator, classify

    tables = tmp_path / "tables.json"
    tables.write_bytes(growth_tables_json())
    values = [-3.01, -3.0, -2.01, -2.0, 0.0, 1.0, 1.01, 2.0, 2.01, 3.0, 3.01]
    script = (
        "const g = require(process.argv[1]);"
        "const t = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));"
        f"const values = {json.dumps(values)};"
        "const out = {};"
        "for (const i of ['zlen', 'zwei', 'zwfl', 'zbmi'])"
        "  out[i] = values.map((z) => g.classify(t.scales, i, z).slug);"
        "process.stdout.write(JSON.stringify(out));"
    )
    done = subprocess.run(
        [NODE or "node", "-e", script, str(GROWTH_JS), str(tables)],
        capture_output=True,
        check=True,
        text=True,
    )
    phone = json.loads(done.stdout)
    for indicator in ("zlen", "zwei", "zwfl", "zbmi"):
        server = [classify(Indicator(indicator), z) for z in values]
        assert phone[indicator] == [c.slug for c in server if c is not None]
