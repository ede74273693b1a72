"""The three growth charts of one child, as SVG strings for templates."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tumbuh.growth.rules import DAYS_PER_MONTH
from tumbuh.measurements.charts import Chart, Point, render
from tumbuh.measurements.models import Measurement
from tumbuh.registry.models import Person


def charts_for(child: Person, history: Iterable[Measurement]) -> list[SafeString]:
    rows = list(history)
    lhfa, wfa, wfl = [], [], []
    for m in rows:
        months = m.age_days / DAYS_PER_MONTH
        flags = m.flags.split()
        if m.lenhei_cm is not None:
            lhfa.append(Point(months, float(m.lenhei_cm), "zlen" in flags))
        if m.weight_kg is not None:
            wfa.append(Point(months, float(m.weight_kg), "zwei" in flags))
        if m.weight_kg is not None and m.lenhei_cm is not None:
            wfl.append(Point(float(m.lenhei_cm), float(m.weight_kg), "zwfl" in flags))
    month, cm, kg = _("Age (months)"), _("Length/height (cm)"), _("Weight (kg)")
    svgs = [
        render(
            Chart.LENGTH_HEIGHT_FOR_AGE,
            sex=child.sex,
            points=lhfa,
            title=_("Length/height-for-age"),
            x_label=month,
            y_label=cm,
        ),
        render(
            Chart.WEIGHT_FOR_AGE,
            sex=child.sex,
            points=wfa,
            title=_("Weight-for-age"),
            x_label=month,
            y_label=kg,
        ),
        render(
            Chart.WEIGHT_FOR_LENGTH,
            sex=child.sex,
            points=wfl,
            title=_("Weight-for-length/height"),
            x_label=cm,
            y_label=kg,
        ),
    ]
    return [mark_safe(svg) for svg in svgs]
