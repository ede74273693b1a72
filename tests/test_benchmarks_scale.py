"""The scale benchmark's smoke run: a tiny demo city on SQLite, every TPPS page, the scorecard
command and a small load over HTTP against gunicorn, each figure with its verdict."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale_bench import PAGES, p95  # noqa: E402


def test_p95_is_the_nearest_rank() -> None:
    assert p95([float(n) for n in range(1, 101)]) == 95.0
    assert p95([0.2, 0.1]) == 0.2
    assert p95([3.0]) == 3.0


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("TUMBUH_BENCH_SMOKE"),
    reason="minutes long (a demo build, gunicorn, a load): run with TUMBUH_BENCH_SMOKE=1",
)
def test_the_quick_run_times_every_tpps_page_the_scorecard_and_a_load() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/scale_bench.py", "--quick", "--clients", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr[-3000:]
    assert "FAILED" not in out, out
    for name, _ in PAGES:
        assert re.search(rf"  {re.escape(name)} +[\d,]+ ms .*HTTP 200.*(PASS|FAIL)", out), out
    assert re.search(r"tumbuh report scorecard --region 71\.72 .*(PASS|FAIL)", out), out
    assert re.search(r"  2 clients: 6 requests .* p95 .* errors 0", out), out
