"""A kader's save during a big import, on SQLite: the measurement is stored.

Run: ``.venv/bin/python benchmarks/import_concurrency_bench.py [ROWS] [--pause]`` (default
200,000; ``--pause``: the import waits after its first committed chunk until the save is done, so
the save always falls inside the import, as the test suite needs on a fast machine; one import
transaction per file would then hold the lock and the save would fail). It
builds a small demo Kota Bitung under a temporary TUMBUH_DATA_DIR (an SQLite file, WAL, the
settings ``tumbuh serve`` uses), writes a synthetic e-PPGBM export, starts importing it in a
thread, and while the import writes, the demo kader opens a page and saves a measurement through
the web form (a second connection, as another server thread would). Prints how long the save
waited; exits 1 if the save was not stored, a page failed, or the import ended before the save.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

from eppgbm_synthetic import export_frame, write_export


def _setup(directory: Path) -> None:
    os.environ["TUMBUH_DATA_DIR"] = str(directory)
    os.environ["TUMBUH_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tumbuh.web.settings"
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _world(directory: Path, rows: int) -> tuple[Path, Any, Any, Any, Any]:
    """The demo city, an export of ``rows`` rows, admin, kader, a child of the kader's."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from tumbuh.regions.models import Level, Posyandu, Region
    from tumbuh.registry.models import NoNikReason
    from tumbuh.registry.services import child_register
    from tumbuh.web.demo import demo_build

    demo_build(children=300)
    region = Region.objects.get(code="71.72")
    kelurahan = []
    for place in Region.objects.filter(code__startswith="71.72.", level=Level.KELURAHAN):
        posyandu = list(Posyandu.objects.filter(kelurahan=place).values_list("name", flat=True))
        kelurahan.append(
            (place.name, place.code.replace(".", "")[:6], "Puskesmas", posyandu or ["Mawar"])
        )
    path = write_export(
        directory / "eppgbm.csv",
        export_frame(rows=rows, kelurahan=kelurahan, measured_last=date(2026, 8, 31)),
    )
    admin, kader = User.objects.get(username="admin"), User.objects.get(username="kader")
    child = child_register(
        user=kader,
        posyandu=kader.profile.posyandu,
        name="Anak Uji Serentak",
        sex=2,
        birth_date=date(timezone.localdate().year - 2, 3, 14),
        mother_name="Ibu Uji",
        no_nik_reason=NoNikReason.UNKNOWN,
    )
    return path, region, admin, kader, child


def _importing(
    path: Path,
    region: Any,
    admin: Any,
    started: threading.Event,
    outcome: dict[str, Any],
    *,
    saved: threading.Event | None,
) -> None:
    from django.db import connection

    from tumbuh.imports.kinds import import_file

    def progress(done: int, total: int) -> None:
        if done and not started.is_set():
            started.set()
            if saved is not None:  # --pause: go on once the save is done (at most a minute)
                saved.wait(60)

    try:
        result = import_file(user=admin, path=path, region=region, kind="eppgbm", progress=progress)
        outcome["import"] = result.line()
    except Exception as error:  # reported by main
        outcome["import"] = f"failed: {type(error).__name__}: {error}"
    finally:
        outcome["end"] = time.perf_counter()
        started.set()
        connection.close()


def _save(kader: Any, child: Any) -> dict[str, Any]:
    """The kader opens the child's page and saves a measurement through the form."""
    from django.test import Client
    from django.utils import timezone

    from tumbuh.measurements.models import Measurement

    today = timezone.localdate()
    client = Client()
    client.force_login(kader)
    page = client.get(f"/measurements/child/{child.pk}/").status_code
    start = time.perf_counter()
    response = client.post(
        f"/measurements/child/{child.pk}/measure/",
        {
            "measured_on": today.isoformat(),
            "weight_kg": "11.35",
            "lenhei_cm": "84.2",
            "position": "h",
        },
    )
    end = time.perf_counter()
    stored = Measurement.objects.filter(child=child, measured_on=today, weight_kg="11.35").exists()
    return {
        "page": page,
        "status": response.status_code,
        "wait": end - start,
        "end": end,
        "stored": stored,
    }


def main() -> int:
    from django.db import connection

    arguments = [a for a in sys.argv[1:] if a != "--pause"]
    rows = int(arguments[0]) if arguments else 200_000
    saved = threading.Event() if "--pause" in sys.argv else None
    directory = Path(tempfile.mkdtemp(prefix="tumbuh-concurrency-"))
    _setup(directory)
    path, region, admin, kader, child = _world(directory, rows)
    connection.close()  # each thread its own connection, as in a server
    started, outcome = threading.Event(), {}
    begin = time.perf_counter()
    worker = threading.Thread(
        target=_importing, args=(path, region, admin, started, outcome), kwargs={"saved": saved}
    )
    worker.start()
    started.wait()
    result = _save(kader, child)
    if saved is not None:
        saved.set()
    connection.close()
    worker.join()
    during = result["end"] < outcome["end"]
    print(f"rows: {rows:,}; import {outcome['end'] - begin:.1f} s: {outcome['import']}")
    print(
        f"child page during the import: HTTP {result['page']}; save: HTTP {result['status']} "
        f"after {result['wait']:.2f} s; stored: {result['stored']}; while the import ran: {during}"
    )
    ok = result["page"] == 200 and result["status"] == 302 and result["stored"] and during
    ok = ok and not outcome["import"].startswith("failed")
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
