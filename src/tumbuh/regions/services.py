"""Writes of facilities: puskesmas with the kelurahan they serve, posyandu in a kelurahan."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tumbuh.regions.models import Level, Posyandu, Puskesmas, Region


@transaction.atomic
def puskesmas_create(*, name: str, kecamatan: Region, serves: Iterable[Region]) -> Puskesmas:
    if kecamatan.level != Level.KECAMATAN:
        raise ValidationError({"kecamatan": _("A puskesmas sits in a kecamatan.")})
    served = list(serves)
    if any(k.level != Level.KELURAHAN for k in served):
        raise ValidationError({"kelurahan_served": _("A puskesmas serves desa/kelurahan.")})
    puskesmas = Puskesmas(name=name, kecamatan=kecamatan)
    puskesmas.full_clean()
    puskesmas.save()
    puskesmas.kelurahan_served.set(served)
    return puskesmas


@transaction.atomic
def posyandu_create(*, name: str, kelurahan: Region, puskesmas: Puskesmas) -> Posyandu:
    if kelurahan.level != Level.KELURAHAN:
        raise ValidationError({"kelurahan": _("A posyandu sits in a desa/kelurahan.")})
    posyandu = Posyandu(name=name, kelurahan=kelurahan, puskesmas=puskesmas)
    posyandu.full_clean()
    posyandu.save()
    return posyandu
