"""The production deployment in deploy/ holds together: gunicorn's settings are valid and sane,
the systemd units start real ``tumbuh`` commands with the settings the code reads, the compose
file runs migrations before web and worker, and nginx serves the collected static files."""

from __future__ import annotations

import configparser
import importlib.util
import json
import os
import re
import runpy
import shlex
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from gunicorn.config import Config

from tumbuh.cli import build_parser
from tumbuh.imports.views import MAX_UPLOAD_BYTES

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
#: Where docs/deployment.md and the image put the repository.
INSTALLED_APP = "/opt/tumbuh/app/"
SETTINGS_FROM_ENV = (
    "TUMBUH_BIND",
    "TUMBUH_WEB_WORKERS",
    "TUMBUH_WEB_THREADS",
    "TUMBUH_WEB_TIMEOUT",
)
#: Pieces of gunicorn's access log format that carry the query string, a referrer or an address.
PERSONAL_ATOMS = ("%(r)s", "%(q)s", "%(f)s", "%(h)s", "%({")


def _gunicorn(monkeypatch: pytest.MonkeyPatch, **environment: str) -> Config:
    """deploy/gunicorn.conf.py run under ``environment``, loaded as gunicorn loads it."""
    for name in SETTINGS_FROM_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    namespace = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    config = Config()
    values = {k: v for k, v in namespace.items() if not k.startswith("_") and k in config.settings}
    for name, value in values.items():
        config.set(name, value)  # gunicorn's own validation
    return config


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((DEPLOY / "systemd" / name).read_text(encoding="utf-8"))
    return parser


def _repository_file(installed: str) -> Path:
    assert installed.startswith(INSTALLED_APP), installed
    return ROOT / installed.removeprefix(INSTALLED_APP)


def _tumbuh_command(argv: list[str]) -> str:
    """The subcommand ``argv`` (after the program) runs, as ``tumbuh`` parses it."""
    return str(build_parser().parse_args(argv).command)


def test_gunicorn_serves_the_wsgi_application_with_several_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = _gunicorn(monkeypatch)
    module, _, attribute = config.wsgi_app.partition(":")
    assert (module, attribute) == ("tumbuh.web.wsgi", "application")
    assert importlib.util.find_spec(module) is not None
    assert config.worker_class_str == "gthread"
    assert config.workers >= 3
    assert config.threads == 1  # CPU-bound pages: threads of a process wait for each other
    assert config.timeout >= 60  # report pages
    assert config.address == [("127.0.0.1", 8000)]  # nginx on this machine, nothing else


def test_gunicorn_takes_address_processes_threads_and_timeout_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = _gunicorn(
        monkeypatch,
        TUMBUH_BIND="unix:/run/tumbuh/gunicorn.sock",
        TUMBUH_WEB_WORKERS="7",
        TUMBUH_WEB_THREADS="2",
        TUMBUH_WEB_TIMEOUT="300",
    )
    assert config.address == ["/run/tumbuh/gunicorn.sock"]
    assert (config.workers, config.threads, config.timeout) == (7, 2, 300)


def test_gunicorn_logs_the_path_of_a_request_never_its_query_string(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = _gunicorn(monkeypatch)
    assert config.accesslog == "-"
    assert "%(U)s" in config.access_log_format
    assert [atom for atom in PERSONAL_ATOMS if atom in config.access_log_format] == []


def test_every_name_in_the_gunicorn_file_is_a_gunicorn_setting() -> None:
    namespace = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    names = {
        name
        for name, value in namespace.items()
        if not name.startswith("_") and not callable(value) and not isinstance(value, ModuleType)
    }
    assert names - {"annotations"} - set(Config().settings) == set()


def test_the_web_unit_starts_gunicorn_with_the_repository_settings() -> None:
    service = _unit("tumbuh-web.service")["Service"]
    program, option, path = shlex.split(service["ExecStart"])
    assert (Path(program).name, option) == ("gunicorn", "-c")
    assert _repository_file(path) == DEPLOY / "gunicorn.conf.py"
    assert service["Type"] == "notify"  # gunicorn tells systemd when it listens


@pytest.mark.parametrize(
    ("unit", "command"),
    [
        ("tumbuh-worker.service", "worker"),
        ("tumbuh-backup.service", "backup"),
        ("tumbuh-facts.service", "facts"),
    ],
)
def test_the_worker_and_backup_units_start_real_tumbuh_commands(unit: str, command: str) -> None:
    program, *argv = shlex.split(_unit(unit)["Service"]["ExecStart"])
    assert Path(program).name == "tumbuh"
    assert _tumbuh_command(argv) == command


@pytest.mark.parametrize(
    "unit",
    [
        "tumbuh-web.service",
        "tumbuh-worker.service",
        "tumbuh-backup.service",
        "tumbuh-facts.service",
    ],
)
def test_every_service_runs_unprivileged_and_hardened_with_the_environment_file(
    unit: str,
) -> None:
    service = _unit(unit)["Service"]
    assert service["User"] == "tumbuh"
    assert service["EnvironmentFile"] == "/etc/tumbuh/tumbuh.env"
    assert service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"
    assert service["ProtectHome"] == "yes"
    assert service["CapabilityBoundingSet"] == ""
    assert service["UMask"] == "0077"
    assert "MemoryDenyWriteExecute" not in service  # numba compiles at start-up
    assert _repository_file(service["WorkingDirectory"] + "/") == ROOT


@pytest.mark.parametrize("timer_file", ["tumbuh-backup.timer", "tumbuh-facts.timer"])
def test_each_timer_starts_its_job_every_night_and_catches_up_a_missed_one(timer_file: str) -> None:
    timer = _unit(timer_file)["Timer"]
    assert (DEPLOY / "systemd" / timer["Unit"]).is_file()
    assert re.fullmatch(r"\*-\*-\* \d\d:\d\d:\d\d", timer["OnCalendar"])
    assert timer["Persistent"] == "true"


def _environment_example() -> dict[str, str]:
    """Names in deploy/tumbuh.env.example, set or commented out, with their values."""
    text = (DEPLOY / "tumbuh.env.example").read_text(encoding="utf-8")
    return dict(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=(.*)$", text, flags=re.MULTILINE))


def test_the_environment_example_names_only_settings_the_code_reads() -> None:
    read = "\n".join(
        path.read_text(encoding="utf-8")
        for path in [*(ROOT / "src" / "tumbuh").rglob("*.py"), DEPLOY / "gunicorn.conf.py"]
    )
    names = set(_environment_example())
    assert {"DATABASE_URL", "TUMBUH_DATA_DIR", "TUMBUH_SECRET_KEY", "TUMBUH_ALLOWED_HOSTS"} <= names
    assert sorted(name for name in names if f'"{name}"' not in read) == []


def test_nginx_serves_the_collected_static_files_and_takes_the_largest_import() -> None:
    conf = (DEPLOY / "nginx" / "tumbuh.conf").read_text(encoding="utf-8")
    static = re.search(r"location /static/ \{\s*alias ([^;]+);", conf)
    assert static is not None
    assert static.group(1) == _environment_example()["TUMBUH_STATIC_ROOT"] + "/"
    size = re.search(r"client_max_body_size (\d+)m;", conf)
    assert size is not None
    assert int(size.group(1)) * 1024 * 1024 >= MAX_UPLOAD_BYTES
    proxied = re.search(r"proxy_pass http://(\w+);", conf)
    assert proxied is not None
    assert f"upstream {proxied.group(1)} {{\n    server 127.0.0.1:8000;" in conf


@pytest.mark.parametrize("name", ["tumbuh.conf", "compose.conf"])
def test_nginx_logs_no_query_string_and_loads_nothing_from_elsewhere(name: str) -> None:
    conf = (DEPLOY / "nginx" / name).read_text(encoding="utf-8")
    log_format = re.search(r"log_format tumbuh ([^;]+);", conf)
    assert log_format is not None
    for variable in ("$request ", "$request_uri", "$args", "$query_string", "$http_referer"):
        assert variable not in log_format.group(1) + " "
    urls = re.findall(r"https?://[^\s;\"]+", conf)
    assert [
        url for url in urls if not re.match(r"https?://(\$host|tumbuh_gunicorn|web:)", url)
    ] == []


def _compose() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    compose: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text("utf-8"))
    return compose


def test_compose_has_the_database_web_worker_and_nginx_with_health_checks() -> None:
    services = _compose()["services"]
    assert {"db", "migrate", "web", "worker", "nginx"} <= set(services)
    assert services["db"]["image"] == "postgres:16"
    assert "/var/lib/postgresql/data" in services["db"]["volumes"][0]
    for name in ("db", "web", "nginx"):
        assert services[name]["healthcheck"]["test"], name
    assert (DEPLOY / services["nginx"]["volumes"][0].split(":")[0]).is_file()


def test_compose_migrates_once_before_web_and_worker_start() -> None:
    services = _compose()["services"]
    migrate = services["migrate"]
    assert "tumbuh manage migrate --noinput" in migrate["command"][-1]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("web", "worker"):
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"}
        }


def test_compose_runs_gunicorn_with_the_repository_settings_and_the_tumbuh_worker() -> None:
    services = _compose()["services"]
    program, option, path = services["web"]["command"]
    assert (program, option) == ("gunicorn", "-c")
    assert _repository_file(path) == DEPLOY / "gunicorn.conf.py"
    assert _tumbuh_command(services["worker"]["command"][1:]) == "worker"
    assert _tumbuh_command(services["backup"]["command"][1:]) == "backup"
    for name in ("web", "worker", "migrate"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgresql://tumbuh:")
        assert environment["DATABASE_URL"].endswith("@db:5432/tumbuh")


def test_the_image_copies_files_that_exist() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    copied = [line.split()[1:-1] for line in dockerfile.splitlines() if line.startswith("COPY ")]
    assert copied
    assert [p for paths in copied for p in paths if not (ROOT / p).exists()] == []


def _production_settings(tmp_path: Path, **environment: str) -> dict[str, Any]:
    """The settings ``tumbuh.web.settings`` derives from ``environment``, in a fresh process."""
    program = (
        "import json, tumbuh.web.settings as s; "
        "print(json.dumps({'database': s.DATABASES['default'], 'static': str(s.STATIC_ROOT), "
        "'cache': s.CACHES['default']}))"
    )
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("TUMBUH_", "DATABASE"))}
    result = subprocess.run(
        [sys.executable, "-c", program],
        env={**inherited, "TUMBUH_DATA_DIR": str(tmp_path / "data"), **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    settings: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return settings


def test_with_postgresql_connections_are_kept_and_checked_before_reuse(tmp_path: Path) -> None:
    database = _production_settings(
        tmp_path, DATABASE_URL="postgresql://tumbuh@db:5432/tumbuh", TUMBUH_CONN_MAX_AGE="30"
    )["database"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (30, True)


def test_with_postgresql_statements_are_not_jit_compiled(tmp_path: Path) -> None:
    database = _production_settings(tmp_path, DATABASE_URL="postgresql://tumbuh@db:5432/tumbuh")[
        "database"
    ]
    assert "-c jit=off" in database["OPTIONS"]["options"]


def test_the_static_files_are_collected_where_the_environment_says(tmp_path: Path) -> None:
    static = tmp_path / "static"
    assert _production_settings(tmp_path, TUMBUH_STATIC_ROOT=str(static))["static"] == str(static)
    assert static.is_dir()
    default = _production_settings(tmp_path)["static"]
    assert default == str(tmp_path / "data" / "static")


def test_kept_figures_are_shared_by_the_processes_in_an_owner_only_directory(
    tmp_path: Path,
) -> None:
    cache = _production_settings(tmp_path)["cache"]
    assert cache["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert cache["LOCATION"] == str(tmp_path / "data" / "cache")
    assert (tmp_path / "data" / "cache").stat().st_mode & 0o777 == 0o700
    elsewhere = tmp_path / "figures"
    chosen = _production_settings(tmp_path, TUMBUH_CACHE_DIR=str(elsewhere))["cache"]
    assert chosen["LOCATION"] == str(elsewhere)


def test_the_loaded_app_is_kept_out_of_the_garbage_collectors_scans(tmp_path: Path) -> None:
    program = (
        "import gc, tumbuh.web.wsgi, tumbuh.interventions.views as v; print(gc.get_freeze_count())"
    )
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("TUMBUH_", "DATABASE"))}
    result = subprocess.run(
        [sys.executable, "-c", program],
        env={**inherited, "TUMBUH_DATA_DIR": str(tmp_path / "data")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(result.stdout.strip().splitlines()[-1]) > 100_000  # Django, numpy, the views
