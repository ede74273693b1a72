"""Finding a desa/kelurahan (and its kecamatan) from what a hand-made file says about it.

A kabupaten can have several desa of one name (Kutai Kartanegara: 8 names shared by 17 desa), so
a name alone is not always enough: the kecamatan, or the Kemendagri code where the file carries
one, tells them apart, and a name that still names more than one desa is refused, never guessed.

No Django here: the caller gives the region's places.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from tumbuh.ingest.names import normalise_name
from tumbuh.ingest.reasons import Reason

_KECAMATAN_PREFIX = re.compile(r"^(kecamatan|kec\.?)\s+")


@dataclass(frozen=True)
class Place:
    code: str  # Kemendagri code, dotted
    name: str
    kecamatan: str  # the kecamatan's code


def _fold_kecamatan(name: str) -> str:
    return _KECAMATAN_PREFIX.sub("", normalise_name(name))


def _digits(code: str) -> str:
    return re.sub(r"\D", "", code)


class Places:
    """The desa/kelurahan and kecamatan of a region, by folded name and by code."""

    def __init__(self, kelurahan: Iterable[Place], kecamatan: Iterable[tuple[str, str]]) -> None:
        self.kecamatan_by_name: dict[str, str] = {}
        for code, name in kecamatan:
            self.kecamatan_by_name.setdefault(_fold_kecamatan(name), code)
        self.by_name: dict[str, list[Place]] = {}
        self.by_code: dict[str, Place] = {}
        self.by_code_dotted: set[str] = set()  # the desa/kelurahan codes
        for place in kelurahan:
            self.by_name.setdefault(normalise_name(place.name), []).append(place)
            self.by_code[_digits(place.code)] = place
            self.by_code_dotted.add(place.code)

    def kecamatan(self, text: str, field: str) -> tuple[str | None, Reason | None]:
        """(code, None), or (None, why) for a name that matches no kecamatan."""
        code = self.kecamatan_by_name.get(_fold_kecamatan(text))
        if code is None:
            return None, Reason("unknown_kecamatan", field, {"name": text})
        return code, None

    def kelurahan(
        self, text: str, field: str, *, kecamatan: str | None = None, code: str = ""
    ) -> tuple[Place | None, Reason | None]:
        """The desa/kelurahan the cell names: by ``code`` when given, else by name within the
        ``kecamatan`` (a code) when given; (None, why) when it names none or several."""
        if code:
            found = self.by_code.get(_digits(code))
            if found is None or (kecamatan and found.kecamatan != kecamatan):
                return None, Reason("unknown_kelurahan_code", "Kode", {"text": code})
            return found, None
        key = normalise_name(text)
        candidates = [
            p for p in self.by_name.get(key, []) if kecamatan is None or p.kecamatan == kecamatan
        ]
        if len(candidates) == 1:
            return candidates[0], None
        if candidates:
            return None, Reason(
                "ambiguous_kelurahan", field, {"name": text, "count": len(candidates)}
            )
        names = [
            n
            for n, places in self.by_name.items()
            if kecamatan is None or any(p.kecamatan == kecamatan for p in places)
        ]
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.75)
        if close:
            suggestion = {"name": text, "suggestion": close[0]}
            return None, Reason("unknown_kelurahan_suggestion", field, suggestion)
        return None, Reason("unknown_kelurahan", field, {"name": text})
