"""Every single-row write that may change a scorecard forgets the stored figures of the
desa/kelurahan it touches (``tumbuh.interventions.coverage``); a catalogue change forgets all.
Imports rebuild the facts, which forgets them too."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from tumbuh.catalogue.models import CatalogueEntry
from tumbuh.interventions.coverage import coverage_forget
from tumbuh.interventions.models import Delivery
from tumbuh.measurements.models import MaternalMeasurement, Measurement
from tumbuh.registry.models import Family, Person, SasaranRole
from tumbuh.teams.models import Visit


def _of_people(*pks: int | None) -> list[str]:
    return list(
        Person.objects.filter(pk__in=[pk for pk in pks if pk]).values_list(
            "family__kelurahan_id", flat=True
        )
    )


def _of_families(*pks: int | None) -> list[str]:
    return list(
        Family.objects.filter(pk__in=[pk for pk in pks if pk]).values_list(
            "kelurahan_id", flat=True
        )
    )


@receiver(post_save, sender=Delivery)
@receiver(post_delete, sender=Delivery)
def _delivery_changed(sender: type[Any], instance: Delivery, **kwargs: Any) -> None:
    coverage_forget(_of_people(instance.person_id) + _of_families(instance.family_id))


@receiver(post_save, sender=Visit)
@receiver(post_delete, sender=Visit)
def _visit_changed(sender: type[Any], instance: Visit, **kwargs: Any) -> None:
    coverage_forget(_of_families(instance.family_id))


@receiver(post_save, sender=Measurement)
@receiver(post_delete, sender=Measurement)
def _measurement_changed(sender: type[Any], instance: Measurement, **kwargs: Any) -> None:
    coverage_forget(_of_people(instance.child_id))


@receiver(post_save, sender=MaternalMeasurement)
@receiver(post_delete, sender=MaternalMeasurement)
@receiver(post_save, sender=SasaranRole)
@receiver(post_delete, sender=SasaranRole)
def _person_fact_changed(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    coverage_forget(_of_people(instance.person_id))


@receiver(pre_save, sender=Person)
def _remember_family(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    instance._coverage_before = _of_people(instance.pk)


@receiver(post_save, sender=Person)
@receiver(post_delete, sender=Person)
def _person_changed(sender: type[Any], instance: Person, **kwargs: Any) -> None:
    before = getattr(instance, "_coverage_before", [])
    coverage_forget([*before, *_of_families(instance.family_id)])


@receiver(pre_save, sender=Family)
def _remember_kelurahan(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    instance._coverage_before = _of_families(instance.pk)


@receiver(post_save, sender=Family)
@receiver(post_delete, sender=Family)
def _family_changed(sender: type[Any], instance: Family, **kwargs: Any) -> None:
    before = getattr(instance, "_coverage_before", [])
    coverage_forget([*before, instance.kelurahan_id])


@receiver(post_save, sender=CatalogueEntry)
@receiver(post_delete, sender=CatalogueEntry)
def _catalogue_changed(sender: type[Any], instance: CatalogueEntry, **kwargs: Any) -> None:
    coverage_forget()
