"""SIPD codes and the numbers of a plan as Indonesian files write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tumbuh.workplan.sipd import (
    Quarter,
    activity_code,
    is_sub_activity_code,
    parse_amount,
    percent,
    programme_code,
)


def test_a_sub_activity_code_names_its_programme_and_activity() -> None:
    code = "1.02.02.2.02.0033"
    assert is_sub_activity_code(code)
    assert programme_code(code) == "1.02.02"
    assert activity_code(code) == "1.02.02.2.02"


@pytest.mark.parametrize("code", ["1.02.02", "1.02.02.2.02", "1.02.02.2.02.33", "abc", ""])
def test_programme_activity_or_malformed_codes_are_not_sub_activity_codes(code: str) -> None:
    assert not is_sub_activity_code(code)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("250.000.000", Decimal(250_000_000)),
        ("Rp 1.250.000,50", Decimal("1250000.50")),
        ("1250000", Decimal(1_250_000)),
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("400.0", Decimal(400)),
    ],
)
def test_amounts_are_read_as_indonesian_files_write_them(text: str, value: Decimal) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", ["lima juta", "1.2.3,4,5", "nan", "inf"])
def test_text_that_is_not_a_number_is_refused(text: str) -> None:
    assert parse_amount(text) is None


def test_a_quarter_realised_against_its_target_in_volume_and_rupiah() -> None:
    quarter = Quarter(2, Decimal(100), 50_000_000, Decimal(80), 45_000_000)
    assert quarter.name == "TW II"
    assert quarter.physical_percent == 80.0
    assert quarter.financial_percent == 90.0
    assert percent(5, 0) is None
