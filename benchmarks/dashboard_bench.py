"""Server time of the dashboard pages on a demo database: the kab/kota, a kecamatan, a
kelurahan and a posyandu (TPPS), and the kader's own page; medians of 5 after one warm-up.

Run: ``TUMBUH_DATA_DIR=<demo> PYTHONPATH=src .venv/bin/python benchmarks/dashboard_bench.py``
(``--month YYYY-MM`` for another month; ``--grades`` also times the grades rebuild and the job's
refresh of one kab/kota, when the branch has them).
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

RUNS = 5


def _median(client: Any, url: str) -> float:
    client.get(url)  # warm caches (boundaries, templates)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings)


def _pages(month: str) -> list[tuple[str, str, str]]:
    from tumbuh.regions.models import Posyandu, Region

    kota = Region.objects.filter(level="kabupaten_kota").order_by("code").first()
    assert kota is not None
    kecamatan = kota.children.order_by("code").first()
    assert kecamatan is not None
    posyandu = Posyandu.objects.filter(kelurahan__code__startswith=kecamatan.code + ".").first()
    assert posyandu is not None
    suffix = f"&month={month}" if month else ""
    return [
        ("tpps", f"kab/kota {kota.code}", f"/dashboard/?region={kota.code}{suffix}"),
        ("tpps", f"kecamatan {kecamatan.code}", f"/dashboard/?region={kecamatan.code}{suffix}"),
        (
            "tpps",
            f"kelurahan {posyandu.kelurahan_id}",
            f"/dashboard/?region={posyandu.kelurahan_id}{suffix}",
        ),
        ("tpps", f"posyandu {posyandu.pk}", f"/dashboard/?posyandu={posyandu.pk}{suffix}"),
        ("kader", "kader's home", f"/dashboard/?{suffix[1:]}"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--month", default="", help="YYYY-MM (default: the page's default)")
    parser.add_argument("--grades", action="store_true", help="time the grades rebuild too")
    args = parser.parse_args()
    from tumbuh.cli.django_setup import django_start

    django_start()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tumbuh.measurements.models import Measurement
    from tumbuh.registry.models import Person

    setup_test_environment()
    print(f"{Person.objects.count()} people, {Measurement.objects.count()} measurements")
    for username, label, url in _pages(args.month):
        client = Client()
        client.force_login(User.objects.get(username=username))
        print(f"{label:32} {_median(client, url) * 1000:8.0f} ms  {url}")
    if args.grades:
        from tumbuh.facts.grade_services import grades_rebuild, grades_refresh
        from tumbuh.facts.models import GradeStale
        from tumbuh.regions.models import Region

        start = time.perf_counter()
        written = grades_rebuild()
        print(f"grades rebuild: {written} grades in {time.perf_counter() - start:.1f} s")
        kota = Region.objects.filter(level="kabupaten_kota").order_by("code").first()
        assert kota is not None
        GradeStale.objects.create(kabkota=kota.code, marked_at=time_now(), since=time_now())
        start = time.perf_counter()
        written = grades_refresh()
        print(f"grades job, {kota.code}: {written} grades in {time.perf_counter() - start:.1f} s")
    return 0


def time_now() -> Any:
    from django.utils import timezone

    return timezone.now()


if __name__ == "__main__":
    raise SystemExit(main())
