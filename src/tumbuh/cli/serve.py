"""``tumbuh serve``: serve an existing database with waitress, migrations applied first."""

from __future__ import annotations

import argparse
from typing import Any

from tumbuh.cli.django_setup import django_start

DEFAULT_PORT = 8000
DEFAULT_HOST = "127.0.0.1"


def add_address(parser: argparse.ArgumentParser) -> None:
    """``--port`` and ``--host``, as ``serve`` and ``demo`` take them."""
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--host", default=DEFAULT_HOST)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("serve", help="serve an existing database with waitress")
    add_address(parser)
    parser.set_defaults(handler=run)


def serve(host: str, port: int) -> None:
    """Serve the web app until Ctrl+C (Django must be set up)."""
    from waitress import serve as waitress_serve

    from tumbuh.web.worker import worker_running
    from tumbuh.web.wsgi import application

    print(f"Tumbuh: http://{host}:{port}/ (Ctrl+C to stop)")
    with worker_running():  # background jobs (imports) run in a worker process beside waitress
        waitress_serve(application, host=host, port=port, threads=8)


def run(args: argparse.Namespace) -> int:
    django_start()
    serve(args.host, args.port)
    return 0
