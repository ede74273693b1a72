"""Records without a usable name are never merged on the model's word."""

from __future__ import annotations

import polars as pl
import pytest

from tumbuh.linkage import link_people
from tumbuh.linkage.model import MATCH_PROBABILITY
from tumbuh.linkage.synthetic import synthetic_children


def _with_two(names: tuple[str, str], niks: tuple[str | None, str | None]) -> pl.DataFrame:
    """Enough synthetic children to train the model, plus two records that agree on everything
    but carry ``names`` (ids 900001 and 900002)."""
    records = synthetic_children(400, seed=11).drop("truth")
    twin = records.row(0, named=True)
    extra = pl.DataFrame(
        [
            {**twin, "unique_id": 900_001, "name": names[0], "nik": niks[0]},
            {**twin, "unique_id": 900_002, "name": names[1], "nik": niks[1]},
        ],
        schema=records.schema,
    )
    return pl.concat([records, extra])


def _cluster_of(records: pl.DataFrame) -> tuple[dict[int, int], pl.DataFrame]:
    result = link_people(records)
    assert result.probabilistic
    clusters = result.clusters
    return dict(zip(clusters["unique_id"], clusters["cluster_id"], strict=True)), result.review


@pytest.mark.parametrize("names", [("", ""), ("-", "."), ("A.", "a"), ("-", "Budi")])
def test_it_never_merges_records_whose_names_fold_to_almost_nothing(
    names: tuple[str, str],
) -> None:
    cluster_of, review = _cluster_of(_with_two(names, (None, None)))
    assert cluster_of[900_001] != cluster_of[900_002]
    pair = review.filter(
        pl.col("unique_id_l").is_in([900_001, 900_002])
        & pl.col("unique_id_r").is_in([900_001, 900_002])
    )
    # at most the review queue: that is where an officer decides
    assert pair.height <= 1


def test_the_same_records_with_a_real_name_would_merge() -> None:
    """The rule above is what keeps them apart: named, the same records are one person."""
    cluster_of, _ = _cluster_of(_with_two(("Budi Santoso", "Budi Santoso"), (None, None)))
    assert cluster_of[900_001] == cluster_of[900_002]


def test_nameless_records_with_the_same_full_nik_still_link() -> None:
    nik = "7172010101230001"
    cluster_of, _ = _cluster_of(_with_two(("", "-"), (nik, nik)))
    assert cluster_of[900_001] == cluster_of[900_002]


def test_a_confident_nameless_pair_goes_to_review() -> None:
    _, review = _cluster_of(_with_two(("-", "-"), (None, None)))
    pair = review.filter(
        pl.col("unique_id_l").is_in([900_001, 900_002])
        & pl.col("unique_id_r").is_in([900_001, 900_002])
    )
    assert pair.height == 1
    assert pair["match_probability"][0] >= MATCH_PROBABILITY
