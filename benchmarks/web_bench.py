"""Speed of the web system on the demo city: dashboard < 1 s, one measurement saved < 200 ms.

Run: ``.venv/bin/python benchmarks/web_bench.py`` (builds the demo database under a temporary
TUMBUH_DATA_DIR; pass a directory to reuse one).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

DASHBOARD_LIMIT_S = 1.0
SAVE_LIMIT_S = 0.2


def _median_seconds(timings: list[float]) -> float:
    return statistics.median(timings)


def time_dashboard(client: Any) -> float:
    client.get("/dashboard/")  # warm caches (boundaries, templates)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        response = client.get("/dashboard/")
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
    return _median_seconds(timings)


def time_service_saves(kader: Any, today: date) -> float:
    from tumbuh.measurements.models import Measurement
    from tumbuh.measurements.services import measurement_record
    from tumbuh.registry.models import Person

    measured = Measurement.objects.filter(measured_on=today).values("child_id")
    children = Person.objects.filter(posyandu=kader.profile.posyandu, mother__isnull=False)
    timings = []
    for child in children.exclude(pk__in=measured)[:20]:
        start = time.perf_counter()
        measurement_record(
            user=kader,
            child=child,
            posyandu=child.posyandu,
            measured_on=today,
            weight_kg=Decimal("10.2"),
            lenhei_cm=Decimal("80.5"),
            position="h",
        )
        timings.append(time.perf_counter() - start)
    return _median_seconds(timings)


def time_form_posts(client: Any, kader: Any, on: date) -> float:
    from tumbuh.measurements.models import Measurement
    from tumbuh.registry.models import Person

    busy = Measurement.objects.filter(measured_on=on).values("child_id")
    children = Person.objects.filter(posyandu=kader.profile.posyandu, mother__isnull=False)
    data = {
        "measured_on": on.isoformat(),
        "weight_kg": "10.4",
        "lenhei_cm": "81.0",
        "position": "h",
    }
    timings = []
    for child in children.exclude(pk__in=busy)[:10]:
        start = time.perf_counter()
        response = client.post(f"/measurements/child/{child.pk}/measure/", data)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 302, response.status_code
    return _median_seconds(timings)


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

    from tumbuh.web.demo import demo_build

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    print(demo_build().splitlines()[0])
    print(f"demo build: {time.perf_counter() - start:.1f} s")

    tpps, kader = Client(), Client()
    tpps.force_login(User.objects.get(username="tpps"))
    kader_user = User.objects.get(username="kader")
    kader.force_login(kader_user)
    today = timezone.localdate()
    dashboard = time_dashboard(tpps)
    print(f"dashboard of Kota Bitung (tpps, 13,000 children): median {dashboard * 1000:.0f} ms")
    save = time_service_saves(kader_user, today)
    print(f"save one measurement (score, gain status, audit): median {save * 1000:.1f} ms")
    post = time_form_posts(kader, kader_user, today - timedelta(days=1))
    print(f"POST the measurement form (validate, save, redirect): median {post * 1000:.1f} ms")
    ok = dashboard < DASHBOARD_LIMIT_S and max(save, post) < SAVE_LIMIT_S
    print("OK" if ok else "TOO SLOW")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
