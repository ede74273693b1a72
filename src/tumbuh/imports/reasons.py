"""The reasons in a rejection report, in the reader's language.

The validators (``tumbuh.ingest``, ``tumbuh.scoring``) are pure Python and write their reasons in
English, which is also what the CLI's scripts read. Each reason follows one of the templates
below; for a report read in Bahasa Indonesia the template is matched, translated through
Django's translation system, and filled with the same values (column names and cell values stay
as the file has them).
"""

from __future__ import annotations

import re
from functools import cache

from django.utils.translation import gettext, gettext_noop

#: (English template with {placeholders}) -- the exact wording the validators produce.
TEMPLATES: tuple[str, ...] = (
    gettext_noop("{field}: missing"),
    gettext_noop("{field}: missing or unknown"),
    gettext_noop("{field}: missing or not a date"),
    gettext_noop("{field}: missing or not a date, and no Usia Saat Ukur"),
    gettext_noop("{field}: after Tanggal Pengukuran"),
    gettext_noop("{field}: missing, taken from the NIK (agrees with Usia Saat Ukur)"),
    gettext_noop("{field}: missing, taken from Usia Saat Ukur"),
    gettext_noop("{field}: '{name}' matches no kelurahan (did you mean '{suggestion}'?)"),
    gettext_noop("{field}: '{name}' matches no kelurahan"),
    gettext_noop("{field}: {grams} looks like grams, read as {kg} kg"),
    gettext_noop("{fields}: no usable measurement"),
    gettext_noop("no usable measurement"),
    gettext_noop("{field}: 'Outlier' in the file"),
    gettext_noop("{field}: masked '{text}', kept out of matching"),
    gettext_noop("{field}: lost digits as a number '{text}'"),
    gettext_noop("{field}: not digits '{text}'"),
    gettext_noop("{field}: {count} digits instead of 16 '{text}'"),
    gettext_noop("{field}: ends in 0000, digits probably lost as a number '{text}'"),
    gettext_noop("{field}: '{nik}' is a man's NIK, no mother recorded"),
    gettext_noop("{field}: '{text}' is not 16 digits, family matched by parent and address"),
    gettext_noop("{field}: '{text}' is not 16 digits, matched by name"),
    gettext_noop("{field}: range '{text}' (above 4), stored without a decile"),
    gettext_noop("{field}: range '{text}', stored without a decile"),
    gettext_noop("{field}: not a decile '{text}'"),
    gettext_noop("{field}: not Ya/Tidak '{text}'"),
    gettext_noop("{field}: '{name}' is new and no puskesmas serves {kelurahan}"),
    gettext_noop("{field}: '{name}' belongs to another puskesmas, outside your area"),
    gettext_noop("{field}: '{name}' is new and {kelurahan} is outside your puskesmas's area"),
    gettext_noop("outside your area: your account cannot record for this child or family"),
    gettext_noop("{field}: file {file}, Tumbuh {ours} (WHO method)"),
    gettext_noop("{field}: refused by the registry ({why}); stored without NIK"),
    gettext_noop("{field}: no plausible birth date in it, or no Nama Ortu; no mother recorded"),
    gettext_noop("{field}: {why}; no mother recorded"),
    gettext_noop("{field}: cut to {count} characters"),
    gettext_noop("{field}: {measured} is before the child's birth date {born}"),
    gettext_noop("{field}: {value} is outside {low}-{high}, left out"),
    gettext_noop(
        "same child and Tanggal Pengukuran as row {row}, with other values; row {row} was kept"
    ),
    gettext_noop("same family as row {row}, with other values; row {row} was kept"),
    gettext_noop("{field}: not a number '{text}'"),
    gettext_noop("{field}: not a positive number '{text}'"),
    gettext_noop("{field}: negative '{text}'"),
    gettext_noop("{field}: unknown value '{text}'"),
    gettext_noop("{field}: not a date '{text}'"),
    # whole files (the field is the file's name)
    gettext_noop("{field}: not an e-PPGBM export: missing column(s) {columns}"),
    gettext_noop("{field}: not a Tumbuh template: missing column(s) {columns}"),
    gettext_noop("{field}: not a keluarga export: missing column(s) {columns}"),
    gettext_noop("{field}: not a dtsen export: missing column(s) {columns}"),
    gettext_noop("{field}: unreadable ({why})"),
    gettext_noop("{field}: no columns found"),
    gettext_noop("{field}: refused: it unpacks to {size} MB, {ratio} times its size"),
    gettext_noop("{field}: refused: a sheet declares {rows} rows (more than {limit})"),
)


def _pattern(template: str) -> re.Pattern[str]:
    """A template as a regex: each {name} matches any text (a repeated name, the same text)."""
    parts = re.split(r"\{(\w+)\}", template)
    seen: set[str] = set()
    regex = ""
    for i, part in enumerate(parts):
        if i % 2 == 0:
            regex += re.escape(part)
        elif part in seen:
            regex += f"(?P={part})"
        else:
            seen.add(part)
            regex += f"(?P<{part}>.*?)"
    return re.compile(f"^{regex}$", re.S)


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((_pattern(t), t) for t in TEMPLATES)


def _one(reason: str) -> str | None:
    for pattern, template in _patterns():
        match = pattern.match(reason)
        if match is not None:
            return gettext(template).format(**match.groupdict())
    return None


def say(reason: str) -> str:
    """The reason in the active language (unchanged when no template fits)."""
    whole = _one(reason)
    if whole is not None:
        return whole
    parts = reason.split("; ")
    translated = [_one(part) for part in parts]
    if len(parts) > 1 and all(t is not None for t in translated):
        return "; ".join(t for t in translated if t is not None)
    return reason
