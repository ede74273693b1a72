"""Why a row (or a whole file) was refused or stored with a warning, as data.

A ``Reason`` is a code, the field it is about (a column header as the file has it, or the file's
name) and the values that explain it (the cell's text, a count, a row number). Validators and
import services produce reasons; they are put into words only at the edge: ``english`` here (for
scripts and ``--lang en`` reports), the reader's language through Django's catalogue in
``tumbuh.imports.reasons``. Column names and cell values are never translated.

No Django here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

Param = str | int | float

#: Code -> English wording with ``{field}`` and named ``{params}``. The same texts are the msgids
#: of the Indonesian catalogue (``tumbuh.imports.reasons.TEMPLATES``, which a test keeps equal).
ENGLISH: Final[Mapping[str, str]] = MappingProxyType(
    {
        # a row's cells
        "missing": "{field}: missing",
        "missing_or_unknown": "{field}: missing or unknown",
        "missing_or_not_a_date": "{field}: missing or not a date",
        "no_birth_date": "{field}: missing or not a date, and no Usia Saat Ukur",
        "born_after_measurement": "{field}: after Tanggal Pengukuran",
        "after_import_day": "{field}: {date} is after the day of the import ({today})",
        "birth_from_nik": "{field}: missing, taken from the NIK (agrees with Usia Saat Ukur)",
        "birth_from_age": "{field}: missing, taken from Usia Saat Ukur",
        "unknown_kelurahan": "{field}: '{name}' matches no kelurahan",
        "unknown_kelurahan_suggestion": (
            "{field}: '{name}' matches no kelurahan (did you mean '{suggestion}'?)"
        ),
        "grams": "{field}: {grams} looks like grams, read as {kg} kg",
        "no_measurement": "{field}: no usable measurement",
        "no_measurement_left": "no usable measurement",
        "outlier_in_file": "{field}: 'Outlier' in the file",
        "nik_masked": "{field}: masked '{text}', kept out of matching",
        "nik_as_number": "{field}: lost digits as a number '{text}'",
        "nik_not_digits": "{field}: not digits '{text}'",
        "nik_length": "{field}: {count} digits instead of 16 '{text}'",
        "nik_zeros": "{field}: ends in 0000, digits probably lost as a number '{text}'",
        "mother_nik_of_a_man": "{field}: '{nik}' is a man's NIK, no mother recorded",
        "kk_not_16_digits": (
            "{field}: '{text}' is not 16 digits, family matched by parent and address"
        ),
        "kk_not_16_digits_by_name": "{field}: '{text}' is not 16 digits, matched by name",
        "decile_range_above_4": "{field}: range '{text}' (above 4), stored without a decile",
        "decile_range": "{field}: range '{text}', stored without a decile",
        "not_a_decile": "{field}: not a decile '{text}'",
        "not_yes_no": "{field}: not Ya/Tidak '{text}'",
        # cells parsed by tumbuh.scoring.values
        "not_a_number": "{field}: not a number '{text}'",
        "not_positive": "{field}: not a positive number '{text}'",
        "negative": "{field}: negative '{text}'",
        "unknown_value": "{field}: unknown value '{text}'",
        "not_a_date": "{field}: not a date '{text}'",
        # decided while storing (tumbuh.imports)
        "posyandu_unserved": "{field}: '{name}' is new and no puskesmas serves {kelurahan}",
        "posyandu_other_puskesmas": (
            "{field}: '{name}' belongs to another puskesmas, outside your area"
        ),
        "posyandu_outside_area": (
            "{field}: '{name}' is new and {kelurahan} is outside your puskesmas's area"
        ),
        "outside_scope": "outside your area: your account cannot record for this child or family",
        "z_differs": "{field}: file {file}, Tumbuh {ours} (WHO method)",
        "nik_refused": "{field}: refused by the registry ({why}); stored without NIK",
        "mother_implausible": (
            "{field}: no plausible birth date in it, or no Nama Ortu; no mother recorded"
        ),
        "mother_nik_refused": "{field}: {why}; no mother recorded",
        "name_cut": "{field}: cut to {count} characters",
        "measured_before_birth": "{field}: {measured} is before the child's birth date {born}",
        "out_of_range": "{field}: {value} is outside {low}-{high}, left out",
        "same_child_and_day": (
            "same child and Tanggal Pengukuran as row {row}, with other values; row {row} was kept"
        ),
        "same_family": "same family as row {row}, with other values; row {row} was kept",
        # delivery files (tumbuh.ingest.deliveries, tumbuh.imports.delivery_services)
        "no_nik_or_kk": "NIK and No KK: both missing",
        "unknown_intervention": (
            "{field}: unknown intervention '{text}' (use a catalogue code or its name)"
        ),
        "future_date": "{field}: '{text}' is in the future",
        "needs_nik": "{field}: missing; this intervention is given to a person",
        "needs_kk": "{field}: missing; this intervention is given to a family",
        "unknown_nik": "{field}: no person with NIK '{text}' in this kab/kota",
        "unknown_kk": "{field}: no family with No KK '{text}' in this kab/kota",
        "other_office": "{field}: '{code}' is delivered by {office}, not by your office",
        # whole files (the field is the file's name)
        "not_eppgbm": "{field}: not an e-PPGBM export: missing column(s) {columns}",
        "not_template": "{field}: not a Tumbuh template: missing column(s) {columns}",
        "not_keluarga": "{field}: not a keluarga export: missing column(s) {columns}",
        "not_dtsen": "{field}: not a dtsen export: missing column(s) {columns}",
        "not_deliveries": "{field}: not a deliveries file: missing column(s) {columns}",
        "no_such_file": "{field}: no such file",
        "unreadable_kind": "{field}: cannot read '{suffix}' files (use .csv, .xlsx or .parquet)",
        "unreadable": "{field}: unreadable ({why})",
        "no_columns": "{field}: no columns found",
        "unwritable_kind": "{field}: cannot write '{suffix}' files (use .csv, .xlsx or .parquet)",
        "no_folder": "{field}: folder {folder} does not exist",
        "too_many_rows_for_xlsx": "{field}: {rows} rows do not fit in one Excel sheet; use .csv",
        "xlsx_unpacks_big": "{field}: refused: it unpacks to {size} MB, {ratio} times its size",
        "xlsx_too_many_rows": "{field}: refused: a sheet declares {rows} rows (more than {limit})",
        # set-up files (facilities, decree annexes)
        "unknown_kecamatan": "{field}: '{name}' matches no kecamatan",
        "ambiguous_kelurahan": (
            "{field}: '{name}' names {count} desa/kelurahan; add Kecamatan or Kode"
        ),
        "unknown_kelurahan_code": "{field}: '{text}' is not a desa/kelurahan code of this region",
        "same_posyandu": (
            "{field}: '{name}' is given to another puskesmas in row {row}; row {row} was kept"
        ),
        "unknown_team_kind": "{field}: '{text}' is not TPPS, TP3S, TKPK or TPK",
        "account_not_allowed": (
            "{field}: '{name}' not created: your account may not manage accounts"
        ),
        "account_taken": "{field}: '{name}' is another person's account, not linked",
        "same_member": "same member as row {row}, with other values; row {row} was kept",
        "account_only_tpk": (
            "{field}: '{name}' not created: accounts are created for TPK members only"
        ),
        "not_facilities": "{field}: not a facilities file: missing column(s) {columns}",
        "not_teams": "{field}: not a decree annex: missing column(s) {columns}",
        # work plans (tumbuh.workplan)
        "not_workplan": "{field}: not a work plan: missing column(s) {columns}",
        "unknown_office": "{field}: '{text}' is not an office (use its code or name)",
        "not_your_office": "{field}: '{text}' is another office; your account keeps its own plan",
        "not_sipd_code": (
            "{field}: '{text}' is not a SIPD sub-activity code (like 1.02.02.2.02.0033)"
        ),
        "same_sub_activity": "same sub-activity as row {row}; row {row} was kept",
        # caseloads of PKH facilitators
        "not_kpm": "{field}: not a KPM file: missing column(s) {columns}",
        "not_a_facilitator": "{field}: '{name}' is not a PKH facilitator's account in your area",
        "facilitator_elsewhere": "{field}: the family lives outside the area of '{name}'",
        "kpm_same_family": (
            "same family as row {row}, with another facilitator; row {row} was kept"
        ),
        # programme receipts (tumbuh.ingest.programmes, tumbuh.poverty.imports)
        "unknown_programme": (
            "{field}: unknown programme '{text}' (use a code or name of the register)"
        ),
        "not_programmes": "{field}: not a programme receipts file: missing column(s) {columns}",
        "other_office_programme": "{field}: '{code}' is run by {office}, not by your office",
        "nik_no_birth_date": "{field}: no birth date in '{text}', head not added as a member",
        "not_users": "{field}: not a users file: missing column(s) {columns}",
        "bad_username": "{field}: '{text}' is not a username (letters, digits, . _ - only)",
        "same_username": "same username as row {row}; row {row} was kept",
        "unknown_puskesmas": "{field}: '{name}' matches no single puskesmas of this kab/kota",
        "unknown_posyandu": (
            "{field}: '{name}' matches no single posyandu (add its desa in Wilayah)"
        ),
        "admin_not_imported": "{field}: an administrator account is not changed by an import",
        # a message that has no code of its own (shown as it is, in every language)
        "text": "{text}",
    }
)
#: Templates start with this; a reason whose field is not known yet reads without it.
FIELD_PREFIX: Final = "{field}: "


@dataclasses.dataclass(frozen=True)
class Reason:
    """One reason: ``code`` (a key of ``ENGLISH``), the ``field`` it is about, its ``params``."""

    code: str
    field: str = ""
    params: Mapping[str, Param] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in ENGLISH:
            raise ValueError(f"unknown reason code {self.code!r}")
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __hash__(self) -> int:
        return hash((self.code, self.field, tuple(sorted(self.params.items()))))

    def __str__(self) -> str:
        return english(self)


def fill(template: str, reason: Reason) -> str:
    """``template`` (the reason's wording in some language) with the field and params filled in;
    without a field, the leading ``{field}: `` is left out."""
    if not reason.field and template.startswith(FIELD_PREFIX):
        template = template.removeprefix(FIELD_PREFIX)
    return template.format(field=reason.field, **reason.params)


def english(reason: Reason) -> str:
    """The reason in English, as scripts and ``--lang en`` reports read it."""
    return fill(ENGLISH[reason.code], reason)


def as_text(message: str) -> Reason:
    """A message that has no code of its own (e.g. a model's validation error), kept as it is."""
    return Reason("text", params={"text": message})


class ReasonError(ValueError):
    """A file that cannot be used at all, with its reason. The reason's field is the file's name
    when the raiser knows it; otherwise whoever names the file fills it in (``with_field``)."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(english(reason))
        self.reason = reason

    def with_field(self, name: str) -> Reason:
        """The reason about the file called ``name``."""
        return Reason(self.reason.code, name, self.reason.params)
