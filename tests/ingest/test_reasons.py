"""Reasons as data: a code, a field and values, put into English words only when asked."""

from __future__ import annotations

import polars as pl
import pytest

from tumbuh.ingest.reasons import Reason, ReasonError, as_text, english
from tumbuh.scoring import values


def test_it_fills_the_field_and_the_values_into_the_english_wording() -> None:
    reason = Reason("nik_length", "NIK", {"count": 15, "text": "717201450623000"})
    assert english(reason) == "NIK: 15 digits instead of 16 '717201450623000'"
    assert str(reason) == english(reason)


def test_a_reason_without_a_field_reads_without_the_field_prefix() -> None:
    assert english(Reason("not_eppgbm", params={"columns": "JK"})) == (
        "not an e-PPGBM export: missing column(s) JK"
    )
    assert english(Reason("same_family", params={"row": 2})) == (
        "same family as row 2, with other values; row 2 was kept"
    )


def test_it_rejects_an_unknown_code() -> None:
    with pytest.raises(ValueError, match="unknown reason code 'typo'"):
        Reason("typo", "Berat")


def test_equal_reasons_are_equal_and_hash_alike_and_cannot_be_changed() -> None:
    first = Reason("not_a_number", "Berat", {"text": "12,5kg"})
    second = Reason("not_a_number", "Berat", {"text": "12,5kg"})
    assert first == second
    assert len({first, second}) == 1
    with pytest.raises(TypeError):
        first.params["text"] = "13"  # type: ignore[index]


def test_a_message_without_a_code_is_kept_as_it_is() -> None:
    assert english(as_text("Posyandu with this name already exists.")) == (
        "Posyandu with this name already exists."
    )


def test_an_error_carries_its_reason_and_takes_the_file_name_later() -> None:
    error = ReasonError(Reason("no_columns"))
    assert str(error) == "no columns found"
    assert english(error.with_field("posyandu.xlsx")) == "posyandu.xlsx: no columns found"


@pytest.mark.parametrize("code", sorted(values.REFUSALS))
def test_a_refused_cell_reads_the_same_in_the_error_column_and_as_a_reason(code: str) -> None:
    frame = pl.DataFrame({"cell": ["12,5kg"]})
    in_column = frame.select(values.in_words("Berat", code, pl.col("cell"))).item()
    assert in_column == english(Reason(code, "Berat", {"text": "12,5kg"}))


def test_a_file_error_given_a_plain_message_keeps_it() -> None:
    from tumbuh.files import FileError

    error = FileError("upload.xlsx: too large once unpacked")
    assert str(error) == "upload.xlsx: too large once unpacked"
    assert english(error.with_field("posyandu.xlsx")) == "upload.xlsx: too large once unpacked"
