"""An independent, deliberately naive oracle: WHO's R code transcribed line by line, one record
at a time, with Python floats and dict lookups. Slow, obvious, and written separately from the
kernel so the two can check each other on records WHO's reference files do not cover.
"""

from __future__ import annotations

import csv
import math
from functools import cache
from importlib.resources import files

DAYS = 30.4375


@cache
def table(name: str) -> dict[tuple[int, str], tuple[float, float, float]]:
    text = files("tumbuh.growth").joinpath("data").joinpath(name).read_text()
    rows = csv.reader(text.splitlines()[1:], delimiter="\t")
    return {(int(r[0]), r[1]): (float(r[2]), float(r[3]), float(r[4])) for r in rows if r}


def key(value: float) -> str:
    """The table's key column as R's merge would match it (the text of the number)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def r_round(x: float) -> float:
    if math.isnan(x):
        return x
    sign = -1.0 if x < 0 else 1.0
    a = abs(x)
    x10 = 100.0 * a
    i10 = math.floor(x10)
    xd, xu = i10 / 100.0, math.ceil(x10) / 100.0
    du, dd = xu - a, a - xd
    return sign * (xu if (du < dd or (du == dd and i10 % 2 == 1)) else xd)


def z(y: float, lms: tuple[float, float, float], restricted: bool) -> float:
    l, m, s = lms  # noqa: E741
    value = ((y / m) ** l - 1) / (s * l)
    if restricted and value > 3:
        sd3, sd2 = m * (1 + l * s * 3) ** (1 / l), m * (1 + l * s * 2) ** (1 / l)
        value = 3 + (y - sd3) / (sd3 - sd2)
    elif restricted and value < -3:
        sd3, sd2 = m * (1 + l * s * -3) ** (1 / l), m * (1 + l * s * -2) ** (1 / l)
        value = -3 + (y - sd3) / (sd2 - sd3)
    return r_round(value)


def round_up(x: float) -> int:
    return math.floor(x) + (1 if x - math.floor(x) >= 0.5 else 0)


def score(  # noqa: PLR0915, PLR0917 - a literal transcription, kept in one piece
    sex: int | None,
    age_days: float | None,
    weight: float | None,
    lenhei: float | None,
    measure: str | None,
    oedema: bool,
) -> dict[str, float]:
    """zlen, zwei, zwfl, zbmi (2006) and zhfa, zwfa, zbfa (2007) for one record; NaN missing."""
    nan = math.nan
    out = dict.fromkeys(("zlen", "zwei", "zwfl", "zbmi", "zhfa", "zwfa", "zbfa"), nan)
    months = None if age_days is None else age_days / DAYS
    day = None if age_days is None else round_up(age_days)
    if measure == "h" and months is not None and months < 9:
        measure = None
    clen = lenhei
    if clen is not None and day is not None:
        if day < 731 and measure == "h":
            clen = clen + 0.7
        elif day >= 731 and measure == "l":
            clen = clen - 0.7
    if sex not in (1, 2):
        return out
    under_60 = months is not None and months < 60
    if under_60 and day is not None:
        if clen is not None and clen > 0:
            out["zlen"] = z(clen, table("lenanthro.txt")[(sex, str(day))], False)
        if weight is not None and weight > 0 and not oedema:
            out["zwei"] = z(weight, table("weianthro.txt")[(sex, str(day))], True)
            if clen is not None and clen > 0:
                bmi = weight / (clen / 100) ** 2
                out["zbmi"] = z(bmi, table("bmianthro.txt")[(sex, str(day))], True)
    if (
        weight is not None
        and weight > 0
        and clen is not None
        and not oedema
        and (months is None or months < 60)
    ):
        if day is not None:
            use = "l" if day < 731 else "h"
        elif measure is not None:
            use = measure
        else:
            use = "l" if clen < 87 else "h"
        name, lo, hi = ("wflanthro.txt", 45, 110) if use == "l" else ("wfhanthro.txt", 65, 120)
        if lo <= clen <= hi:
            low = math.trunc(clen * 10) / 10
            upp = math.trunc(clen * 10 + 1) / 10
            diff = (clen - low) / 0.1
            rows = table(name)
            low_row = rows.get((sex, key(low)))
            upp_row = rows.get((sex, key(upp)))
            if low_row is not None and (diff <= 0 or upp_row is not None):
                if diff > 0:
                    assert upp_row is not None
                    lms = tuple(a + diff * (b - a) for a, b in zip(low_row, upp_row, strict=True))
                else:
                    lms = low_row
                out["zwfl"] = z(weight, lms, True)  # type: ignore[arg-type]
    if months is not None and 60 <= months <= 228:
        low_m, diff_m = math.trunc(months), months - math.trunc(months)
        upp_m = math.trunc(months + 1)

        def lms_2007(name: str) -> tuple[float, float, float] | None:
            rows = table(name)
            a, b = rows.get((sex, str(low_m))), rows.get((sex, str(upp_m)))
            if a is None or (diff_m > 0 and b is None):
                return None
            if diff_m > 0:
                assert b is not None
                return (
                    a[0] + diff_m * (b[0] - a[0]),
                    a[1] + diff_m * (b[1] - a[1]),
                    a[2] + diff_m * (b[2] - a[2]),
                )
            return a

        if lenhei is not None and lenhei > 0 and (lms := lms_2007("hfawho2007.txt")):
            out["zhfa"] = z(lenhei, lms, False)
        if weight is not None and weight > 0 and not oedema:
            if months <= 120 and (lms := lms_2007("wfawho2007.txt")):
                out["zwfa"] = z(weight, lms, True)
            if lenhei is not None and lenhei > 0 and (lms := lms_2007("bfawho2007.txt")):
                out["zbfa"] = z(weight / (lenhei / 100) ** 2, lms, True)
    return out
