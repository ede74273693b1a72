"""The one progress bar of the ``tumbuh`` command: tqdm on stderr when it is a terminal.

Off a terminal (a script, a pipe, a test) it draws nothing, so output stays what scripts read.
"""

from __future__ import annotations

import shutil
import sys
from types import TracebackType
from typing import Any


class ProgressBar:
    """Rows done so far. ``advance(rows)`` adds rows; ``reached(done, total)`` sets both (the
    ``progress`` callbacks of the scoring and import services). ``wanted=False`` keeps it off,
    as for files too small to need one."""

    def __init__(self, *, desc: str | None = None, wanted: bool = True) -> None:
        self._desc = desc
        self._shown = wanted and sys.stderr.isatty()
        self._bar: Any = None

    def _drawn(self, total: int | None = None) -> Any:
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total,
                unit="rows",
                unit_scale=True,
                file=sys.stderr,
                desc=self._desc,
                ncols=shutil.get_terminal_size().columns or 80,
            )
        return self._bar

    def advance(self, rows: int) -> None:
        if self._shown:
            self._drawn().update(rows)

    def reached(self, done: int, total: int) -> None:
        if self._shown:
            bar = self._drawn(total)
            bar.update(done - bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
