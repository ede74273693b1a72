"""The web subcommands: parsed, documented in the README, and loadregions runs."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tumbuh.cli import WEB_COMMANDS, main
from tumbuh.regions.models import Region

README = Path(__file__).resolve().parents[2] / "README.md"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for command in WEB_COMMANDS:
        command.register(subparsers)


def subcommands() -> list[str]:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    register(sub)
    return list(sub.choices)


def test_every_web_command_is_documented_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    assert subcommands() == ["demo", "serve", "manage", "loadregions"]
    for name in subcommands():
        assert f"tumbuh {name}" in text, name


def test_demo_accepts_port_and_no_serve() -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["demo", "--port", "8080", "--no-serve"])
    assert args.port == 8080
    assert args.no_serve


@pytest.mark.django_db
def test_loadregions_loads_a_kota(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["loadregions", "64.74"]) == 0
    assert "64.74: 20 regions added" in capsys.readouterr().out
    assert Region.objects.filter(code__startswith="64.74.", level="desa_kelurahan").count() == 15
