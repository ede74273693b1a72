"""Matching place names written by hand (kelurahan, posyandu) to the names Tumbuh knows."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

_PREFIXES = re.compile(r"^(desa|kelurahan|kel\.?|ds\.?|posyandu|pos\.?)\s+")


def normalise_name(name: str) -> str:
    """Lower case, single spaces, without a leading 'Desa'/'Kelurahan'/'Posyandu'."""
    text = " ".join(name.casefold().replace("-", " ").split())
    return _PREFIXES.sub("", text)


def match_name(name: str, known: Mapping[str, str]) -> tuple[str | None, str | None]:
    """(code of the known name, None) on a match; (None, closest known name) otherwise.

    ``known`` maps normalised names to codes.
    """
    key = normalise_name(name)
    if key in known:
        return known[key], None
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
    return None, (close[0] if close else None)
