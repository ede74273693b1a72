"""The analysis as one self-contained HTML page: inline SVG and CSS, no scripts, works offline,
written for a non-statistician (Bahasa Indonesia first, English with ``language="en"``)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Final

import numpy as np
import polars as pl

from tumbuh.charts.svg import text
from tumbuh.survey import plots
from tumbuh.survey.analysis import Analysis

WORDS: Final[dict[str, dict[str, Any]]] = {
    "id": {
        "lang": "id",
        "title": "Analisis status gizi dan kualitas data",
        "children": "anak",
        "design": "Desain",
        "summary": "Ringkasan",
        "indicator": "Indikator",
        "prevalence": "Prevalensi",
        "ci": "IK 95%",
        "n": "n",
        "quality": "Kualitas data",
        "grade": "Nilai",
        "reasons": "Alasan",
        "by_group": "Menurut kelompok",
        "forest": "Prevalensi stunting (TB/U < -2 SD) per kelompok, dengan interval kepercayaan 95%",
        "distributions": "Sebaran z-score dibanding kurva standar WHO",
        "digits": "Angka desimal terakhir (seharusnya sekitar 10% masing-masing)",
        "pyramid": "Anak menurut umur (bulan) dan jenis kelamin",
        "boys": "Laki-laki",
        "girls": "Perempuan",
        "group": "Kelompok",
        "flagged": "% ditandai",
        "score": "Skor SMART",
        "weight": "Berat badan",
        "height": "Panjang/tinggi badan",
        "stunting": "Stunting (TB/U < -2 SD)",
        "severe_stunting": "Sangat pendek (< -3 SD)",
        "wasting": "Wasting (BB/TB < -2 SD)",
        "underweight": "Berat badan kurang (BB/U < -2 SD)",
        "overweight": "Gizi lebih (BB/TB > +2 SD)",
        "none": "tidak ada masalah",
        "read": (
            "Cara membaca: prevalensi adalah persentase anak dalam kategori itu. Interval "
            "kepercayaan 95% menunjukkan seberapa tepat angka itu: makin sempit, makin tepat. "
            "Nilai kualitas data (SMART) memeriksa apakah pengukuran masuk akal: sangat baik, "
            "baik, dapat diterima, atau bermasalah. Data bermasalah berarti angka prevalensi "
            "kemungkinan tidak menggambarkan keadaan sebenarnya; lihat alasannya dan ulangi "
            "pengukuran atau latih ulang kader."
        ),
        "grades": {
            "excellent": "sangat baik",
            "good": "baik",
            "acceptable": "dapat diterima",
            "problematic": "bermasalah",
        },
    },
    "en": {
        "lang": "en",
        "title": "Nutritional status and data quality",
        "children": "children",
        "design": "Design",
        "summary": "Summary",
        "indicator": "Indicator",
        "prevalence": "Prevalence",
        "ci": "95% CI",
        "n": "n",
        "quality": "Data quality",
        "grade": "Grade",
        "reasons": "Reasons",
        "by_group": "By group",
        "forest": "Stunting prevalence (HAZ < -2) by group, with 95% confidence intervals",
        "distributions": "Z-score distributions against the WHO standard curve",
        "digits": "Last decimal digit (about 10% each expected)",
        "pyramid": "Children by age (months) and sex",
        "boys": "Boys",
        "girls": "Girls",
        "group": "Group",
        "flagged": "% flagged",
        "score": "SMART score",
        "weight": "Weight",
        "height": "Length/height",
        "stunting": "Stunting (HAZ < -2)",
        "severe_stunting": "Severe stunting (< -3)",
        "wasting": "Wasting (WHZ < -2)",
        "underweight": "Underweight (WAZ < -2)",
        "overweight": "Overweight (WHZ > +2)",
        "none": "no problem found",
        "read": (
            "How to read this: a prevalence is the percentage of children in that category. The "
            "95% confidence interval shows how precise it is: the narrower, the more precise. "
            "The data-quality grade (SMART) checks whether the measurements are plausible: "
            "excellent, good, acceptable or problematic. Problematic data mean the prevalence "
            "probably does not reflect reality; see the reasons, re-measure or retrain."
        ),
        "grades": {
            "excellent": "excellent",
            "good": "good",
            "acceptable": "acceptable",
            "problematic": "problematic",
        },
    },
}
KEY_INDICATORS: Final = (
    ("stunting", "HA", "_2"),
    ("severe_stunting", "HA", "_3"),
    ("wasting", "WH", "_2"),
    ("underweight", "WA", "_2"),
    ("overweight", "WH", "2"),
)
GRADE_COLOURS: Final = {
    "excellent": "#1a9850",
    "good": "#91cf60",
    "acceptable": "#fc8d59",
    "problematic": "#d73027",
}
STYLE: Final = """
body{font-family:system-ui,sans-serif;max-width:980px;margin:1.5em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:left}
td.n{text-align:right}.badge{color:#fff;padding:2px 8px;border-radius:4px;font-weight:600}
.grid{display:flex;flex-wrap:wrap;gap:12px}.note{background:#f6f6f6;padding:.7em 1em;border-radius:6px}
svg{max-width:100%;height:auto}.grid svg{width:300px}@media print{h2{break-after:avoid}}
"""


def _pct(value: object) -> str:
    return (
        "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.1f}"
    )


class Prevalence:
    """The tidy prevalence rows, indexed by (Group, indicator, cutoff)."""

    def __init__(self, tidy: pl.DataFrame) -> None:
        self.rows = {
            (r["Group"], r["indicator"], r["cutoff"]): r for r in tidy.iter_rows(named=True)
        }
        self.groups = tidy["Group"].unique(maintain_order=True).to_list() if tidy.height else []

    def get(self, group: str, indicator: str, cutoff: str) -> dict[str, Any]:
        return self.rows.get((group, indicator, cutoff), {})


def _badge(grade: str, words: dict[str, Any]) -> str:
    names = words["grades"]
    assert isinstance(names, dict)
    return (
        f'<span class="badge" style="background:{GRADE_COLOURS.get(grade, "#888")}">'
        f"{text(names.get(grade, grade))}</span>"
    )


def _summary(prev: Prevalence, words: dict[str, Any]) -> str:
    rows = []
    for key, indicator, cutoff in KEY_INDICATORS:
        row = prev.get("All", indicator, cutoff)
        if row:
            rows.append(
                f"<tr><td>{text(words[key])}</td><td class=n><b>{_pct(row['r'])}%</b></td>"
                f"<td class=n>{_pct(row['ll'])}-{_pct(row['ul'])}</td>"
                f"<td class=n>{int(row['unwpop'] or 0)}</td></tr>"
            )
    return (
        f"<table><tr><th>{text(words['indicator'])}</th><th>{text(words['prevalence'])}</th>"
        f"<th>{text(words['ci'])}</th><th>{text(words['n'])}</th></tr>{''.join(rows)}</table>"
    )


#: WHO's group labels (kept as they are in the data exports) as an Indonesian reader reads them.
GROUP_WORDS_ID: Final = (
    ("Age + sex: ", "Umur + jenis kelamin: "),
    ("Age group: ", "Kelompok umur: "),
    ("Sex: ", "Jenis kelamin: "),
    (" mo", " bln"),
    (".Female", ", perempuan"),
    (".Male", ", laki-laki"),
    (": Female", ": Perempuan"),
    (": Male", ": Laki-laki"),
)


def group_label(group: str, language: str) -> str:
    """A group as the report's reader reads it ("Age group: 00-05 mo" -> "Kelompok umur: 00-05
    bln"); columns named by the user (``--by``) keep their names."""
    if language == "en":
        return group
    if group == "All":
        return "Semua"
    if not group.startswith(("Age group: ", "Sex: ", "Age + sex: ")):
        return group
    for english, indonesian in GROUP_WORDS_ID:
        group = group.replace(english, indonesian)
    return group


def _by_group(prev: Prevalence, words: dict[str, Any]) -> str:
    groups = [g for g in prev.groups if g != "All"]
    header = "".join(
        f"<th>{text(words[k])}</th>" for k, _, _ in KEY_INDICATORS if k != "severe_stunting"
    )
    body = []
    for group in groups:
        cells = []
        for key, indicator, cutoff in KEY_INDICATORS:
            if key == "severe_stunting":
                continue
            row = prev.get(group, indicator, cutoff)
            cells.append(
                f"<td class=n>{_pct(row.get('r'))} ({_pct(row.get('ll'))}-{_pct(row.get('ul'))})</td>"
            )
        body.append(f"<tr><td>{text(group_label(group, words['lang']))}</td>{''.join(cells)}</tr>")
    return f"<table><tr><th>{text(words['group'])}</th>{header}</tr>{''.join(body)}</table>"


def _quality(quality: pl.DataFrame, words: dict[str, Any]) -> str:
    body = []
    for row in quality.iter_rows(named=True):
        body.append(
            f"<tr><td>{text(group_label(row['Group'], words['lang']))}</td>"
            f"<td class=n>{row['children']}</td>"
            f"<td class=n>{_pct(row.get('whz_flagged_percent'))}</td>"
            f"<td class=n>{_pct(row.get('dps_weight'))}</td><td class=n>{_pct(row.get('dps_lenhei'))}</td>"
            f"<td class=n>{row['smart_score']}</td><td>{_badge(row['smart_grade'], words)}</td>"
            f"<td>{text(row['smart_reasons'] or words['none'])}</td></tr>"
        )
    return (
        f"<table><tr><th>{text(words['group'])}</th><th>{text(words['n'])}</th>"
        f"<th>{text(words['flagged'])} WHZ</th><th>DPS {text(words['weight'])}</th>"
        f"<th>DPS {text(words['height'])}</th><th>{text(words['score'])}</th>"
        f"<th>{text(words['grade'])}</th><th>{text(words['reasons'])}</th></tr>{''.join(body)}</table>"
    )


DESIGN_WORDS_ID: Final = {
    "simple random sample": "sampel acak sederhana",
    "complex design": "desain kompleks",
    "sampling weights": "bobot sampel",
    "clusters": "klaster",
    "strata": "strata",
}


def _design_words(design: str, language: str) -> str:
    if language == "en":
        return design
    for english, indonesian in DESIGN_WORDS_ID.items():
        design = design.replace(english, indonesian)
    return design


def render(analysis: Analysis, *, title: str, language: str = "id") -> str:
    words = WORDS["en" if language.startswith("en") else "id"]
    prev = Prevalence(
        analysis.prevalence.filter(pl.col("reference") == "2006")
        if analysis.prevalence.height
        else analysis.prevalence
    )
    m = analysis.measurements
    overall = prev.get("All", "HA", "_2").get("r")
    forest_rows = []
    for group in prev.groups:
        if group.startswith("Age + sex"):
            continue
        row = prev.get(group, "HA", "_2")
        if row and row.get("r") is not None:
            forest_rows.append(
                (
                    group_label(group, words["lang"]),
                    float(row["r"]),
                    float(row["ll"] or row["r"]),
                    float(row["ul"] or row["r"]),
                )
            )
    quality_all = analysis.quality.row(0, named=True)
    lang = "en" if language.startswith("en") else "id"
    clean = {
        name: np.where(m.scores["f" + name[1:]] == 1, np.nan, m.scores[name])
        for name in ("zlen", "zwei", "zwfl")
    }
    sections = [
        f"<h1>{text(words['title'])}: {text(title)}</h1>",
        f"<p>{len(m.sex)} {text(words['children'])} &middot; {text(words['design'])}: "
        f"{text(_design_words(analysis.design, lang))} &middot; {text(words['quality'])}: "
        f"{_badge(quality_all['smart_grade'], words)}</p>",
        f"<div class=note>{text(words['read'])}</div>",
        f"<h2>{text(words['summary'])}</h2>",
        _summary(prev, words) if prev.groups else "",
        f"<h2>{text(words['forest'])}</h2>",
        plots.forest(
            forest_rows,
            label=str(words["forest"]),
            overall=None if overall is None else float(overall),
        )
        if forest_rows
        else "",
        f"<h2>{text(words['by_group'])}</h2>",
        _by_group(prev, words) if prev.groups else "",
        f"<h2>{text(words['quality'])}</h2>",
        _quality(analysis.quality, words),
        f"<h2>{text(words['distributions'])}</h2><div class=grid>",
        plots.distribution(clean["zlen"], label="TB/U · HAZ"),
        plots.distribution(clean["zwei"], label="BB/U · WAZ"),
        plots.distribution(clean["zwfl"], label="BB/TB · WHZ"),
        "</div>",
        f"<h2>{text(words['digits'])}</h2><div class=grid>",
        plots.terminal_digits(m.weight, label=str(words["weight"])),
        plots.terminal_digits(m.lenhei, label=str(words["height"])),
        "</div>",
        f"<h2>{text(words['pyramid'])}</h2>",
        plots.pyramid(
            m.age_months,
            m.sex,
            label=str(words["pyramid"]),
            names=(str(words["boys"]), str(words["girls"])),
        ),
    ]
    lang = "en" if language.startswith("en") else "id"
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{text(words['title'])}</title><style>{STYLE}</style></head><body>"
        + "".join(sections)
        + "</body></html>"
    )


def write_report(analysis: Analysis, path: Path, *, title: str, language: str = "id") -> None:
    path.write_text(render(analysis, title=title, language=language), encoding="utf-8")
