"""Speed of the public page and the campaign figures on the demo city (13,000 children).

The public page ``/publik/`` is cached per region for an hour: a cached view should take well
under 300 ms; the first view computes the latest campaign by area plus the trend.

Run: ``.venv/bin/python benchmarks/publik_bench.py`` (builds the demo database under a temporary
TUMBUH_DATA_DIR; pass a directory to reuse one).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from typing import Any

CACHED_PAGE_LIMIT_S = 0.3


def _timed(client: Any, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, url
    return time.perf_counter() - start


def main() -> int:
    directory = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="tumbuh-bench-")
    os.environ["TUMBUH_DATA_DIR"] = directory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumbuh.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from tumbuh.campaigns.models import Campaign
    from tumbuh.web.demo import demo_build

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    print(demo_build().splitlines()[0])
    cache.clear()
    public = Client()
    print(f"/publik/ first view (kota, 4 campaigns): {_timed(public, '/publik/'):.2f} s")
    cached = statistics.median(_timed(public, "/publik/") for _ in range(5))
    print(f"/publik/ cached: median {cached * 1000:.0f} ms")
    csv = statistics.median(_timed(public, "/publik/data.csv") for _ in range(5))
    print(f"/publik/data.csv cached: median {csv * 1000:.0f} ms")
    tpps = Client()
    tpps.force_login(User.objects.get(username="tpps"))
    august = Campaign.objects.filter(kind="august").order_by("-start").first()
    if august is not None:
        page = _timed(tpps, f"/campaigns/{august.pk}/")
        print(f"campaign page ({august.name}, tpps, with the change since February): {page:.2f} s")
    return 0 if cached < CACHED_PAGE_LIMIT_S else 1


if __name__ == "__main__":
    sys.exit(main())
