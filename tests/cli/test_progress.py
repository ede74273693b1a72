"""The one progress bar: drawn on a terminal only, fed by either kind of progress callback."""

from __future__ import annotations

import io

import pytest

from tumbuh.cli.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_it_draws_nothing_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with ProgressBar(desc="scoring") as bar:
        bar.advance(500)
        bar.reached(700, 1000)
    assert capsys.readouterr().err == ""


def test_it_counts_rows_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with ProgressBar(desc="scoring") as bar:
        bar.advance(300)
        bar.advance(200)
    assert "scoring" in terminal.getvalue()
    assert "500" in terminal.getvalue()


def test_reached_sets_the_total_and_the_rows_done(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with ProgressBar() as bar:
        bar.reached(0, 40_000)
        bar.reached(20_000, 40_000)
    assert "20.0k/40.0k" in terminal.getvalue()


def test_an_unwanted_bar_stays_off_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with ProgressBar(wanted=False) as bar:
        bar.advance(10)
    assert terminal.getvalue() == ""
