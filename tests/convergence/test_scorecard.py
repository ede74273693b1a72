"""The scorecard against a plain recount, and the gap lists each office downloads."""

from __future__ import annotations

import random

import polars as pl
import pytest

from tumbuh.convergence import CATALOGUE, build_scorecard
from tumbuh.convergence.catalogue import Office, by_code
from tumbuh.convergence.targets import as_targets

KEL_A, KEL_B = "71.72.01.1001", "71.72.01.1002"


def family(target_id: str, kelurahan: str, **facts: object) -> dict[str, object]:
    return {
        "target_id": target_id,
        "unit": "family",
        "family_id": target_id,
        "kelurahan": kelurahan,
        "name": f"Keluarga {target_id}",
        "sasaran": "keluarga",
        **facts,
    }


def person(target_id: str, kelurahan: str, sasaran: str, **facts: object) -> dict[str, object]:
    return {
        "target_id": target_id,
        "unit": "person",
        "family_id": "f" + target_id,
        "kelurahan": kelurahan,
        "name": f"Orang {target_id}",
        "sasaran": sasaran,
        **facts,
    }


def test_dinsos_sees_poor_at_risk_families_without_pkh() -> None:
    targets = pl.DataFrame(
        [
            family("k1", KEL_A, desil=2, at_risk=True),
            family("k2", KEL_A, desil=3, at_risk=True),
            family("k3", KEL_A, desil=7, at_risk=True),
        ]
    )
    deliveries = pl.DataFrame({"target_id": ["k1"], "intervention": ["pkh"]})
    card = build_scorecard(targets, deliveries)
    gaps = card.gaps(office=Office.DINSOS).filter(pl.col("intervention") == "pkh")
    assert gaps["target_id"].to_list() == ["k2"]


def test_a_severely_wasted_child_is_due_malnutrition_care_not_supplementary_food() -> None:
    targets = pl.DataFrame([person("c1", KEL_A, "balita", age_months=30.0, zwfl=-3.4, zwei=-2.9)])
    due = set(
        build_scorecard(targets, pl.DataFrame({"target_id": [], "intervention": []})).expected[
            "intervention"
        ]
    )
    assert "tata_laksana_gizi_buruk" in due
    assert "pmt_balita" in due  # underweight (BB/U < -2) also calls for PMT


def test_a_pregnant_woman_with_kek_is_due_supplementary_food() -> None:
    targets = pl.DataFrame([person("m1", KEL_B, "ibu_hamil", lila_cm=22.9, hb_g_dl=12.0)])
    empty = pl.DataFrame({"target_id": [], "intervention": []})
    due = set(build_scorecard(targets, empty).expected["intervention"])
    assert due == {"ttd_bumil", "pmt_bumil_kek", "kepesertaan_jkn"}


def test_unknown_facts_never_create_a_duty() -> None:
    targets = pl.DataFrame([family("k9", KEL_A)])  # no desil, no water or sanitation data
    empty = pl.DataFrame({"target_id": [], "intervention": []})
    assert build_scorecard(targets, empty).expected.height == 0


def _random_targets(n: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for i in range(n):
        kel = rng.choice([KEL_A, KEL_B])
        if rng.random() < 0.4:
            rows.append(
                family(
                    f"f{i}",
                    kel,
                    desil=rng.randint(1, 10),
                    at_risk=rng.random() < 0.5,
                    water_safe=rng.random() < 0.7,
                    sanitation_safe=rng.random() < 0.6,
                )
            )
        else:
            sasaran = rng.choice(
                ["ibu_hamil", "ibu_nifas", "baduta", "balita", "catin", "remaja_putri"]
            )
            rows.append(
                person(
                    f"p{i}",
                    kel,
                    sasaran,
                    age_months=rng.uniform(0, 59),
                    lila_cm=rng.uniform(20, 28),
                    hb_g_dl=rng.uniform(8, 14),
                    zwfl=rng.gauss(-0.5, 1.2),
                    zwei=rng.gauss(-0.8, 1.1),
                    zlen=rng.gauss(-1.2, 1.1),
                )
            )
    targets = pl.DataFrame(rows)
    codes = [c.code for c in CATALOGUE]
    deliveries = pl.DataFrame(
        [
            {"target_id": r["target_id"], "intervention": rng.choice(codes)}
            for r in rows
            for _ in range(2)
        ]
    )
    return targets, deliveries


def _plain_recount(targets: pl.DataFrame, deliveries: pl.DataFrame) -> dict[str, tuple[int, int]]:
    catalogue = by_code()
    received = {(d["target_id"], d["intervention"]) for d in deliveries.to_dicts()}
    counts: dict[str, list[int]] = {}
    for row in targets.to_dicts():
        one = as_targets(pl.DataFrame([row]))
        for code, item in catalogue.items():
            if one.select(item.applies_to.fill_null(value=False)).item():
                due, got = counts.setdefault(row["kelurahan"], [0, 0])
                counts[row["kelurahan"]] = [due + 1, got + ((row["target_id"], code) in received)]
    return {k: (v[0], v[1]) for k, v in counts.items()}


@pytest.mark.parametrize("seed", [1, 2])
def test_the_kelurahan_scorecard_equals_a_plain_recount(seed: int) -> None:
    targets, deliveries = _random_targets(150, seed)
    summary = build_scorecard(targets, deliveries).by_kelurahan()
    got = {r["kelurahan"]: (r["due"], r["received"]) for r in summary.to_dicts()}
    assert got == _plain_recount(targets, deliveries)


def test_percent_complete_is_received_over_due() -> None:
    targets = pl.DataFrame([family("k1", KEL_A, desil=1), family("k2", KEL_A, desil=1)])
    deliveries = pl.DataFrame(
        {"target_id": ["k1", "k1", "k1"], "intervention": ["pkh", "bpnt", "pbi_jkn"]}
    )
    row = build_scorecard(targets, deliveries).by_kelurahan().row(0, named=True)
    assert (row["due"], row["received"], row["percent_complete"]) == (6, 3, 50.0)


def test_an_office_with_nothing_in_the_catalogue_has_an_empty_scorecard_not_an_error() -> None:
    targets = pl.DataFrame([family("k1", KEL_A, desil=2, at_risk=True)])
    deliveries = pl.DataFrame({"target_id": ["k1"], "intervention": ["pkh"]})
    card = build_scorecard(targets, deliveries, catalogue=())
    assert card.by_kelurahan().height == 0
    assert card.gaps().height == 0
