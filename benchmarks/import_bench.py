"""Speed of `tumbuh import eppgbm`: a 1,000,000-row export in under 3 minutes, on SQLite and on
PostgreSQL, with peak memory under 2 GB, against the per-row path (the services a measurement
form uses: one registration and one scored, audited save per row) measured in the same run.

Run: ``.venv/bin/python benchmarks/import_bench.py [ROWS] [--no-per-row]`` (default 1,000,000
rows). It builds a small demo Kota Bitung under a temporary TUMBUH_DATA_DIR (SQLite, or the
empty PostgreSQL database named by DATABASE_URL), writes a synthetic export with the pitfalls of
real files (``eppgbm_synthetic.py``), imports it, then imports it again (nothing may change the
second time). ``--no-per-row`` skips the per-row comparison (minutes on PostgreSQL).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from eppgbm_synthetic import export_frame, write_export

LIMIT_S = 180.0
LIMIT_MB = 2048.0
PEER_ROWS = 2000


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time used so far by this process and, on PostgreSQL on this machine, by its server
    process: on a busy machine a fairer measure than the clock."""
    from django.db import connection

    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        stat = Path(f"/proc/{backend}/stat")
        if stat.exists():  # fields 14 and 15: user and system clock ticks
            ticks = stat.read_text().rsplit(")", 1)[1].split()[11:13]
            used += sum(map(int, ticks)) / os.sysconf("SC_CLK_TCK")
    return used


def per_row_rate(path: Path, user: object, region: object) -> float:
    """Rows per second of the per-row path, on the file's first rows (rolled back)."""
    from decimal import Decimal

    from django.db import transaction

    from tumbuh.files import read_table
    from tumbuh.imports.services import PosyanduFinder, _kelurahan_names
    from tumbuh.ingest.eppgbm import validate_eppgbm
    from tumbuh.measurements.services import measurement_record
    from tumbuh.regions.models import Posyandu
    from tumbuh.registry.models import NoNikReason
    from tumbuh.registry.services import child_register

    frame = read_table(path).head(PEER_ROWS)
    start = time.perf_counter()
    with transaction.atomic():
        records, _rejected = validate_eppgbm(
            frame,
            kelurahan=_kelurahan_names(region),  # type: ignore[arg-type]
            today=date.today(),
        )
        finder = PosyanduFinder(region, user)  # type: ignore[arg-type]
        for record in records:
            posyandu = Posyandu.objects.get(pk=finder.find(record.posyandu, record.kelurahan))
            child = child_register(
                user=user,  # type: ignore[arg-type]
                posyandu=posyandu,
                name=record.name,
                sex=record.sex,
                birth_date=record.birth_date,
                mother_name=record.parent or "-",
                no_nik_reason=NoNikReason.UNKNOWN,
            )
            measurement_record(
                user=user,  # type: ignore[arg-type]
                child=child,
                posyandu=posyandu,
                measured_on=record.measured_on,
                weight_kg=None if record.weight_kg is None else Decimal(f"{record.weight_kg:.2f}"),
                lenhei_cm=None if record.lenhei_cm is None else Decimal(f"{record.lenhei_cm:.1f}"),
                position=record.position,
            )
        transaction.set_rollback(True)
    return frame.height / (time.perf_counter() - start)


def demo_export(path: Path, rows: int) -> Path:
    """A synthetic export of the demo's kelurahan and posyandu (``rows`` rows)."""
    from tumbuh.regions.models import Level, Posyandu, Region

    kelurahan = []
    for place in Region.objects.filter(code__startswith="71.72.", level=Level.KELURAHAN):
        posyandu = list(Posyandu.objects.filter(kelurahan=place).values_list("name", flat=True))
        kelurahan.append(
            (place.name, place.code.replace(".", "")[:6], "Puskesmas", posyandu or ["Mawar"])
        )
    start = time.perf_counter()
    write_export(
        path, export_frame(rows=rows, kelurahan=kelurahan, measured_last=date(2026, 8, 31))
    )
    print(
        f"synthetic export: {rows:,} rows, {path.stat().st_size / 1e6:.0f} MB, "
        f"written in {time.perf_counter() - start:.1f} s"
    )
    return path


def main() -> int:
    numbers = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    rows = int(numbers[0]) if numbers else 1_000_000
    compare = "--no-per-row" not in sys.argv[1:]
    directory = Path(tempfile.mkdtemp(prefix="tumbuh-import-bench-"))
    os.environ["TUMBUH_DATA_DIR"] = str(directory)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumbuh.web.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from tumbuh.imports.services import eppgbm_import
    from tumbuh.measurements.models import Measurement
    from tumbuh.regions.models import Region
    from tumbuh.registry.models import Person
    from tumbuh.web.demo import demo_build

    call_command("migrate", verbosity=0)
    demo_build(children=500)
    region = Region.objects.get(code="71.72")
    path = demo_export(directory / "eppgbm.csv", rows)
    print(f"database: {connection.vendor}")
    admin = User.objects.get(username="admin")
    peer = per_row_rate(path, admin, region) if compare else None
    if peer is not None:
        print(f"per-row path (register + measurement_record), {PEER_ROWS} rows: {peer:,.0f} rows/s")

    before = (Person.objects.count(), Measurement.objects.count())
    start, cpu = time.perf_counter(), cpu_seconds()
    result = eppgbm_import(user=admin, path=path, region=region)
    first = time.perf_counter() - start
    cpu = cpu_seconds() - cpu
    after = (Person.objects.count(), Measurement.objects.count())
    than = "" if peer is None else f", {rows / first / peer:.0f}x the per-row path"
    print(f"import: {first:.1f} s ({rows / first:,.0f} rows/s{than}); {result.line()}")
    print(f"  CPU time (this process and its database server process): {cpu:.1f} s")
    print(
        f"  people +{after[0] - before[0]:,}, measurements +{after[1] - before[1]:,}, "
        f"warnings {len(result.warnings):,}"
    )
    first_peak = _peak_mb()
    print(f"  peak memory so far (max RSS): {first_peak:,.0f} MB")
    start, cpu = time.perf_counter(), cpu_seconds()
    again = eppgbm_import(user=admin, path=path, region=region)
    second = time.perf_counter() - start
    print(f"same file again: {second:.1f} s (CPU {cpu_seconds() - cpu:.1f} s); {again.line()}")
    peak = _peak_mb()
    print(f"peak memory over both imports (max RSS): {peak:,.0f} MB")
    adds_up = result.rows == result.new + result.updated + result.unchanged + len(result.rejected)
    idempotent = again.new == 0 and again.updated == 0
    ok = first < LIMIT_S and first_peak < LIMIT_MB and adds_up and idempotent
    problems = {
        "too slow": first >= LIMIT_S,
        "too much memory": first_peak >= LIMIT_MB,
        "rows do not add up": not adds_up,
        "second import changed data": not idempotent,
    }
    print("OK" if ok else "FAILED: " + ", ".join(p for p, bad in problems.items() if bad))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
