"""The web subcommands of ``tumbuh``: demo, serve, manage, loadregions.

Django is configured only inside these commands, so ``tumbuh zscore`` never starts it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

DEFAULT_PORT = 8000


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumbuh.web.settings")
    import django

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def serve(host: str, port: int) -> None:
    from waitress import serve as waitress_serve

    from tumbuh.web.worker import worker_running
    from tumbuh.web.wsgi import application

    print(f"Tumbuh: http://{host}:{port}/ (Ctrl+C to stop)")
    with worker_running():  # background jobs (imports) run in a worker process beside waitress
        waitress_serve(application, host=host, port=port, threads=8)


def cmd_demo(args: argparse.Namespace) -> int:
    _django()
    _migrate()
    from tumbuh.web.demo import demo_build

    summary = demo_build()
    print(summary)
    if not args.no_serve:
        serve(args.host, args.port)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _django()
    _migrate()
    serve(args.host, args.port)
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tumbuh manage", *args.args])
    return 0


def cmd_loadregions(args: argparse.Namespace) -> int:
    _django()
    _migrate()
    from tumbuh.regions.loader import regions_load

    for code in args.codes:
        print(f"{code}: {regions_load(code=code)} regions added")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add demo, serve, manage and loadregions to the ``tumbuh`` command."""
    demo = subparsers.add_parser("demo", help="build a demo of Kota Bitung and serve it")
    demo.add_argument("--port", type=int, default=DEFAULT_PORT)
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--no-serve", action="store_true", help="build the database and stop")
    demo.set_defaults(handler=cmd_demo)
    srv = subparsers.add_parser("serve", help="serve an existing database with waitress")
    srv.add_argument("--port", type=int, default=DEFAULT_PORT)
    srv.add_argument("--host", default="127.0.0.1")
    srv.set_defaults(handler=cmd_serve)
    manage = subparsers.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=cmd_manage)
    load = subparsers.add_parser("loadregions", help="load Kemendagri regions (e.g. 71.72 or 71)")
    load.add_argument("codes", nargs="+")
    load.set_defaults(handler=cmd_loadregions)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tumbuh")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
