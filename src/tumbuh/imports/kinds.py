"""One entry for every kind of import, as the CLI and the web app's jobs start them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from tumbuh.files import FileError
from tumbuh.imports.delivery_services import deliveries_import
from tumbuh.imports.facility_services import facilities_import
from tumbuh.imports.family_services import families_import
from tumbuh.imports.lock import import_lock
from tumbuh.imports.models import Kind
from tumbuh.imports.services import BatchOpened, ImportResult, Progress, eppgbm_import
from tumbuh.imports.team_services import teams_import
from tumbuh.ingest.deliveries import DeliveryFileError
from tumbuh.ingest.eppgbm import EppgbmFileError
from tumbuh.ingest.facilities import FacilityFileError
from tumbuh.ingest.families import FamilyFileError
from tumbuh.ingest.kpm import KpmFileError
from tumbuh.ingest.programmes import ProgrammeFileError
from tumbuh.ingest.teams import TeamFileError
from tumbuh.ingest.template import TemplateFileError
from tumbuh.poverty.imports import programmes_import
from tumbuh.regions.models import Region
from tumbuh.teams.services import tpk_assign_after_import

#: Kinds that bring children and measurements (then worth looking for duplicates).
MEASUREMENT_KINDS = frozenset({Kind.EPPGBM, Kind.TEMPLATE})
#: Kinds that may add families, targets or TPK teams: the TPK assignment runs after them.
ASSIGNING_KINDS = frozenset({Kind.EPPGBM, Kind.TEMPLATE, Kind.KELUARGA, Kind.DTSEN, Kind.TEAMS})
#: A file that cannot be imported at all (nothing is stored); the message says why.
FILE_ERRORS = (
    FileError,
    EppgbmFileError,
    FamilyFileError,
    TemplateFileError,
    FacilityFileError,
    TeamFileError,
    DeliveryFileError,
    KpmFileError,
    ProgrammeFileError,
)


def import_file(
    *,
    user: AbstractBaseUser | AnonymousUser,
    path: Path,
    region: Region,
    kind: str,
    progress: Progress | None = None,
    opened: BatchOpened | None = None,
    waiting: Callable[[], None] | None = None,
    channel: str = "web",
) -> ImportResult:
    """Import a file of any kind for a kab/kota (raises one of ``FILE_ERRORS``), one import at a
    time (``waiting()`` is called if this one has to wait for another), then gives the at-risk
    families a TPK team (``ASSIGNING_KINDS``). Family files are stored
    in one transaction; measurement files chunk by chunk, undone on failure (``opened``
    receives their batch as soon as it is recorded); ``channel`` (web, cli) goes to the
    exchange log of a delivery file."""
    with import_lock(waiting):
        result = _import(
            user=user,
            path=path,
            region=region,
            kind=kind,
            progress=progress,
            opened=opened,
            channel=channel,
        )
        if kind in ASSIGNING_KINDS:  # every at-risk family it brought gets a TPK team
            done = tpk_assign_after_import(user=user, region=region, today=timezone.localdate())
            result.tpk_assigned, result.tpk_without_team = done.assigned, done.without_team
    return result


def _import(
    *,
    user: AbstractBaseUser | AnonymousUser,
    path: Path,
    region: Region,
    kind: str,
    progress: Progress | None,
    opened: BatchOpened | None,
    channel: str,
) -> ImportResult:
    today = timezone.localdate()
    if kind in MEASUREMENT_KINDS:
        return eppgbm_import(
            user=user,
            path=path,
            region=region,
            kind=Kind(kind),
            progress=progress,
            opened=opened,
        )
    if kind == Kind.DELIVERIES:
        return deliveries_import(user=user, path=path, region=region, today=today, channel=channel)
    if kind == Kind.PROGRAMMES:
        return programmes_import(user=user, path=path, region=region, today=today)
    if kind == Kind.FACILITIES:
        return facilities_import(user=user, path=path, region=region)
    if kind == Kind.TEAMS:
        return teams_import(user=user, path=path, region=region)
    if kind == Kind.KPM:
        from tumbuh.casework.kpm_import import kpm_import

        return kpm_import(user=user, path=path, region=region, today=today)
    return families_import(user=user, path=path, region=region, kind=kind, today=today)
