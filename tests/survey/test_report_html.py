"""The HTML report speaks its reader's language, also in WHO's group labels."""

from __future__ import annotations

import pytest

from tumbuh.survey.report_html import group_label


@pytest.mark.parametrize(
    ("who", "indonesian"),
    [
        ("All", "Semua"),
        ("Age group: 00-05 mo", "Kelompok umur: 00-05 bln"),
        ("Sex: Female", "Jenis kelamin: Perempuan"),
        ("Sex: Male", "Jenis kelamin: Laki-laki"),
        ("Age + sex: 12-23 mo.Male", "Umur + jenis kelamin: 12-23 bln, laki-laki"),
        ("Kecamatan: Madidir", "Kecamatan: Madidir"),  # a --by column keeps its own words
    ],
)
def test_who_group_labels_read_in_indonesian(who: str, indonesian: str) -> None:
    assert group_label(who, "id") == indonesian


def test_english_keeps_who_labels() -> None:
    assert group_label("Age + sex: 12-23 mo.Male", "en") == "Age + sex: 12-23 mo.Male"
