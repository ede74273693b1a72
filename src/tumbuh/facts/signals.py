"""Every single-row write of a measurement, person or family marks what it changes as stale.

Bulk writes (imports, merges, undo) bypass signals and call ``tumbuh.facts.services`` themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from tumbuh.facts.services import stale_mark
from tumbuh.measurements.models import Measurement
from tumbuh.registry.models import Family, Person


def _stored_posyandu(model: type[Any], pk: int | None) -> int | None:
    if pk is None:
        return None
    stored: int | None = model.objects.filter(pk=pk).values_list("posyandu_id", flat=True).first()
    return stored


@receiver(pre_save, sender=Measurement)
@receiver(pre_save, sender=Person)
def _remember_posyandu(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    instance._facts_posyandu_before = _stored_posyandu(sender, instance.pk)


@receiver(post_save, sender=Measurement)
@receiver(post_delete, sender=Measurement)
def _measurement_changed(sender: type[Any], instance: Measurement, **kwargs: Any) -> None:
    child_posyandu = (
        Person.objects.filter(pk=instance.child_id).values_list("posyandu_id", flat=True).first()
    )
    stale_mark(
        children=[instance.child_id],
        posyandu=[
            instance.posyandu_id,
            getattr(instance, "_facts_posyandu_before", None) or 0,
            child_posyandu or 0,
        ],
    )


@receiver(post_save, sender=Person)
@receiver(post_delete, sender=Person)
def _person_changed(sender: type[Any], instance: Person, **kwargs: Any) -> None:
    stale_mark(
        children=[instance.pk],
        posyandu=[
            instance.posyandu_id or 0,
            getattr(instance, "_facts_posyandu_before", None) or 0,
        ],
    )


@receiver(post_save, sender=Family)
def _family_changed(sender: type[Any], instance: Family, created: bool, **kwargs: Any) -> None:
    if not created:
        stale_mark(children=instance.members.values_list("pk", flat=True))
