"""The one lookup of ``--user``, and how every database subcommand reports an unknown account."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.apps.conftest import World
from tumbuh.cli import main
from tumbuh.cli.failure import CommandError
from tumbuh.cli.users import user_by_name


def test_it_finds_the_account_by_its_user_name(world: World) -> None:
    assert user_by_name("root") == world.admin


@pytest.mark.django_db
def test_an_unknown_name_is_refused_saying_which_option_to_use() -> None:
    with pytest.raises(CommandError, match=r"^no account 'siapa' \(use --user\)$"):
        user_by_name("siapa")


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "eppgbm", "x.csv", "--region", "71.72"],
        ["link", "--region", "71.72"],
        ["report", "scorecard", "--region", "71.72", "-o", "card.csv"],
    ],
)
def test_every_command_names_the_unknown_account_and_exits_with_2(
    world: World, argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--user", "siapa"]) == 2
    command = argv[0]
    assert capsys.readouterr().err == f"tumbuh {command}: no account 'siapa' (use --user)\n"


def test_link_names_an_unknown_region(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["link", "--region", "99.99", "--user", "root"]) == 2
    assert "tumbuh link: no region '99.99'" in capsys.readouterr().err
