"""Speed of the web system on the demo city: every page of every demo persona < 500 ms of server
time (median), one measurement saved < 200 ms.

Run: ``.venv/bin/python benchmarks/web_bench.py [DIR] [--personas tpps,kader] [--repeat 3]``
(builds the demo database under a temporary TUMBUH_DATA_DIR; pass a directory to reuse one: it is
copied, so every run starts from the same data).
Each persona's pages are found by following the links of its pages from its home page (two
clicks deep, one example per URL pattern; downloads and exports are left out), then each is
timed in-process with Django's test client. Links that answer something other than 200 are listed
with the page that shows them; one answering 403, 404 or 5xx fails the run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

DASHBOARD_LIMIT_S = 1.0
SAVE_LIMIT_S = 0.2
PAGE_LIMIT_S = 0.5
PERSONAS = ("admin", "tpps", "kecamatan", "lurah", "puskesmas", "kader", "tpk", "dinsos", "pkh")
PERSONAS += ("tksk", "mitra", "dinkes", "dp2kb", "pupr", "disdukcapil", "kemenag", "pendidikan")
PERSONAS += ("koperasi", "bpjs")
#: Links that are not pages people read: downloads, exports, the log-out, the field app's data.
NOT_PAGES = ("export", "download", "csv", "xlsx", "pdf", "logout", "/api/", "/lapangan/sw")
NOT_PAGES += ("/lapangan/data", "/lapangan/tables", "manifest", "/static/", "/media/", "format=")
NOT_PAGES += ("/admin/", "template")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not any(word in href for word in NOT_PAGES):
                self.links.append(href.split("#")[0])


def _pattern(path: str) -> str:
    """The URL pattern a path matches (one example of each is timed)."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path.split("?", maxsplit=1)[0])
    except Resolver404:
        return ""
    query = (
        "?" + ",".join(sorted(k.split("=")[0] for k in path.split("?")[1].split("&")))
        if "?" in path
        else ""
    )
    return (match.view_name or match.route) + query


def persona_pages(
    client: Any, depth: int = 2, refused: list[tuple[int, str, str]] | None = None
) -> dict[str, str]:
    """One example path per URL pattern reachable from the home page in ``depth`` clicks.

    Every link that answers something other than 200 (a redirect included) is added to
    ``refused`` as (status, path, the page that shows the link)."""
    found: dict[str, str] = {}
    shown_on: dict[str, str] = {"/": ""}
    frontier = ["/"]
    for _ in range(depth + 1):
        following = []
        for path in frontier:
            response = client.get(path)
            if response.status_code != 200 and refused is not None:
                refused.append((response.status_code, path, shown_on[path]))
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            found.setdefault(_pattern(path), path)
            parser = _Links()
            parser.feed(response.content.decode("utf-8", "replace"))
            for link in parser.links:
                pattern = _pattern(link)
                if pattern and pattern not in found and link not in shown_on:
                    following.append(link)
                    shown_on[link] = path
        frontier = following
    return {pattern: path for pattern, path in found.items() if pattern}


def broken(refused: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """The answers no link may lead to: refused (403), not found (404), a server error."""
    return [item for item in refused if item[0] in (403, 404) or item[0] >= 500]


def report_timings(persona: str, timings: list[tuple[str, float]]) -> list[str]:
    """Print a persona's page timings, slowest first; the pages over the limit."""
    worst = max((t for _p, t in timings), default=0.0)
    print(f"\n{persona}: {len(timings)} pages, slowest {worst * 1000:.0f} ms")
    for path, seconds in sorted(timings, key=lambda item: -item[1]):
        verdict = "ok" if seconds < PAGE_LIMIT_S else "TOO SLOW"
        print(f"  {seconds * 1000:7.0f} ms  {verdict:8}  {path}")
    return [path for path, seconds in timings if seconds >= PAGE_LIMIT_S]


def report_links(not_200: list[tuple[str, int, str, str]]) -> int:
    """Print the links that answered something other than 200; the number that must not."""
    print(f"\nnot 200 (persona, status, link, the page that shows it): {len(not_200)}")
    for persona, status, path, page in not_200:
        print(f"  {persona:12} {status}  {path}  (on {page or 'the start'})")
    failed = broken([(status, path, page) for _persona, status, path, page in not_200])
    print(f"links answering 403, 404 or 5xx: {len(failed)}")
    return len(failed)


def time_pages(client: Any, pages: dict[str, str], repeat: int) -> list[tuple[str, float]]:
    """Median server time of each page (after one untimed request)."""
    timings = []
    for path in pages.values():
        client.get(path)
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(path)
            runs.append(time.perf_counter() - start)
        timings.append((path, _median_seconds(runs)))
    return timings


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
        "remeasured": "on",  # synthetic values may jump from the child's last ones
    }
    timings = []
    for child in children.exclude(pk__in=busy)[:10]:
        start = time.perf_counter()
        response = client.post(f"/measurements/child/{child.pk}/measure/", data)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 302, response.status_code
    return _median_seconds(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", help="a TUMBUH_DATA_DIR to reuse")
    parser.add_argument("--personas", default=",".join(PERSONAS))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="tumbuh-bench-")
    if args.directory:  # a copy: every run starts from the same data
        shutil.copytree(args.directory, directory, dirs_exist_ok=True)
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
    slow = []
    not_200: list[tuple[str, int, str, str]] = []
    for persona in args.personas.split(","):
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=persona))
        refused: list[tuple[int, str, str]] = []
        timings = time_pages(client, persona_pages(client, refused=refused), args.repeat)
        not_200 += [(persona, status, path, page) for status, path, page in refused]
        slow += [(persona, path) for path in report_timings(persona, timings)]
    print(f"\npages at or over {PAGE_LIMIT_S * 1000:.0f} ms: {len(slow)}")
    failed = report_links(not_200)
    fast = dashboard < DASHBOARD_LIMIT_S and max(save, post) < SAVE_LIMIT_S and not slow
    verdicts = [word for word, bad in (("TOO SLOW", not fast), ("BROKEN LINKS", failed)) if bad]
    print(", ".join(verdicts) or "OK")
    return 0 if fast and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
