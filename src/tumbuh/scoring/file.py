"""Read a measurement file and score it in batches: shared by ``tumbuh zscore`` and ``analyse``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tumbuh.files import read_table
from tumbuh.growth.kernel import CleanInput
from tumbuh.scoring.columns import parse_map, resolve_columns
from tumbuh.scoring.frame import ScoreSummary, score_frame_with_input

#: Rows scored per batch (bounded memory for temporaries, a step for the progress bar).
BATCH_ROWS = 250_000


@dataclass(frozen=True)
class ScoredFile:
    parts: list[pl.DataFrame]
    columns: dict[str, str]
    summary: ScoreSummary
    inputs: list[CleanInput]

    @property
    def has_age(self) -> bool:
        return bool({"age_days", "age_months", "birth_date"} & self.columns.keys())

    def frame(self) -> pl.DataFrame:
        return pl.concat(self.parts, how="vertical")


def score_file(
    path: Path,
    *,
    maps: Sequence[str] = (),
    language: str = "id",
    progress: Callable[[int], None] | None = None,
) -> ScoredFile:
    """Every row of the file with its scores; raises ``FileError`` or ``ColumnError``."""
    table = read_table(path)
    columns = resolve_columns(table.columns, parse_map(maps))
    summary = ScoreSummary(0, 0, 0, 0)
    parts = []
    inputs = []
    for start in range(0, max(table.height, 1), BATCH_ROWS):
        part, part_summary, clean = score_frame_with_input(
            table.slice(start, BATCH_ROWS), columns, language=language
        )
        parts.append(part)
        inputs.append(clean)
        summary += part_summary
        if progress is not None:
            progress(part.height)
    return ScoredFile(parts, columns, summary, inputs)
