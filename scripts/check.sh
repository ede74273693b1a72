#!/bin/sh
# Every check the project promises, in one command: lint, format, types, tests.
# Run from the repository root with the .venv created by the README's test command.
set -eu
cd "$(dirname "$0")/.."
PY=.venv/bin/python
echo "== ruff"
$PY -m ruff check src tests benchmarks scripts
$PY -m ruff format --check src tests benchmarks scripts
echo "== mypy"
$PY -m mypy
if $PY -c "import tumbuh.web" 2>/dev/null; then
  echo "== migrations"
  $PY -m tumbuh.cli manage makemigrations --check --dry-run
fi
echo "== pytest"
# loadgroup: tests that share an expensive start (a Spark session) run on one worker.
$PY -m pytest -n "${PYTEST_WORKERS:-2}" --dist loadgroup -q "$@"
