"""On SQLite (a file, WAL, the settings ``tumbuh serve`` uses), a kader saves a measurement
through the form while a large import writes: the save waits its turn and is stored."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tumbuh.imports.services import CHUNK_ROWS

ROOT = Path(__file__).resolve().parents[2]
#: Two chunks: the import pauses after the first until the save is done, then writes the second.
ROWS = 2 * CHUNK_ROWS


def test_a_measurement_saved_during_a_large_import_is_stored() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/import_concurrency_bench.py", str(ROWS), "--pause"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert "save: HTTP 302" in done.stdout
    assert "stored: True; while the import ran: True" in done.stdout
