"""Linkage quality and speed on synthetic children with known truth (target: precision >= 0.99,
recall >= 0.95 for child records).

    .venv/bin/python benchmarks/linkage_bench.py [--children 20000]
"""

from __future__ import annotations

import argparse
import time

from tumbuh.linkage import link_people
from tumbuh.linkage.synthetic import pair_quality, synthetic_children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=20_000)
    args = parser.parse_args()
    records = synthetic_children(args.children, seed=11)
    started = time.perf_counter()
    result = link_people(records.drop("truth"))
    seconds = time.perf_counter() - started
    precision, recall = pair_quality(result.clusters, records)
    print(
        f"{records.height:,} records of {args.children:,} children linked in {seconds:.1f} s: "
        f"precision {precision:.4f}, recall {recall:.4f}, {result.review.height:,} pairs to review "
        "(targets: precision >= 0.99, recall >= 0.95)"
    )


if __name__ == "__main__":
    main()
