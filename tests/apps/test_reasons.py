"""Every reason a validator writes reads in Bahasa Indonesia in the web app's reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from tests.apps.conftest import World
from tests.ingest.eppgbm_files import PITFALLS, row, write_export
from tumbuh.imports.reasons import TEMPLATES, say
from tumbuh.imports.services import eppgbm_import


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_has_an_indonesian_translation(template: str) -> None:
    with translation.override("id"):
        assert translation.gettext(template) != template


def test_reasons_keep_the_file_values_and_translate_the_words() -> None:
    with translation.override("id"):
        assert say(
            "Desa/Kel: 'Pasir Panjan' matches no kelurahan (did you mean 'pasir panjang'?)"
        ) == (
            "Desa/Kel: 'Pasir Panjan' tidak cocok dengan kelurahan mana pun "
            "(maksudnya 'pasir panjang'?)"
        )
        assert say("Berat: 75.0 is outside 0.5-60, left out; no usable measurement") == (
            "Berat: 75.0 di luar 0.5-60, tidak dipakai; tidak ada ukuran yang dapat dipakai"
        )
        assert say("something no template knows") == "something no template knows"


def test_every_reason_of_the_pitfall_file_is_translated(world: World, tmp_path: Path) -> None:
    rows = [*PITFALLS, row(Nama="Tono", Berat="75", Tinggi="300"), row(Nama="Sari", Berat="75")]
    result = eppgbm_import(
        user=world.admin, path=write_export(tmp_path / "e.csv", rows), region=world.kota
    )
    reasons = [r for rejected in result.rejected for r in rejected.reasons]
    reasons += [warning for _row, warning in result.warnings]
    assert len(reasons) > 10
    with translation.override("id"):
        untranslated = [r for r in reasons if say(r) == r]
    assert untranslated == []
