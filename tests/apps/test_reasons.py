"""Every reason a validator gives reads in Bahasa Indonesia in the web app's reports: translated by
its code at the edge, with the file's values untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from tests.apps.conftest import World
from tests.ingest.eppgbm_files import PITFALLS, row, write_export
from tumbuh.files import FileError, read_table
from tumbuh.imports.reasons import TEMPLATES, say
from tumbuh.imports.services import eppgbm_import
from tumbuh.ingest.eppgbm import EppgbmFileError, resolve_headers
from tumbuh.ingest.reasons import ENGLISH, Reason, english

#: Codes whose wording is the message itself (no words of ours to translate).
AS_IT_IS = {"text"}


def test_every_code_has_a_msgid_equal_to_its_english_wording() -> None:
    assert TEMPLATES == ENGLISH


@pytest.mark.parametrize("code", sorted(set(TEMPLATES) - AS_IT_IS))
def test_every_code_has_an_indonesian_translation_with_the_same_placeholders(code: str) -> None:
    with translation.override("id"):
        translated = translation.gettext(TEMPLATES[code])
    assert translated != TEMPLATES[code]
    assert _placeholders(translated) == _placeholders(TEMPLATES[code])


def _placeholders(template: str) -> set[str]:
    from string import Formatter

    return {name for _text, name, _spec, _conv in Formatter().parse(template) if name}


def test_reasons_keep_the_file_values_and_translate_the_words() -> None:
    place = Reason(
        "unknown_kelurahan_suggestion",
        "Desa/Kel",
        {"name": "Pasir Panjan", "suggestion": "pasir panjang"},
    )
    high = Reason("out_of_range", "Berat", {"value": "75.0", "low": "0.5", "high": "60"})
    with translation.override("id"):
        assert say(place) == (
            "Desa/Kel: 'Pasir Panjan' tidak cocok dengan kelurahan mana pun "
            "(maksudnya 'pasir panjang'?)"
        )
        assert say(high) == "Berat: 75.0 di luar 0.5-60, tidak dipakai"
        assert say(Reason("no_measurement_left")) == "tidak ada ukuran yang dapat dipakai"
    with translation.override("en"):
        assert say(place) == english(place)


def test_a_message_without_a_code_is_shown_as_it_is_in_every_language() -> None:
    with translation.override("id"):
        assert say(Reason("text", params={"text": "Posyandu sudah ada."})) == "Posyandu sudah ada."


def test_a_refused_file_is_explained_under_the_name_the_uploader_knows(tmp_path: Path) -> None:
    with pytest.raises(FileError) as missing:
        read_table(tmp_path / "server-side-upload.csv")
    with pytest.raises(EppgbmFileError) as other:
        resolve_headers(["Nama"])
    with translation.override("id"):
        assert say(missing.value.with_field("posyandu.csv")) == "posyandu.csv: berkas tidak ada"
        assert say(other.value.with_field("posyandu.csv")) == (
            "posyandu.csv: bukan ekspor e-PPGBM: kolom tidak ada: JK, Tanggal Pengukuran, "
            "Desa/Kel, Posyandu"
        )


def test_every_reason_of_the_pitfall_file_is_translated(world: World, tmp_path: Path) -> None:
    rows = [*PITFALLS, row(Nama="Tono", Berat="75", Tinggi="300"), row(Nama="Sari", Berat="75")]
    result = eppgbm_import(
        user=world.admin, path=write_export(tmp_path / "e.csv", rows), region=world.kota
    )
    reasons = [r for rejected in result.rejected for r in rejected.reasons]
    reasons += [warning for _row, warning in result.warnings]
    assert len(reasons) > 10
    assert {r.code for r in reasons} >= {
        "nik_masked",
        "out_of_range",
        "unknown_kelurahan_suggestion",
    }
    with translation.override("id"):
        untranslated = [r for r in reasons if say(r) == english(r)]
    assert untranslated == []
