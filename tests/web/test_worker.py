"""The background worker: ``tumbuh serve`` runs one beside waitress and stops it on exit;
``tumbuh worker`` runs one apart."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

import pytest

from tumbuh.cli import serve as serve_command
from tumbuh.cli import worker as worker_command
from tumbuh.web import worker


def _sleeper() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def test_serve_runs_a_worker_process_for_as_long_as_waitress_serves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        started.append(_sleeper())
        return started[-1]

    alive_while_serving: list[bool] = []

    def waitress(*args: object, **kwargs: object) -> None:
        alive_while_serving.append(started[0].poll() is None)

    monkeypatch.setattr(worker, "worker_start", start)
    monkeypatch.setattr("waitress.serve", waitress)
    serve_command.serve("127.0.0.1", 8999)
    assert alive_while_serving == [True]
    assert started[0].poll() is not None  # stopped when serving ended


def test_a_worker_that_will_not_stop_is_killed_after_the_grace_period() -> None:
    stubborn = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            "print('ready', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    assert stubborn.stdout is not None
    assert stubborn.stdout.readline() == b"ready\n"
    assert worker.worker_stop(stubborn, grace=0.2) == -9


def test_the_worker_runs_every_queue_without_the_reloader() -> None:
    arguments = worker.worker_arguments(batch=True)
    assert arguments[0] == "db_worker"
    assert arguments[1:3] == ["--queue-name", "*"]
    assert "--no-reload" in arguments
    assert "--batch" in arguments


def test_tumbuh_worker_is_a_command_with_a_batch_option() -> None:
    parser = argparse.ArgumentParser()
    worker_command.register(parser.add_subparsers())
    args = parser.parse_args(["worker", "--batch"])
    assert args.batch
    assert args.handler is worker_command.run


def test_a_worker_that_ends_unasked_is_started_again(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        started.append(
            subprocess.Popen([sys.executable, "-c", "pass"]) if not started else _sleeper()
        )
        return started[-1]

    monkeypatch.setattr(worker, "worker_start", start)
    monkeypatch.setattr(worker, "RESTART_CHECK_SECONDS", 0.05)
    with worker.worker_running():
        deadline = time.monotonic() + 20
        while len(started) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert len(started) == 2
    assert started[1].poll() is not None  # the second one was stopped at the end
