"""DHIS2 exchange: the demo city's month as dataValueSets JSON and ADX, checked by a DHIS2-shaped
validator (codes known in the mapping, period format, integer values, no duplicates), and
counted against a plain recount of the database."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from django.contrib.auth.models import User

from tumbuh.api.dhis2 import ADX_NAMESPACE, Mapping, mapping_load
from tumbuh.cli import main
from tumbuh.growth import Indicator, Tone, classify
from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Region
from tumbuh.web.demo import demo_build

PERIOD = "202602"


def validate_values(
    values: Iterable[tuple[str, str, str, str, str]], mapping: Mapping, org_units: set[str]
) -> list[str]:
    """What a DHIS2 import with idScheme=CODE would refuse: (dataElement, period, orgUnit,
    categoryOptionCombo, value) with unknown codes, a bad period, a value that is not a
    non-negative integer, or the same key twice."""
    problems = []
    seen: set[tuple[str, str, str, str]] = set()
    for element, period, org_unit, combo, value in values:
        key = (element, period, org_unit, combo)
        if element not in mapping.data_elements.values():
            problems.append(f"unknown data element {element}")
        if org_unit not in org_units:
            problems.append(f"unknown org unit {org_unit}")
        if combo not in mapping.combos.values():
            problems.append(f"unknown category option combo {combo}")
        if not re.fullmatch(r"\d{4}(0[1-9]|1[0-2])", period):
            problems.append(f"bad period {period}")
        if not re.fullmatch(r"0|[1-9]\d*", value):
            problems.append(f"not a count: {value}")
        if key in seen:
            problems.append(f"duplicate {key}")
        seen.add(key)
    return problems


@pytest.fixture
def org_units(db: None) -> set[str]:
    demo_build(today=date(2026, 3, 10), children=400)
    mapping = mapping_load()
    codes = Region.objects.filter(code__startswith="71.72.", level="desa_kelurahan")
    return {mapping.org_unit(code) for code in codes.values_list("code", flat=True)}


def _recount(indicator: Indicator | None) -> int:
    """Children under five weighed in February 2026 (latest weighing of the month), or those of
    them in a Permenkes category below -2 SD of ``indicator``, straight from the database."""
    rows = Measurement.objects.filter(
        measured_on__gte=date(2026, 2, 1), measured_on__lte=date(2026, 2, 28)
    ).order_by("child_id", "measured_on")
    latest = {m.child_id: m for m in rows}
    total = 0
    for m in latest.values():
        if m.weight_kg is None or m.age_days >= 60 * 30.4375:
            continue
        if indicator is None:
            total += 1
            continue
        z = getattr(m, indicator.value)
        category = classify(indicator, z)
        flagged = indicator.value in m.flags.split()
        total += bool(category and not flagged and category.tone in {Tone.SEVERE, Tone.MODERATE})
    return total


def test_the_demo_citys_month_imports_into_a_dhis2_shaped_validator(
    org_units: set[str], tmp_path: Path
) -> None:
    json_file, adx_file = tmp_path / "gizi.json", tmp_path / "gizi.xml"
    for output in (json_file, adx_file):
        argv = ["report", "dhis2", "--region", "71.72", "--period", PERIOD, "-o", str(output)]
        assert main(argv) == 0
    data = json.loads(json_file.read_text())
    mapping = mapping_load()
    assert data["dataSet"] == mapping.data_set
    values = [
        (v["dataElement"], v["period"], v["orgUnit"], v["categoryOptionCombo"], v["value"])
        for v in data["dataValues"]
    ]
    assert validate_values(values, mapping, org_units) == []
    assert len(values) == 69 * 4 * 2 * 4  # kelurahan x indicator x sex x age group
    totals = dict.fromkeys(mapping.data_elements.values(), 0)
    for element, *_, value in values:
        totals[element] += int(value)
    elements = mapping.data_elements
    assert totals[elements["weighed"]] == _recount(None) > 0
    assert totals[elements["stunted"]] == _recount(Indicator.LENGTH_HEIGHT_FOR_AGE) > 0
    assert totals[elements["wasted"]] == _recount(Indicator.WEIGHT_FOR_LENGTH_HEIGHT)
    assert totals[elements["underweight"]] == _recount(Indicator.WEIGHT_FOR_AGE)
    _the_adx_file_carries_the_same_values(adx_file, set(values))
    _the_api_gives_the_same_values(set(values))


def _the_adx_file_carries_the_same_values(
    adx_file: Path, from_json: set[tuple[str, str, str, str, str]]
) -> None:
    mapping = mapping_load()
    root = ET.parse(adx_file).getroot()
    assert root.tag == f"{{{ADX_NAMESPACE}}}adx"
    assert root.get("exported")
    combo_of = {
        (sex, age): code for key, code in mapping.combos.items() for sex, age in [key.split("|")]
    }
    values = []
    for group in root:
        assert group.get("period") == "2026-02-01/P1M"
        assert group.get("dataSet") == mapping.data_set
        for value in group:
            combo = combo_of[(value.get(mapping.sex_category), value.get(mapping.age_category))]
            values.append(
                (value.get("dataElement"), PERIOD, group.get("orgUnit"), combo, value.get("value"))
            )
    assert set(values) == from_json


def _the_api_gives_the_same_values(from_json: set[tuple[str, str, str, str, str]]) -> None:
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="tpps"))
    data = client.get(f"/api/v1/regions/71.72/dhis2/?period={PERIOD}").json()
    values = {
        (v["dataElement"], v["period"], v["orgUnit"], v["categoryOptionCombo"], v["value"])
        for v in data["dataValues"]
    }
    assert values == from_json
    adx = client.get(f"/api/v1/regions/71.72/dhis2/adx/?period={PERIOD}")
    assert adx["Content-Type"].startswith("application/adx+xml")
    assert client.get("/api/v1/regions/71.72/dhis2/?period=2026-02").status_code == 400


def test_the_validator_catches_what_dhis2_would_refuse() -> None:
    mapping = mapping_load()
    good = ("GIZI_BALITA_DITIMBANG", "202602", "7172011001", "JK_L_U00_05", "3")
    assert validate_values([good], mapping, {"7172011001"}) == []
    bad = [
        good,
        good,
        ("X", "2026-02", "9999", "Y", "1.5"),
    ]
    assert len(validate_values(bad, mapping, {"7172011001"})) == 6


def test_a_bad_period_or_extension_is_refused(tmp_path: Path) -> None:
    argv = ["report", "dhis2", "--region", "71.72", "--period", "202602", "-o"]
    assert main([*argv, str(tmp_path / "x.csv")]) == 2
