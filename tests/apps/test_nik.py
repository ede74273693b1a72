"""NIK checks: 16 digits, a real kecamatan, DDMMYY (+40 for women) agreeing with birth and sex."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tumbuh.registry.nik import nik_make, nik_validate

BOY = date(2024, 3, 7)


def codes_of(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return error.value.code or ""


def test_it_accepts_a_boys_nik_that_matches() -> None:
    nik_validate("7172010703240001", birth_date=BOY, sex=1)


def test_it_accepts_a_girls_nik_with_day_plus_40() -> None:
    nik_validate("7172014703240001", birth_date=BOY, sex=2)


@pytest.mark.parametrize("nik", ["717201070324001", "71720107032400011", "71720107032400x1"])
def test_it_rejects_a_nik_that_is_not_16_digits(nik: str) -> None:
    with pytest.raises(ValidationError) as error:
        nik_validate(nik)
    assert codes_of(error) == "nik_format"


def test_it_rejects_a_nik_whose_region_is_not_a_kecamatan() -> None:
    with pytest.raises(ValidationError) as error:
        nik_validate("7172990703240001")
    assert codes_of(error) == "nik_region"
    assert "717299" in error.value.messages[0]


def test_it_rejects_a_nik_without_a_date() -> None:
    with pytest.raises(ValidationError) as error:
        nik_validate("7172013213240001")
    assert codes_of(error) == "nik_date"


def test_it_rejects_a_nik_born_on_another_day() -> None:
    with pytest.raises(ValidationError) as error:
        nik_validate("7172010803240001", birth_date=BOY, sex=1)
    assert codes_of(error) == "nik_birth"


def test_it_rejects_a_womans_nik_for_a_boy() -> None:
    with pytest.raises(ValidationError) as error:
        nik_validate("7172014703240001", birth_date=BOY, sex=1)
    assert codes_of(error) == "nik_sex"


def test_made_niks_validate() -> None:
    for sex in (1, 2):
        nik = nik_make(kecamatan="717201", birth_date=BOY, sex=sex, serial=12)
        nik_validate(nik, birth_date=BOY, sex=sex)
