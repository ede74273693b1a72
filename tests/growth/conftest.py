"""Shared helpers for the growth tests: WHO golden files."""

from __future__ import annotations

import csv
import math
from pathlib import Path

DATA = Path(__file__).parent / "data"


def read_golden(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float:
    """A golden cell as a float; empty and NA are NaN."""
    return math.nan if text in ("", "NA") else float(text)


def same(expected: float, actual: float, tolerance: float = 0.0) -> bool:
    if math.isnan(expected) or math.isnan(actual):
        return math.isnan(expected) and math.isnan(actual)
    return abs(expected - actual) <= tolerance + 1e-9
