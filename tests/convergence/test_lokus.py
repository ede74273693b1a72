"""Lokus ranking: transparent, weighted, with reasons."""

from __future__ import annotations

import polars as pl
import pytest

from tumbuh.convergence import LokusWeights, rank_lokus

AREAS = pl.DataFrame(
    {
        "kelurahan": ["a", "b", "c", "d"],
        "name": ["Alpha", "Beta", "Gamma", "Delta"],
        "stunting_prevalence": [30.0, 10.0, 20.0, 12.0],
        "stunted_children": [40, 90, 20, 10],
        "at_risk_families": [100, 300, 50, 20],
        "poor_families": [80, 150, 40, 10],
        "coverage_gap": [0.5, 0.2, 0.3, 0.1],
    }
)


def test_the_worst_area_on_every_criterion_ranks_last_when_it_is_best() -> None:
    ranked = rank_lokus(AREAS)
    assert ranked["kelurahan"].to_list()[-1] == "d"
    assert ranked["rank"].to_list() == [1, 2, 3, 4]


def test_weights_change_the_order() -> None:
    by_prevalence = rank_lokus(AREAS, LokusWeights(1, 0, 0, 0, 0))
    by_numbers = rank_lokus(AREAS, LokusWeights(0, 1, 0, 0, 0))
    assert by_prevalence["kelurahan"][0] == "a"
    assert by_numbers["kelurahan"][0] == "b"
    assert by_prevalence["score"][0] == 100.0


def test_reasons_name_the_criteria_where_an_area_is_in_the_top_quarter() -> None:
    ranked = rank_lokus(AREAS).filter(pl.col("kelurahan") == "a")
    assert "prevalensi stunting tinggi" in ranked["reasons"][0]


def test_negative_weights_are_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        LokusWeights(stunting_prevalence=-1)


def test_a_missing_criterion_is_named() -> None:
    with pytest.raises(ValueError, match="coverage_gap"):
        rank_lokus(AREAS.drop("coverage_gap"))
