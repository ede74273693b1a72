"""The growth engine is pure: importing it never imports Django."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_growth_engine_and_the_zscore_command_does_not_import_django() -> None:
    code = (
        "import sys, tumbuh.growth, tumbuh.growth.kbm, tumbuh.scoring, tumbuh.cli.zscore; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
