"""Linking person records: exact NIK, then Splink on DuckDB, then clusters and a review list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import duckdb
import polars as pl
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from tumbuh.linkage.names import fold_name

#: Pairs at or above this probability are the same person.
MATCH_PROBABILITY: Final = 0.95
#: Pairs between this and ``MATCH_PROBABILITY`` go to an officer for review.
REVIEW_PROBABILITY: Final = 0.5
#: Fewer records than this: too little to estimate the model; only exact NIK matches link.
MIN_RECORDS_FOR_MODEL: Final = 200
#: Columns a records frame needs (``nik`` may be null).
COLUMNS: Final = ("unique_id", "name", "birth_date", "sex", "mother", "kelurahan", "nik")

NIK_LENGTH = 16
#: A folded name shorter than this ("", "-", "A.") says nothing about who the person is: such a
#: record is never merged on the model's word, only shown to an officer (an exact NIK still links).
MIN_NAME_CHARS: Final = 2


@dataclass(frozen=True)
class LinkResult:
    clusters: pl.DataFrame  # unique_id, cluster_id
    review: pl.DataFrame  # unique_id_l, unique_id_r, match_probability
    probabilistic: bool  # False: too few records to train the model, exact NIK only


def _settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88, 0.8]),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.ExactMatch("sex"),
            cl.JaroWinklerAtThresholds("mother", [0.92, 0.8]),
            cl.ExactMatch("kelurahan"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("birth_date"),
            # birth year too: a whole kelurahan's children pairwise would be millions of pairs
            # birth year too: a whole kelurahan's children pairwise would be millions of pairs
            block_on("kelurahan", "sex", "substr(birth_date, 1, 4)"),
            block_on("substr(name, 1, 3)", "mother"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def _nik_groups(records: pl.DataFrame) -> dict[int, int]:
    """unique_id -> the smallest unique_id with the same full NIK (exact matches)."""
    with_nik = records.filter(
        pl.col("nik").is_not_null() & (pl.col("nik").str.len_chars() == NIK_LENGTH)
    )
    first = with_nik.group_by("nik").agg(pl.col("unique_id").min().alias("root"))
    joined = with_nik.join(first, on="nik").select("unique_id", "root")
    return dict(zip(joined["unique_id"].to_list(), joined["root"].to_list(), strict=True))


def _nameless(folded: pl.DataFrame) -> pl.Series:
    """unique_ids whose folded name has fewer than ``MIN_NAME_CHARS`` letters."""
    letters = pl.col("name").fill_null("").str.replace_all(" ", "").str.len_chars()
    return folded.filter(letters < MIN_NAME_CHARS)["unique_id"]


def _union(pairs: list[tuple[int, int]], ids: list[int]) -> dict[int, int]:
    parent = {i: i for i in ids}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in ids}


def link_people(
    records: pl.DataFrame,
    *,
    match_probability: float = MATCH_PROBABILITY,
    review_probability: float = REVIEW_PROBABILITY,
) -> LinkResult:
    """Cluster records of the same person; ``records`` has ``COLUMNS`` (birth_date ISO text)."""
    folded = records.select(
        pl.col("unique_id").cast(pl.Int64),
        pl.col("name").map_elements(fold_name, return_dtype=pl.String),
        pl.col("birth_date").cast(pl.String),
        pl.col("sex").cast(pl.String),
        pl.col("mother").fill_null("").map_elements(fold_name, return_dtype=pl.String),
        pl.col("kelurahan").cast(pl.String),
        pl.col("nik").cast(pl.String),
    )
    ids = folded["unique_id"].to_list()
    pairs = list(_nik_groups(folded).items())
    review = pl.DataFrame(
        schema={"unique_id_l": pl.Int64, "unique_id_r": pl.Int64, "match_probability": pl.Float64}
    )
    probabilistic = folded.height >= MIN_RECORDS_FOR_MODEL
    if probabilistic:
        predictions = _predict(folded.drop("nik"), review_probability)
        # Two different full NIKs are two people (a NIK is unique): never merged unasked, and
        # only worth an officer's look when everything else says they are the same
        nik = folded.filter(pl.col("nik").str.len_chars() == NIK_LENGTH).select("unique_id", "nik")
        two_niks = (
            predictions.join(nik.rename({"unique_id": "unique_id_l", "nik": "l"}), on="unique_id_l")
            .join(nik.rename({"unique_id": "unique_id_r", "nik": "r"}), on="unique_id_r")
            .filter(pl.col("l") != pl.col("r"))
            .select("unique_id_l", "unique_id_r")
        )
        predictions = predictions.join(
            two_niks.with_columns(pl.lit(True).alias("two_niks")),
            on=["unique_id_l", "unique_id_r"],
            how="left",
        )
        predictions = predictions.filter(
            pl.col("two_niks").is_null() | (pl.col("match_probability") >= match_probability)
        ).with_columns(pl.col("two_niks").fill_null(False))
        nameless = _nameless(folded).to_list()
        unsure = (
            pl.col("two_niks")
            | pl.col("unique_id_l").is_in(nameless)
            | pl.col("unique_id_r").is_in(nameless)
        )
        confident = predictions.filter((pl.col("match_probability") >= match_probability) & ~unsure)
        pairs += list(
            zip(confident["unique_id_l"].to_list(), confident["unique_id_r"].to_list(), strict=True)
        )
        review = predictions.filter(
            (pl.col("match_probability") < match_probability) | unsure
        ).drop("two_niks")
    roots = _union(pairs, ids)
    clusters = pl.DataFrame({"unique_id": ids, "cluster_id": [roots[i] for i in ids]})
    same = (
        clusters.rename({"unique_id": "unique_id_l", "cluster_id": "l"})
        .join(review, on="unique_id_l")
        .join(clusters.rename({"unique_id": "unique_id_r", "cluster_id": "r"}), on="unique_id_r")
    )
    review = (
        same.filter(pl.col("l") != pl.col("r"))
        .select("unique_id_l", "unique_id_r", "match_probability")
        .sort("match_probability", descending=True)
    )
    return LinkResult(clusters, review, probabilistic)


def _predict(records: pl.DataFrame, threshold: float) -> pl.DataFrame:
    connection = duckdb.connect()
    connection.register("records_view", records.to_arrow())
    connection.execute("create table linkage_input as select * from records_view")
    db_api = DuckDBAPI(connection=connection)
    linker = Linker(
        db_api.register(connection.table("linkage_input"), dataset_display_name="people"),
        _settings(),
        log_level="WARNING",
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("name", "birth_date")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("substr(name, 1, 3)", "mother")
    )
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    rows = predictions.as_record_list()
    connection.close()
    return pl.DataFrame(
        {
            "unique_id_l": [int(r["unique_id_l"]) for r in rows],
            "unique_id_r": [int(r["unique_id_r"]) for r in rows],
            "match_probability": [float(r["match_probability"]) for r in rows],
        },
        schema={"unique_id_l": pl.Int64, "unique_id_r": pl.Int64, "match_probability": pl.Float64},
    )
