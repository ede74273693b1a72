"""Speed of the work lists on an existing database (the demo city): the page, a later page of
the due list, a search, the CSV and XLSX exports, and the village page, as the TPPS secretariat (the
whole kota) and a puskesmas officer. Medians of 5 runs after one warm-up, server time through
Django's test client.

Run: ``TUMBUH_DATA_DIR=DIR .venv/bin/python benchmarks/worklists_bench.py`` on a database built
by ``tumbuh demo`` (nothing is written to it except audit events).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from typing import Any

RUNS = 5


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def median_ms(client: Any, url: str) -> tuple[float, int] | None:
    """The median time of a GET of ``url`` (body read to the end) and the body's size; None
    where this version has no such page."""
    warm = client.get(url)
    if warm.status_code == 404:
        return None
    _body(warm)
    timings, size = [], 0
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        size = len(_body(response))
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings) * 1000, size


def main() -> int:
    if "TUMBUH_DATA_DIR" not in os.environ:
        print("set TUMBUH_DATA_DIR to a directory holding a demo database", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumbuh.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    from tumbuh.regions.models import Posyandu

    settings.ALLOWED_HOSTS = ["testserver"]
    desa = Posyandu.objects.order_by("pk").values_list("kelurahan_id", flat=True).first()
    pages = {
        "work lists (first card)": "/measurements/worklists/",
        "due list, page 3": "/measurements/worklists/?list=due&page=3",
        "due list, search 'an'": "/measurements/worklists/?list=due&q=an",
        "CSV export": "/measurements/worklists/export.csv",
        "XLSX export": "/measurements/worklists/export.xlsx",
        "village page": f"/teams/desa/?region={desa}",
    }
    for username in ("tpps", "puskesmas"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for name, url in pages.items():
            if name == "village page" and username == "puskesmas":
                continue
            timed = median_ms(client, url)
            if timed is None:
                print(f"{username:10} {name:28} (none in this version)")
                continue
            ms, size = timed
            print(f"{username:10} {name:28} median {ms:8.1f} ms  ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
