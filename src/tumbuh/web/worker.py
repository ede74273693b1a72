"""The background worker: runs queued jobs (imports) from the database, django-tasks-db's
``db_worker``.

``tumbuh serve`` starts one worker process next to waitress and stops it on exit, so a user runs
one command; ``tumbuh worker`` (``tumbuh.cli.worker``) runs one on its own, for deployments that
keep workers apart (any number, on any machine sharing the database). A worker starting first
settles the jobs of workers that died (``tumbuh.imports.jobs.jobs_settle``): they show as failed,
with nothing half-written.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: Seconds a stopping worker gets to finish its job before it is killed (the job is then undone).
STOP_GRACE_SECONDS = 10.0
#: Seconds between looks at the queue when it is empty.
POLL_SECONDS = 1.0
#: Seconds between checks that the worker still runs.
RESTART_CHECK_SECONDS = 5.0
PR_SET_PDEATHSIG = 1  # linux/prctl.h
log = logging.getLogger(__name__)


def worker_arguments(*, batch: bool = False) -> list[str]:
    """``db_worker`` options: every queue, no reloader; ``batch`` stops when the queue is empty."""
    arguments = ["db_worker", "--queue-name", "*", "--interval", str(POLL_SECONDS), "--no-reload"]
    return [*arguments, "--batch"] if batch else arguments


def worker_run(*, batch: bool = False, verbosity: int = 1) -> None:
    """Run a worker in this process (Django set up), until stopped or, with ``batch``, until
    the queue is empty."""
    from django.core.management import call_command

    from tumbuh.imports.jobs import jobs_settle

    jobs_settle()
    call_command(*worker_arguments(batch=batch), verbosity=verbosity)


def worker_start() -> subprocess.Popen[bytes]:
    """A worker process beside this one, with the same settings and environment."""
    from tumbuh.imports.jobs import jobs_settle

    jobs_settle()
    command = [sys.executable, "-m", "tumbuh.cli", "manage", *worker_arguments()]
    # forked before waitress starts its threads (or by the one supervisor thread): the child
    # only calls prctl before exec
    return subprocess.Popen(command, env=dict(os.environ), preexec_fn=_stop_with_parent)  # noqa: PLW1509


def _stop_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """On Linux, the worker is sent SIGTERM when the server dies, even killed."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)  # leaves ``worker_running`` through its ``finally``


def worker_stop(process: subprocess.Popen[bytes], grace: float = STOP_GRACE_SECONDS) -> int:
    """Ask the worker to stop (it finishes the job it runs), kill it after ``grace``."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


class _Supervisor(threading.Thread):
    """Keeps one worker process running: one that ends unasked is logged and started again."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        super().__init__(name="tumbuh-worker-supervisor", daemon=True)
        self.process = process
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(RESTART_CHECK_SECONDS):
            code = self.process.poll()
            if code is not None and not self.stopping.is_set():
                log.warning("background worker ended (exit code %s); starting another", code)
                self.process = worker_start()


@contextmanager
def worker_running() -> Iterator[subprocess.Popen[bytes]]:
    """A worker process for as long as the block runs (``tumbuh serve``), restarted if it
    ends."""
    process = worker_start()
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm) if main else None
    supervisor = _Supervisor(process)
    supervisor.start()
    try:
        yield process
    finally:
        supervisor.stopping.set()
        supervisor.join()
        worker_stop(supervisor.process)
        if main:  # a service manager's stop (SIGTERM) ends the block like Ctrl+C
            signal.signal(signal.SIGTERM, previous)
