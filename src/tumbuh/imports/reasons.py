"""The reasons of a rejection report (and of a file refused whole), in the reader's language.

Validators and import services give each reason as data (``tumbuh.ingest.reasons.Reason``:
code, field, params). Here each code has its wording as a msgid of Django's catalogue, the same
English text ``tumbuh.ingest.reasons.english`` writes; the translation is looked up by code and
filled with the reason's field and values, which stay as the file has them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from django.utils.translation import gettext, gettext_noop

from tumbuh.ingest.reasons import Reason, fill

#: Code -> msgid (the English wording, with ``{field}`` and named placeholders).
TEMPLATES: Final[Mapping[str, str]] = {
    "missing": gettext_noop("{field}: missing"),
    "missing_or_unknown": gettext_noop("{field}: missing or unknown"),
    "missing_or_not_a_date": gettext_noop("{field}: missing or not a date"),
    "no_birth_date": gettext_noop("{field}: missing or not a date, and no Usia Saat Ukur"),
    "born_after_measurement": gettext_noop("{field}: after Tanggal Pengukuran"),
    "birth_from_nik": gettext_noop(
        "{field}: missing, taken from the NIK (agrees with Usia Saat Ukur)"
    ),
    "birth_from_age": gettext_noop("{field}: missing, taken from Usia Saat Ukur"),
    "unknown_kelurahan": gettext_noop("{field}: '{name}' matches no kelurahan"),
    "unknown_kelurahan_suggestion": gettext_noop(
        "{field}: '{name}' matches no kelurahan (did you mean '{suggestion}'?)"
    ),
    "grams": gettext_noop("{field}: {grams} looks like grams, read as {kg} kg"),
    "no_measurement": gettext_noop("{field}: no usable measurement"),
    "no_measurement_left": gettext_noop("no usable measurement"),
    "outlier_in_file": gettext_noop("{field}: 'Outlier' in the file"),
    "nik_masked": gettext_noop("{field}: masked '{text}', kept out of matching"),
    "nik_as_number": gettext_noop("{field}: lost digits as a number '{text}'"),
    "nik_not_digits": gettext_noop("{field}: not digits '{text}'"),
    "nik_length": gettext_noop("{field}: {count} digits instead of 16 '{text}'"),
    "nik_zeros": gettext_noop("{field}: ends in 0000, digits probably lost as a number '{text}'"),
    "mother_nik_of_a_man": gettext_noop("{field}: '{nik}' is a man's NIK, no mother recorded"),
    "kk_not_16_digits": gettext_noop(
        "{field}: '{text}' is not 16 digits, family matched by parent and address"
    ),
    "kk_not_16_digits_by_name": gettext_noop("{field}: '{text}' is not 16 digits, matched by name"),
    "decile_range_above_4": gettext_noop(
        "{field}: range '{text}' (above 4), stored without a decile"
    ),
    "decile_range": gettext_noop("{field}: range '{text}', stored without a decile"),
    "not_a_decile": gettext_noop("{field}: not a decile '{text}'"),
    "not_yes_no": gettext_noop("{field}: not Ya/Tidak '{text}'"),
    "not_a_number": gettext_noop("{field}: not a number '{text}'"),
    "not_positive": gettext_noop("{field}: not a positive number '{text}'"),
    "negative": gettext_noop("{field}: negative '{text}'"),
    "unknown_value": gettext_noop("{field}: unknown value '{text}'"),
    "not_a_date": gettext_noop("{field}: not a date '{text}'"),
    "posyandu_unserved": gettext_noop(
        "{field}: '{name}' is new and no puskesmas serves {kelurahan}"
    ),
    "posyandu_other_puskesmas": gettext_noop(
        "{field}: '{name}' belongs to another puskesmas, outside your area"
    ),
    "posyandu_outside_area": gettext_noop(
        "{field}: '{name}' is new and {kelurahan} is outside your puskesmas's area"
    ),
    "outside_scope": gettext_noop(
        "outside your area: your account cannot record for this child or family"
    ),
    "z_differs": gettext_noop("{field}: file {file}, Tumbuh {ours} (WHO method)"),
    "nik_refused": gettext_noop("{field}: refused by the registry ({why}); stored without NIK"),
    "mother_implausible": gettext_noop(
        "{field}: no plausible birth date in it, or no Nama Ortu; no mother recorded"
    ),
    "mother_nik_refused": gettext_noop("{field}: {why}; no mother recorded"),
    "name_cut": gettext_noop("{field}: cut to {count} characters"),
    "after_import_day": gettext_noop("{field}: {date} is after the day of the import ({today})"),
    "measured_before_birth": gettext_noop(
        "{field}: {measured} is before the child's birth date {born}"
    ),
    "out_of_range": gettext_noop("{field}: {value} is outside {low}-{high}, left out"),
    "same_child_and_day": gettext_noop(
        "same child and Tanggal Pengukuran as row {row}, with other values; row {row} was kept"
    ),
    "same_family": gettext_noop("same family as row {row}, with other values; row {row} was kept"),
    "no_nik_or_kk": gettext_noop("NIK and No KK: both missing"),
    "unknown_intervention": gettext_noop(
        "{field}: unknown intervention '{text}' (use a catalogue code or its name)"
    ),
    "future_date": gettext_noop("{field}: '{text}' is in the future"),
    "needs_nik": gettext_noop("{field}: missing; this intervention is given to a person"),
    "needs_kk": gettext_noop("{field}: missing; this intervention is given to a family"),
    "unknown_nik": gettext_noop("{field}: no person with NIK '{text}' in this kab/kota"),
    "unknown_kk": gettext_noop("{field}: no family with No KK '{text}' in this kab/kota"),
    "other_office": gettext_noop("{field}: '{code}' is delivered by {office}, not by your office"),
    "not_deliveries": gettext_noop("{field}: not a deliveries file: missing column(s) {columns}"),
    "not_eppgbm": gettext_noop("{field}: not an e-PPGBM export: missing column(s) {columns}"),
    "not_template": gettext_noop("{field}: not a Tumbuh template: missing column(s) {columns}"),
    "not_keluarga": gettext_noop("{field}: not a keluarga export: missing column(s) {columns}"),
    "not_dtsen": gettext_noop("{field}: not a dtsen export: missing column(s) {columns}"),
    "no_such_file": gettext_noop("{field}: no such file"),
    "unreadable_kind": gettext_noop(
        "{field}: cannot read '{suffix}' files (use .csv, .xlsx or .parquet)"
    ),
    "unreadable": gettext_noop("{field}: unreadable ({why})"),
    "no_columns": gettext_noop("{field}: no columns found"),
    "unwritable_kind": gettext_noop(
        "{field}: cannot write '{suffix}' files (use .csv, .xlsx or .parquet)"
    ),
    "no_folder": gettext_noop("{field}: folder {folder} does not exist"),
    "too_many_rows_for_xlsx": gettext_noop(
        "{field}: {rows} rows do not fit in one Excel sheet; use .csv"
    ),
    "xlsx_unpacks_big": gettext_noop(
        "{field}: refused: it unpacks to {size} MB, {ratio} times its size"
    ),
    "xlsx_too_many_rows": gettext_noop(
        "{field}: refused: a sheet declares {rows} rows (more than {limit})"
    ),
    "unknown_kecamatan": gettext_noop("{field}: '{name}' matches no kecamatan"),
    "ambiguous_kelurahan": gettext_noop(
        "{field}: '{name}' names {count} desa/kelurahan; add Kecamatan or Kode"
    ),
    "unknown_kelurahan_code": gettext_noop(
        "{field}: '{text}' is not a desa/kelurahan code of this region"
    ),
    "same_posyandu": gettext_noop(
        "{field}: '{name}' is given to another puskesmas in row {row}; row {row} was kept"
    ),
    "unknown_team_kind": gettext_noop("{field}: '{text}' is not TPPS, TP3S, TKPK or TPK"),
    "account_not_allowed": gettext_noop(
        "{field}: '{name}' not created: your account may not manage accounts"
    ),
    "account_taken": gettext_noop("{field}: '{name}' is another person's account, not linked"),
    "same_member": gettext_noop("same member as row {row}, with other values; row {row} was kept"),
    "account_only_tpk": gettext_noop(
        "{field}: '{name}' not created: accounts are created for TPK members only"
    ),
    "not_facilities": gettext_noop("{field}: not a facilities file: missing column(s) {columns}"),
    "not_teams": gettext_noop("{field}: not a decree annex: missing column(s) {columns}"),
    "not_workplan": gettext_noop("{field}: not a work plan: missing column(s) {columns}"),
    "unknown_office": gettext_noop("{field}: '{text}' is not an office (use its code or name)"),
    "not_your_office": gettext_noop(
        "{field}: '{text}' is another office; your account keeps its own plan"
    ),
    "not_sipd_code": gettext_noop(
        "{field}: '{text}' is not a SIPD sub-activity code (like 1.02.02.2.02.0033)"
    ),
    "same_sub_activity": gettext_noop("same sub-activity as row {row}; row {row} was kept"),
    "not_kpm": gettext_noop("{field}: not a KPM file: missing column(s) {columns}"),
    "not_a_facilitator": gettext_noop(
        "{field}: '{name}' is not a PKH facilitator's account in your area"
    ),
    "facilitator_elsewhere": gettext_noop("{field}: the family lives outside the area of '{name}'"),
    "kpm_same_family": gettext_noop(
        "same family as row {row}, with another facilitator; row {row} was kept"
    ),
    "unknown_programme": gettext_noop(
        "{field}: unknown programme '{text}' (use a code or name of the register)"
    ),
    "not_programmes": gettext_noop(
        "{field}: not a programme receipts file: missing column(s) {columns}"
    ),
    "other_office_programme": gettext_noop(
        "{field}: '{code}' is run by {office}, not by your office"
    ),
    "nik_no_birth_date": gettext_noop(
        "{field}: no birth date in '{text}', head not added as a member"
    ),
    "not_users": gettext_noop("{field}: not a users file: missing column(s) {columns}"),
    "bad_username": gettext_noop(
        "{field}: '{text}' is not a username (letters, digits, . _ - only)"
    ),
    "same_username": gettext_noop("same username as row {row}; row {row} was kept"),
    "unknown_puskesmas": gettext_noop(
        "{field}: '{name}' matches no single puskesmas of this kab/kota"
    ),
    "unknown_posyandu": gettext_noop(
        "{field}: '{name}' matches no single posyandu (add its desa in Wilayah)"
    ),
    "admin_not_imported": gettext_noop(
        "{field}: an administrator account is not changed by an import"
    ),
    "text": "{text}",  # a message without a code of its own: shown as it is
}


def say(reason: Reason) -> str:
    """The reason in the active language."""
    return fill(gettext(TEMPLATES[reason.code]), reason)
