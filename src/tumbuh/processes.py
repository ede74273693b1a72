"""Whether a background worker's process still runs (for jobs whose worker may have died)."""

from __future__ import annotations

import os


def process_alive(pid: int) -> bool:
    """A process with this id exists on this machine (perhaps another account's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, another account's
        return True
    return True
