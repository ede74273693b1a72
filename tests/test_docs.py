"""The README documents every command of the ``tumbuh`` CLI."""

from __future__ import annotations

import argparse
from pathlib import Path

from tumbuh.cli import build_parser

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(actions[0].choices)


def test_every_cli_command_has_a_section_in_the_readme() -> None:
    missing = [name for name in _commands() if f"### `tumbuh {name}" not in README]
    assert missing == []


def test_the_readme_has_exactly_one_main_command_and_one_test_command() -> None:
    assert README.count("<!-- main-command -->") == 1
    assert README.count("<!-- test-command -->") == 1
