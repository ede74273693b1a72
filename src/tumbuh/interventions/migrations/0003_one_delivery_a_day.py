"""One intervention reaches one person or family once a day: exact duplicates (same
intervention, same person or family, same date: a "Given today" button pressed more than once)
are reduced to the first recorded, then the database keeps it so."""

from typing import Any

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Min

KEY = ("intervention", "person_id", "family_id", "delivered_on")


def remove_exact_duplicates(apps: Any, schema_editor: Any) -> None:
    delivery = apps.get_model("interventions", "Delivery")
    groups = (
        delivery.objects.values(*KEY)
        .annotate(first=Min("pk"), count=Count("pk"))
        .filter(count__gt=1)
        .order_by()
    )
    for group in list(groups):
        same = delivery.objects.filter(**{key: group[key] for key in KEY})
        same.exclude(pk=group["first"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0002_reportdone"),
        ("registry", "0002_person_merged_into"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(remove_exact_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.UniqueConstraint(
                condition=models.Q(("person__isnull", False)),
                fields=("intervention", "person", "delivered_on"),
                name="one_delivery_to_a_person_a_day",
            ),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.UniqueConstraint(
                condition=models.Q(("family__isnull", False)),
                fields=("intervention", "family", "delivered_on"),
                name="one_delivery_to_a_family_a_day",
            ),
        ),
    ]
