"""Indonesian spelling variants folded before names are compared."""

from __future__ import annotations

import re
from typing import Final

#: Whole-word variants -> one spelling.
WORD_VARIANTS: Final = {
    "muhamad": "muhammad",
    "muhammat": "muhammad",
    "mohammad": "muhammad",
    "mohamad": "muhammad",
    "moh": "muhammad",
    "mhd": "muhammad",
    "muh": "muhammad",
    "m": "muhammad",
    "noor": "nur",
    "nurul": "nur",
    "sitti": "siti",
    "abd": "abdul",
}
#: Old (pre-1972) spellings -> EYD.
OLD_SPELLINGS: Final = (("dj", "j"), ("tj", "c"), ("oe", "u"), ("sj", "sy"), ("ch", "kh"))


def fold_name(name: str) -> str:
    """Lower case, letters only, old spellings and common variants folded, doubles collapsed."""
    text = re.sub(r"[^a-z ]+", " ", name.casefold())
    for old, new in OLD_SPELLINGS:
        text = text.replace(old, new)
    words = [WORD_VARIANTS.get(w, w) for w in text.split()]
    return " ".join(re.sub(r"(.)\1+", r"\1", w) for w in words)
