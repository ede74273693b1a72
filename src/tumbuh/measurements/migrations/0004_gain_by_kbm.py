"""Gain status by the KBM rule: every stored N/T/O/B is recomputed (it counted any rise as N)."""

from typing import Any

import numpy as np
from django.db import migrations, models

from tumbuh.growth.kbm import gain_statuses

CHILDREN_PER_BATCH = 2000


def recompute(apps: Any, schema_editor: Any) -> None:
    measurement = apps.get_model("measurements", "Measurement")
    children = sorted(set(measurement.objects.values_list("child_id", flat=True)))
    for start in range(0, len(children), CHILDREN_PER_BATCH):
        rows = list(
            measurement.objects.filter(
                child_id__in=children[start : start + CHILDREN_PER_BATCH]
            ).values_list("pk", "child_id", "measured_on", "weight_kg", "age_days", "gain")
        )
        pks, ids, days, weights, ages, stored = zip(*rows, strict=True)
        statuses = gain_statuses(
            child=np.array(ids, dtype=np.int64),
            measured_on=np.array(days, dtype="datetime64[D]"),
            weight_kg=np.array([np.nan if w is None else float(w) for w in weights]),
            age_days=np.array(ages, dtype=np.int64),
        ).tolist()
        changed: dict[str, list[int]] = {}
        for pk, new, old in zip(pks, statuses, stored, strict=True):
            if new != old:
                changed.setdefault(new, []).append(pk)
        for status, chosen in changed.items():
            for first in range(0, len(chosen), CHILDREN_PER_BATCH):
                measurement.objects.filter(
                    pk__in=chosen[first : first + CHILDREN_PER_BATCH]
                ).update(gain=status)


class Migration(migrations.Migration):
    dependencies = [
        ("measurements", "0003_measurement_import_batch"),
    ]

    operations = [
        migrations.AlterField(
            model_name="measurement",
            name="gain",
            field=models.CharField(
                choices=[
                    ("N", "N: gained at least the minimum for the age (KBM)"),
                    ("T", "T: gained less than the minimum for the age (KBM)"),
                    ("O", "O: not weighed last month"),
                    ("B", "B: first visit"),
                ],
                default="B",
                max_length=1,
            ),
        ),
        migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True),
    ]
