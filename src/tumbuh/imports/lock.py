"""One import at a time: imports of one database queue behind each other.

Two imports at once would link the same children independently (each registering a child the
other is registering), so a second import, from the CLI or a worker, waits for the first. The lock
is an exclusive ``flock`` on a file in the data directory: the operating system releases it when
the holding process ends, even killed, so a crash never leaves it held. (On a system without
``fcntl`` imports are not serialised.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tumbuh.env import data_dir

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux
    fcntl = None  # type: ignore[assignment]


@contextmanager
def import_lock(waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the import lock for the block; ``waiting()`` is called once if another import
    holds it (then this one waits for it)."""
    folder = data_dir() / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "import.lock").open("a") as handle:
        if fcntl is None:
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
