"""Figures derived from the registry, the measurements and the deliveries, kept until they change.

Some pages show figures that are costly to derive and that change only when the data behind
them do (a weighing campaign's prevalence with its CI, the routine coverage year by year, the
lokus criteria per desa). They are kept in Django's cache under a key that carries the moment
the data last changed (``FactsState.changed_at``: every write marks its children stale through
the signals, the next read flushes those marks and moves that moment; every write that forgets a
desa's stored coverage moves it too: a delivery, a visit, a family, a sasaran role, the
catalogue; every import rebuilds its region's facts and moves it), so a figure is never shown
after a write that could change it.

The cache is shared by the web processes and the job worker (files in the data directory,
owner only; ``settings.CACHES``), so each figure is computed once, not once per process. Only
aggregates belong here, never a list of names.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Final, TypeVar

from django.core.cache import cache

import tumbuh
from tumbuh.facts.models import FactsState
from tumbuh.facts.services import facts_flush

T = TypeVar("T")
#: How long a figure is kept at most (a safety net for a write that bypasses the facts).
KEPT_SECONDS: Final = 60 * 60


def facts_version() -> str:
    """The moment the facts last changed, after flushing what writes marked stale."""
    facts_flush()
    state = FactsState.objects.values_list("built_at", "changed_at").first()
    if state is None:
        return "none"
    return "-".join(moment.isoformat() if moment else "" for moment in state)


@functools.cache
def code_version() -> str:
    """A digest of Tumbuh's own code as installed (each module's size and time): values kept by
    other code (an upgrade, an edit) are never read back, whatever their shape was."""
    root = Path(tumbuh.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def kept(name: str, key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or its value kept since the facts last changed (``name`` and ``key``
    must tell apart everything the value depends on besides the facts: area, scope, dates)."""
    version = (facts_version(), code_version())
    digest = hashlib.sha256(repr((name, key, version)).encode()).hexdigest()
    full = f"tumbuh:facts:{name}:{digest}"
    found: tuple[T] | None = cache.get(full)  # a 1-tuple: a kept None is still kept
    if found is None:
        found = (compute(),)
        cache.set(full, found, KEPT_SECONDS)
    return found[0]
