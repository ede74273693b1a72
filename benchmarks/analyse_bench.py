"""``tumbuh analyse`` on 1,000,000 children with three grouping columns (target: under 15 s).

    .venv/bin/python benchmarks/analyse_bench.py [--children 1000000]

Writes a synthetic CSV (kecamatan, kelurahan, posyandu; realistic measurements), then times the
whole command in a fresh process (read, score, prevalence for every group, quality, HTML report).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).parent))
from zscore_bench import synthetic_children


def write_input(path: Path, n: int) -> None:
    data = synthetic_children(n, seed=7)
    rng = np.random.default_rng(7)
    kelurahan = rng.integers(0, 69, n)
    pl.DataFrame(
        {
            "sex": data["sex"],
            "age_days": data["age"],
            "weight": data["weight"],
            "lenhei": data["lenhei"],
            "measure": data["measure"],
            "kecamatan": [f"Kec {k // 9}" for k in kelurahan],
            "kelurahan": [f"Kel {k}" for k in kelurahan],
            "posyandu": [
                f"Pos {k}-{p}" for k, p in zip(kelurahan, rng.integers(0, 6, n), strict=True)
            ],
        }
    ).write_csv(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=1_000_000)
    args = parser.parse_args()
    tumbuh = Path(sys.executable).with_name("tumbuh")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "children.csv"
        write_input(source, args.children)
        for output in ("report.html", "prevalence.csv"):
            started = time.perf_counter()
            subprocess.run(
                [
                    str(tumbuh),
                    "analyse",
                    str(source),
                    "-o",
                    str(Path(folder) / output),
                    "--by",
                    "kecamatan",
                    "--by",
                    "kelurahan",
                    "--by",
                    "posyandu",
                ],
                check=True,
            )
            seconds = time.perf_counter() - started
            print(
                f"tumbuh analyse -> {output:<15} {args.children:,} children, 3 groupings: "
                f"{seconds:.1f} s (target < 15 s)"
            )


if __name__ == "__main__":
    main()
