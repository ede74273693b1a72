"""Speed of the API and the exchange formats on the demo city (Kota Bitung, ~13,000 children).

Measures, through the Bearer token path: an idempotent measurement POST (first: 201, again:
200), a page of 100 measurements, a child's FHIR Bundle; and the city's DHIS2 month and a
month's e-PPGBM export. Run: ``.venv/bin/python benchmarks/api_bench.py`` (builds the demo
database under a temporary TUMBUH_DATA_DIR; pass a directory to reuse one).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

WRITE_LIMIT_S = 0.2
READ_LIMIT_S = 0.5
EXPORT_LIMIT_S = 10.0


def median_of(action: Callable[[], object], times: int = 5) -> float:
    timings = []
    for _ in range(times):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def time_posts(client: Any, children: list[int], on: str) -> tuple[float, float]:
    first, again = [], []
    for child in children:
        body = {
            "uuid": str(uuid.uuid4()),
            "child": child,
            "measured_on": on,
            "weight_kg": 10.2,
            "lenhei_cm": 80.5,
            "position": "H",
        }
        for timings, expected in ((first, 201), (again, 200)):
            start = time.perf_counter()
            response = client.post("/api/v1/measurements/", body, content_type="application/json")
            timings.append(time.perf_counter() - start)
            assert response.status_code == expected, response.content
    return statistics.median(first), statistics.median(again)


def time_exports(admin: Any, today: date) -> tuple[float, float]:
    from tumbuh.accounts.selectors import region_get_for_user
    from tumbuh.api.dhis2 import mapping_load, monthly_cells
    from tumbuh.api.eppgbm_export import eppgbm_frame

    region = region_get_for_user(user=admin, code="71.72")
    last = today.replace(day=1) - timedelta(days=1)
    month = f"{last:%Y%m}"
    start = time.perf_counter()
    cells = monthly_cells(user=admin, region=region, period=month, mapping=mapping_load())
    dhis2 = time.perf_counter() - start
    print(f"DHIS2 month {month} of the city: {len(cells)} values in {dhis2:.2f} s")
    start = time.perf_counter()
    frame = eppgbm_frame(user=admin, region=region, start=last.replace(day=1), end=last)
    eppgbm = time.perf_counter() - start
    print(f"e-PPGBM export of {month}: {frame.height} rows in {eppgbm:.2f} s")
    return dhis2, eppgbm


def main() -> int:
    directory = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="tumbuh-bench-")
    os.environ["TUMBUH_DATA_DIR"] = directory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumbuh.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from tumbuh.api.tokens import token_create
    from tumbuh.measurements.models import Measurement
    from tumbuh.registry.models import Person

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from tumbuh.web.demo import demo_build

    print(demo_build().splitlines()[0])
    kader = User.objects.get(username="kader")
    admin = User.objects.get(username="admin")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=kader, owner=kader).secret}")
    root = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=admin, owner=admin).secret}")
    today = timezone.localdate()
    on = (today - timedelta(days=2)).isoformat()
    busy = Measurement.objects.filter(measured_on=on).values("child_id")
    children = Person.objects.filter(posyandu=kader.profile.posyandu, mother__isnull=False)
    ids = list(children.exclude(pk__in=busy).values_list("pk", flat=True)[:10])
    first, again = time_posts(api, ids, on)
    print(f"POST a measurement: first (201) median {first * 1000:.1f} ms", end=", ")
    print(f"the same again (200) {again * 1000:.1f} ms")
    page = median_of(lambda: root.get("/api/v1/measurements/?page_size=100"))
    print(f"GET 100 measurements (admin, whole city): median {page * 1000:.1f} ms")
    fhir = median_of(lambda: api.get(f"/api/v1/children/{ids[0]}/fhir/"))
    print(f"GET a child's FHIR Bundle: median {fhir * 1000:.1f} ms")
    dhis2, eppgbm = time_exports(admin, today)
    ok = max(first, again) < WRITE_LIMIT_S and max(page, fhir) < READ_LIMIT_S
    ok = ok and max(dhis2, eppgbm) < EXPORT_LIMIT_S
    print("OK" if ok else "TOO SLOW")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
