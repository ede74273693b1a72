"""Sorting a file's keyed rows into new, updated and unchanged: the rule every import of things
given (deliveries, programme receipts) shares.

A row is new unless its key is already stored or earlier in the file (then recorded once); a
stored row is updated only when the file brings a different, non-empty note.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Protocol, TypeVar


class NotedRow(Protocol):
    @property
    def row(self) -> int: ...

    @property
    def note(self) -> str: ...


K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=NotedRow)


def sort_rows(
    keyed: Iterable[tuple[R, K]],
    stored: Mapping[K, tuple[int, str]],
    *,
    status: dict[int, str],
    new: dict[K, R],
    notes: dict[int, str],
) -> None:
    """Fill ``status`` (row -> new/updated/unchanged), ``new`` (key -> row to store) and
    ``notes`` (stored id -> its new note) from the rows and what is ``stored`` (key -> id, note)."""
    for record, key in keyed:
        if key in new:  # the same thing twice in the file: recorded once
            status[record.row] = "unchanged"
        elif key in stored:
            pk, note = stored[key]
            changed = bool(record.note) and record.note != notes.get(pk, note)
            if changed:
                notes[pk] = record.note
            status[record.row] = "updated" if changed else "unchanged"
        else:
            new[key] = record
            status[record.row] = "new"
