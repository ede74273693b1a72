"""Tumbuh at the scale of a city, a kabupaten and a province, on SQLite and PostgreSQL.

Builds a region, then times what its TPPS secretariat waits for: the import that filled it, each
TPPS page (server time, in-process with django.test.Client: median of 5 after a warm-up),
``tumbuh report scorecard`` as a whole process, and a bounded concurrent load over HTTP against
gunicorn (8 and 32 clients, each logged in with its own session, issuing GETs of the page mix;
median and p95). Prints one table per engine with PASS/FAIL against the targets of issue 17 and
the machine's load average beside each group of figures. Exits 0: a benchmark, not a test.

Sizes (``--size``):
  city       ``tumbuh demo``: Kota Bitung, 13,000 children, two years of monthly measurements.
  kabupaten  Kutai Kartanegara (64.02): the demo's facilities, teams and accounts with 500 demo
             children, then a synthetic e-PPGBM export of 1,000,000 rows (100,000 children,
             10 months each) imported with ``tumbuh import eppgbm`` (the import is timed).
  province   Kalimantan Timur (64): the same for every kab/kota of the province, 10,000,000 rows
             (1,000,000 children) in one export per kab/kota; a TPPS account for the province.
             On request only: it takes hours.

Run: ``.venv/bin/python benchmarks/scale_bench.py [--size city|kabupaten|province]
[--engine sqlite|postgresql|both] [--database-url URL] [--keep DIR] [--clients 8,32] [--quick]``.
Without ``--keep`` the SQLite file lives in a temporary directory and the PostgreSQL database
(``--database-url``, default ``postgresql://postgres@127.0.0.1:5432/scale_bench``) is created
and dropped by the bench; with ``--keep DIR`` both are kept and reused (DIR is the data
directory; a copy of a built demo works). ``--quick`` is a smoke run: a tiny region, fewer
repetitions, two gunicorn workers.

Gunicorn is started as deployed: with ``deploy/gunicorn.conf.py`` when it exists, else with
``-w 2*cores+1 -k gthread --threads 1``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(__file__).resolve()
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/scale_bench"

IMPORT_LIMIT_S = 180.0
SCORECARD_LIMIT_S = 5.0
PAGE_LIMIT_S = 1.0
LOAD_P95_LIMIT_S = 2.0
LOAD_TARGET_CLIENTS = 32

PAGE_RUNS = 5
PAGE_BUDGET_S = 60.0  # a page slower than this is timed fewer times (its cold run if need be)
SCORECARD_RUNS = 3
LOAD_DEADLINE_S = 300.0  # no client starts a request after this (a bounded load)
REQUEST_TIMEOUT_S = 300.0

#: The TPPS persona's pages (its nav: tests/apps/test_permissions.py ``_paths``), of the whole
#: region but the gap list, which is one desa/kelurahan's (the one with most children).
PAGES = (
    ("dashboard", "/dashboard/?region={region}"),
    ("scorecard", "/convergence/?region={region}"),
    ("lokus", "/convergence/lokus/?region={region}"),
    ("targets", "/convergence/targets/?region={region}"),
    ("work lists", "/measurements/worklists/"),
    ("gap list (dinsos, desa)", "/convergence/gaps/dinsos/list/?region={kelurahan}"),
    ("gap file (dinsos, CSV)", "/convergence/gaps/dinsos/?region={region}"),
    ("offices", "/offices/?region={region}"),
    ("office dashboard (dinsos)", "/offices/dinsos/?region={region}"),
    ("teams coverage", "/teams/coverage/?region={region}"),
    ("reporting", "/reporting/?region={region}"),
)


@dataclass(frozen=True)
class Size:
    """What a size builds: the demo of ``demo`` (its children; None: the demo's own number),
    then ``rows`` e-PPGBM rows of ``months`` measurements a child spread over the kab/kota under
    ``region``, whose TPPS account ``tpps`` is timed."""

    name: str
    region: str
    demo: str
    demo_children: int | None
    rows: int
    tpps: str = "tpps"
    months: int = 10


SIZES = {
    "city": Size("city", "71.72", "71.72", None, 0),
    "kabupaten": Size("kabupaten", "64.02", "64.02", 500, 1_000_000),
    "province": Size("province", "64", "64.02", 500, 10_000_000, tpps="tpps-provinsi"),
}
QUICK_SIZES = {
    "city": Size("city", "71.72", "71.72", 300, 0),
    "kabupaten": Size("kabupaten", "64.02", "64.02", 300, 3_000),
    "province": Size("province", "64", "64.02", 300, 20_000, tpps="tpps-provinsi"),
}


# --- figures -------------------------------------------------------------------------------


def p95(values: Sequence[float]) -> float:
    """The 95th percentile by nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}/{fifteen:.1f}"


def say(line: str) -> None:
    print(line, flush=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def seconds(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"


# --- phases run inside Django (a child process with the engine's environment) ---------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumbuh.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def phase_build(size: Size) -> dict[str, Any]:
    """The demo (facilities, teams, accounts), and for a province the other kab/kota's."""
    _django()
    import numpy as np
    from django.contrib.auth.models import User
    from django.db import transaction

    from tumbuh.accounts.models import Role
    from tumbuh.accounts.services import user_create
    from tumbuh.regions.loader import regions_load
    from tumbuh.regions.models import Level, Region
    from tumbuh.web.demo import PASSWORD, _facilities, demo_build

    if User.objects.filter(username="admin").exists():
        return {"reused": True}
    start = time.perf_counter()
    summary = demo_build(code=size.demo, children=size.demo_children).splitlines()[0]
    if size.region != size.demo:
        with transaction.atomic():
            regions_load(code=size.region)
            rng = np.random.default_rng(17)
            others = Region.objects.filter(level=Level.KABKOTA, parent_id=size.region)
            for kabkota in others.exclude(code=size.demo).order_by("code"):
                _facilities(rng, kabkota.code)  # the demo's puskesmas and posyandu, no people
            user_create(
                username=size.tpps,
                password=PASSWORD,
                role=Role.TPPS,
                region=Region.objects.get(code=size.region),
            )
    return {"reused": False, "seconds": time.perf_counter() - start, "summary": summary}


def phase_export(size: Size, directory: Path) -> dict[str, Any]:
    """One synthetic e-PPGBM export per kab/kota, rows in proportion to its desa/kelurahan."""
    _django()
    import polars as pl

    from eppgbm_synthetic import export_frame, write_export
    from tumbuh.regions.models import Level, Posyandu, Region

    kabkota = [
        r
        for r in Region.objects.filter(level=Level.KABKOTA).order_by("code")
        if r.code == size.region or r.code.startswith(size.region + ".")
    ]
    places = {
        r.code: list(
            Region.objects.filter(
                level=Level.KELURAHAN, code__startswith=r.code + "."
            ).select_related("parent")
        )
        for r in kabkota
    }
    total = sum(len(p) for p in places.values())
    start = time.perf_counter()
    files = []
    last = date.today() - timedelta(days=1)
    for n, region in enumerate(kabkota):
        kelurahan, kecamatan = [], []
        for place in places[region.code]:
            kecamatan.append(place.parent.name if place.parent else "")
            posyandu = Posyandu.objects.filter(kelurahan=place).select_related("puskesmas")
            names = [p.name for p in posyandu]
            puskesmas = posyandu[0].puskesmas.name if posyandu else "Puskesmas"
            kelurahan.append(
                (place.name, place.code.replace(".", "")[:6], puskesmas, names or ["Mawar"])
            )
        rows = round(size.rows * len(places[region.code]) / total / size.months) * size.months
        if not rows or not kelurahan:
            continue
        frame = export_frame(
            rows=rows,
            kelurahan=kelurahan,
            kecamatan=kecamatan,
            measured_last=last,
            seed=7 + n,
            months=size.months,
        )
        frame = frame.with_columns(
            pl.lit(region.parent.name if region.parent else "").alias("Prov"),
            pl.lit(region.name).alias("Kab/Kota"),
        )
        path = write_export(directory / f"eppgbm-{region.code}.csv", frame)
        files.append({"region": region.code, "path": str(path), "rows": rows})
    return {"seconds": time.perf_counter() - start, "files": files}


def phase_pages(size: Size, sessions: int, runs: int) -> dict[str, Any]:
    """Each TPPS page's server time, the region's counts, and logged-in sessions for the load."""
    _django()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db.models import Count
    from django.test import Client

    from tumbuh.facts.models import AreaMonth, ChildStatus
    from tumbuh.measurements.models import Measurement

    settings.ALLOWED_HOSTS = ["testserver"]
    user = User.objects.get(username=size.tpps)
    largest = (
        ChildStatus.objects.filter(kelurahan_code__startswith=size.region + ".")
        .values("kelurahan_code")
        .annotate(children=Count("pk"))
        .order_by("-children")
        .first()
    )
    kelurahan = largest["kelurahan_code"] if largest else size.region
    client = Client()
    client.force_login(user)
    pages = []
    for name, template in PAGES:
        path = template.format(region=size.region, kelurahan=kelurahan)
        start = time.perf_counter()
        response = client.get(path)  # warm-up: caches, templates, boundaries
        cold = time.perf_counter() - start
        timings, cpu = [], []
        while len(timings) < runs and cold + sum(timings) < PAGE_BUDGET_S:
            start, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - started_cpu)
        status = response.status_code
        counted = f"median of {len(timings)}" if timings else "cold run only"
        timings = timings or [cold]
        print(f"  ({name}: {statistics.median(timings):.2f} s)", file=sys.stderr, flush=True)
        pages.append(
            {
                "name": name,
                "path": path,
                "status": status,
                "median": statistics.median(timings),
                "max": max(timings),
                "cpu": statistics.median(cpu) if cpu else math.nan,
                "runs": counted,
                "bytes": len(response.content),
            }
        )
    keys = []
    for _ in range(sessions):
        session = Client()
        session.force_login(user)
        keys.append(session.cookies[settings.SESSION_COOKIE_NAME].value)
    return {
        "pages": pages,
        "sessions": keys,
        "cookie": settings.SESSION_COOKIE_NAME,
        "children": ChildStatus.objects.filter(measurement__isnull=False).count(),
        "measurements": Measurement.objects.count(),
        "area_months": AreaMonth.objects.count(),
        "load": load_average(),
    }


PHASES: dict[str, Callable[[argparse.Namespace, Size], dict[str, Any]]] = {
    "build": lambda args, size: phase_build(size),
    "export": lambda args, size: phase_export(size, Path(args.work)),
    "pages": lambda args, size: phase_pages(size, args.sessions, 2 if args.quick else PAGE_RUNS),
}


# --- the orchestrator (no Django here: each engine's phases run in child processes) ----------


@dataclass
class Engine:
    name: str
    env: dict[str, str]
    work: Path


def _env(engine: str, data_dir: Path, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])])
    env["TUMBUH_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "tumbuh.web.settings"
    env.pop("DATABASE_URL", None)
    if engine == "postgresql":
        env["DATABASE_URL"] = database_url
    return env


def _phase(engine: Engine, args: argparse.Namespace, phase: str, **extra: Any) -> dict[str, Any]:
    out = engine.work / f"{phase}.json"
    command = [sys.executable, str(SCRIPT), "--phase", phase, "--out", str(out)]
    command += ["--size", args.size, "--work", str(engine.work)]
    command += ["--quick"] if args.quick else []
    for key, value in extra.items():
        command += [f"--{key}", str(value)]
    done = subprocess.run(command, env=engine.env, check=False)  # its progress on stderr
    if done.returncode != 0:
        raise RuntimeError(f"phase {phase} failed (exit status {done.returncode}; see above)")
    result: dict[str, Any] = json.loads(out.read_text())
    return result


@dataclass(frozen=True)
class Run:
    """A whole process: wall seconds, CPU seconds (user + system, which a busy machine does not
    stretch as it stretches the wall time) and the last line it printed."""

    wall: float
    cpu: float
    said: str


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], env: dict[str, str]) -> Run:
    """Run a command to its end (the orchestrator reaps no other child meanwhile)."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr[-4000:]}")
    said = (done.stdout.strip().splitlines() or [""])[-1]
    return Run(elapsed, _children_cpu() - cpu, said)


def _tumbuh(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "tumbuh.cli", *arguments]


@contextmanager
def postgresql_database(url: str, keep: bool) -> Iterator[None]:
    """The bench's database: created (dropped first unless kept), dropped after unless kept."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = found.fetchone() is not None
        if exists and not keep:
            connection.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )
        if not exists or not keep:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield
    finally:
        if not keep:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def gunicorn(engine: Engine, quick: bool) -> Iterator[tuple[int, str]]:
    """gunicorn serving the engine's database as deployed; yields its port and how started."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "tumbuh.web.wsgi:application"]
    config = ROOT / "deploy" / "gunicorn.conf.py"
    if config.exists():
        command += ["-c", str(config)]
        how = "deploy/gunicorn.conf.py"
    else:
        workers = 2 * (os.cpu_count() or 1) + 1
        command += ["-w", str(workers), "-k", "gthread", "--threads", "1"]
        how = f"-w {workers} -k gthread --threads 1"
    if quick:
        command += ["-w", "2"]
        how += " (quick: -w 2)"
    command += ["--bind", f"127.0.0.1:{port}"]
    log = (engine.work / "gunicorn.log").open("w")
    server = subprocess.Popen(command, env=engine.env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn ended: see {engine.work / 'gunicorn.log'}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/accounts/login/")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 120 s")
            time.sleep(0.5)
        yield port, how
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@dataclass(frozen=True)
class Hit:
    path: str
    seconds: float
    status: int


def http_load(
    *, port: int, paths: list[str], cookie: str, sessions: list[str], clients: int, requests: int
) -> tuple[list[Hit], float]:
    """``clients`` threads, each with its own session, issue ``requests`` GETs of the page mix
    (each starting at another page), all at once; none starts a request past the deadline."""
    hits: list[Hit] = []
    lock = threading.Lock()
    start_together = threading.Barrier(clients)
    stop = time.monotonic() + LOAD_DEADLINE_S

    def client(i: int) -> None:
        headers = {"Cookie": f"{cookie}={sessions[i]}"}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
        start_together.wait()
        for k in range(requests):
            if time.monotonic() > stop:
                break
            path = paths[(i + k) % len(paths)]
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection(
                    "127.0.0.1", port, timeout=REQUEST_TIMEOUT_S
                )
            with lock:
                hits.append(Hit(path, time.perf_counter() - start, status))
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return hits, time.perf_counter() - began


def _built_marker(engine: Engine, data_dir: Path, size: Size) -> Path:
    return data_dir / f"scale-bench-{engine.name}-{size.name}-{size.rows}.json"


def build(engine: Engine, args: argparse.Namespace, size: Size, data_dir: Path) -> None:
    """Build (or reuse) the region and say how long it took (kept beside a kept database)."""
    marker = _built_marker(engine, data_dir, size)
    if marker.exists():
        recorded: dict[str, Any] = json.loads(marker.read_text())
        for line in recorded["lines"]:
            say(f"{line} (recorded when built)")
        return
    lines: list[str] = []

    def note(line: str) -> None:
        lines.append(line)
        say(line)

    built = _phase(engine, args, "build")
    if built["reused"]:
        say("build: reused the database in --keep (built elsewhere; no build time)")
        return
    note(f"build ({built['summary']}): {seconds(built['seconds'])}  [{load_average()}]")
    if size.rows:
        exported = _phase(engine, args, "export")
        note(
            f"synthetic e-PPGBM export: {sum(f['rows'] for f in exported['files']):,} rows in "
            f"{len(exported['files'])} file(s), written in {seconds(exported['seconds'])}"
        )
        total = cpu = 0.0
        summaries = []
        for file in exported["files"]:
            run = _timed(
                _tumbuh("import", "eppgbm", file["path"], "--region", file["region"]),
                engine.env,
            )
            total += run.wall
            cpu += run.cpu
            summaries.append(f"{file['region']}: {run.said}")
            Path(file["path"]).unlink()
        rows = sum(f["rows"] for f in exported["files"])
        note(
            f"import (tumbuh import eppgbm, whole process, {rows:,} rows): {seconds(total)} "
            f"(CPU {seconds(cpu)}; target <= {IMPORT_LIMIT_S:.0f} s) "
            f"{verdict(total <= IMPORT_LIMIT_S)}  "
            f"[{load_average()}]"
        )
        for summary in summaries[:3]:
            note(f"  {summary}")
        if len(summaries) > 3:
            note(f"  ... and {len(summaries) - 3} more kab/kota")
    if args.keep:
        marker.write_text(json.dumps({"lines": lines}))


def measure(engine: Engine, args: argparse.Namespace, size: Size, data_dir: Path) -> None:
    """Build, then time pages, the scorecard command and the load: the engine's table."""
    clients = sorted({int(c) for c in args.clients.split(",") if c.strip()})
    say(f"== {size.name} on {engine.name} ({'quick' if args.quick else 'full'}) ==")
    build(engine, args, size, data_dir)
    measured = _phase(engine, args, "pages", sessions=max([*clients, len(PAGES)]))
    say(
        f"region {size.region}: {measured['children']:,} children measured (facts), "
        f"{measured['measurements']:,} measurements, {measured['area_months']:,} area-months"
    )
    say(
        f"TPPS pages, server time in-process (median of {2 if args.quick else PAGE_RUNS} after a "
        f"warm-up, fewer past "
        f"{PAGE_BUDGET_S:.0f} s; CPU: this process's, the database's too on SQLite; "
        f"target < {PAGE_LIMIT_S:.0f} s each)  [{measured['load']}]"
    )
    for page in measured["pages"]:
        ok = page["status"] == 200 and page["median"] < PAGE_LIMIT_S
        say(
            f"  {page['name']:<26} {seconds(page['median']):>10} ({page['runs']}, "
            f"max {seconds(page['max'])}, CPU {seconds(page['cpu'])}, "
            f"HTTP {page['status']}, {page['bytes'] / 1000:,.0f} kB)  {verdict(ok)}"
        )
    output = engine.work / "scorecard.csv"
    command = _tumbuh(
        "report", "scorecard", "--region", size.region, "-o", str(output), "--user", size.tpps
    )
    runs: list[Run] = []
    while len(runs) < (1 if args.quick else SCORECARD_RUNS) and (
        sum(r.wall for r in runs) < PAGE_BUDGET_S
    ):
        runs.append(_timed(command, engine.env))
    median = statistics.median(r.wall for r in runs)
    cpu = statistics.median(r.cpu for r in runs)
    say(
        f"tumbuh report scorecard --region {size.region} (whole process, median of {len(runs)}): "
        f"{seconds(median)} (CPU {seconds(cpu)}; target <= {SCORECARD_LIMIT_S:.0f} s) "
        f"{verdict(median <= SCORECARD_LIMIT_S)}  [{load_average()}]"
    )
    paths = [page["path"] for page in measured["pages"]]
    names = {page["name"]: page["path"] for page in measured["pages"]}
    requests = args.requests or (3 if args.quick else len(paths))
    with gunicorn(engine, args.quick) as (port, how):
        say(
            f"concurrent load over HTTP, gunicorn {how}: each client {requests} GETs of the "
            f"{len(paths)}-page mix, own session (after a warm-up of {len(paths)} clients "
            f"x {len(paths)} GETs)"
        )
        mix = {"port": port, "paths": paths, "cookie": measured["cookie"]}
        # a warm-up: every process answers each page at least once before the timed load (its
        # first answers load templates and boundaries; a process then serves ~2,000 requests)
        http_load(**mix, sessions=measured["sessions"], clients=len(paths), requests=len(paths))
        for count in clients:
            hits, wall = http_load(
                **mix, sessions=measured["sessions"], clients=count, requests=requests
            )
            times = [h.seconds for h in hits]
            errors = sum(1 for h in hits if h.status != 200)
            line = (
                f"  {count:>3} clients: {len(hits)} requests in {wall:.1f} s "
                f"({len(hits) / wall:.1f}/s), median {seconds(statistics.median(times))}, "
                f"p95 {seconds(p95(times))}, max {seconds(max(times))}, errors {errors}"
            )
            if count == LOAD_TARGET_CLIENTS:
                ok = p95(times) < LOAD_P95_LIMIT_S and errors == 0
                line += f" (target p95 < {LOAD_P95_LIMIT_S:.0f} s) {verdict(ok)}"
            say(f"{line}  [{load_average()}]")
            by_page = {
                name: p95(taken)
                for name, path in names.items()
                if (taken := [h.seconds for h in hits if h.path == path])
            }
            slowest = sorted(by_page.items(), key=lambda item: -item[1])[:3]
            say("      slowest p95: " + ", ".join(f"{n} {seconds(s)}" for n, s in slowest))


def run_engine(args: argparse.Namespace, engine_name: str, size: Size) -> None:
    data_dir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tumbuh-scale-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"tumbuh-scale-{engine_name}-"))
    engine = Engine(engine_name, _env(engine_name, data_dir, args.database_url), work)
    try:
        if engine_name == "postgresql":
            with postgresql_database(args.database_url, keep=bool(args.keep)):
                measure(engine, args, size, data_dir)
        else:
            measure(engine, args, size, data_dir)
    except RuntimeError as error:
        say(f"== {size.name} on {engine_name}: FAILED ==\n{error}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


def arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=tuple(SIZES), default="city")
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--keep", help="data directory to keep and reuse (and the PostgreSQL db)")
    parser.add_argument("--clients", default="8,32", help="concurrent clients, comma-separated")
    parser.add_argument("--requests", type=int, default=0, help="GETs per client (default: mix)")
    parser.add_argument("--quick", action="store_true", help="smoke run on a tiny region")
    parser.add_argument("--phase", choices=tuple(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--sessions", type=int, default=1, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    size = (QUICK_SIZES if args.quick else SIZES)[args.size]
    if args.phase:
        result = PHASES[args.phase](args, size)
        Path(args.out).write_text(json.dumps(result))
        return 0
    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    say(f"scale bench: {size.name}, {os.cpu_count()} cores, {load_average()} at start")
    for name in engines:
        run_engine(args, name, size)
    print(f"{load_average()} at end (1/5/15 min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
