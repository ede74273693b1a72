"""NIK (Nomor Induk Kependudukan) checks: structure, region, and agreement with birth and sex."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tumbuh.regions.loader import kecamatan_codes

NIK_LENGTH = 16
WOMEN_DAY_OFFSET = 40  # women's NIK carry the birth day plus 40


def nik_validate(nik: str, *, birth_date: date | None = None, sex: int | None = None) -> None:
    """Raise ``ValidationError`` (with a message a kader understands) if the NIK cannot be right."""
    if len(nik) != NIK_LENGTH or not nik.isdigit():
        raise ValidationError(_("NIK must be exactly 16 digits."), code="nik_format")
    if nik[:6] not in kecamatan_codes():
        raise ValidationError(
            _("The first 6 digits of the NIK (%(code)s) are not a kecamatan code."),
            code="nik_region",
            params={"code": nik[:6]},
        )
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > WOMEN_DAY_OFFSET
    if female:
        day -= WOMEN_DAY_OFFSET
    if not (1 <= day <= 31 and 1 <= month <= 12):
        raise ValidationError(_("Digits 7-12 of the NIK are not a date (DDMMYY)."), code="nik_date")
    if birth_date is not None and (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ) != (day, month, year):
        raise ValidationError(
            _("The NIK says born %(d)02d-%(m)02d-..%(y)02d; that is not the birth date given."),
            code="nik_birth",
            params={"d": day, "m": month, "y": year},
        )
    if sex is not None and female != (sex == 2):
        raise ValidationError(
            _("The NIK's birth day (plus 40 for women) does not match the sex given."),
            code="nik_sex",
        )


def nik_make(*, kecamatan: str, birth_date: date, sex: int, serial: int) -> str:
    """Build a NIK (for demo data and tests)."""
    day = birth_date.day + (WOMEN_DAY_OFFSET if sex == 2 else 0)
    return f"{kecamatan}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"
