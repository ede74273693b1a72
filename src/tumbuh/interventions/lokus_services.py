"""Saving a year's lokus list: the ranking of the day under the chosen weights, with the
desa/kelurahan the TPPS secretariat picked (audited; saving again replaces the year's list)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import AnyUser, acting_user
from tumbuh.accounts.services import audit_record
from tumbuh.convergence import LokusWeights, rank_lokus
from tumbuh.convergence.lokus import CRITERIA
from tumbuh.interventions.lokus_selectors import lokus_indicators
from tumbuh.interventions.models import LokusEntry, LokusList
from tumbuh.regions.models import Region

#: How far from this year a lokus list may be saved for (a decision of past years may be put
#: on file late; plans look a few years ahead at most).
YEARS_BACK = 5
YEARS_AHEAD = 3
REASONS_MAX = 300


def _chosen_codes(
    ranked: list[dict[str, object]], chosen: Collection[str], count: int | None
) -> set[str]:
    """The kelurahan picked: those ticked, or else the first ``count`` of the ranking."""
    codes = [str(row["kelurahan"]) for row in ranked]
    if chosen:
        unknown = set(chosen) - set(codes)
        if unknown:
            raise ValidationError({"chosen": _("A chosen desa/kelurahan is not in the ranking.")})
        return set(chosen)
    if count is None or not 1 <= count <= len(codes):
        raise ValidationError(
            {"count": _("Tick the lokus or give how many of the top of the ranking to choose.")}
        )
    return set(codes[:count])


def _check_year(year: int, today: date) -> None:
    if not today.year - YEARS_BACK <= year <= today.year + YEARS_AHEAD:
        raise ValidationError(
            {
                "year": _("The year must lie between %(first)d and %(last)d.")
                % {"first": today.year - YEARS_BACK, "last": today.year + YEARS_AHEAD}
            }
        )


@transaction.atomic
def lokus_list_save(
    *,
    user: AnyUser,
    region: Region,
    year: int,
    weights: LokusWeights,
    chosen: Collection[str] = (),
    count: int | None = None,
    note: str = "",
    today: date,
) -> LokusList:
    """Rank the kelurahan of ``region`` under ``weights`` as of ``today`` and save the ranking
    as the lokus list for ``year``, marking as chosen the ``chosen`` kelurahan codes (ticked)
    or, when none are ticked, the top ``count``. A list already saved for the region and year is
    replaced (audited as an update). Only the TPPS secretariat (or an administrator) of the
    region may save."""
    require(user, Permission.SAVE_LOKUS, region)
    _check_year(year, today)
    table = lokus_indicators(user=user, region=region, today=today)
    ranked = rank_lokus(table, weights).to_dicts() if table.height else []
    if not ranked:
        raise ValidationError(_("There is no desa/kelurahan to rank in this area."))
    picked = _chosen_codes(ranked, chosen, count)
    figures = {
        str(row["kelurahan"]): {name: row[name] for name in CRITERIA} for row in table.to_dicts()
    }
    values = {
        "weights": asdict(weights),
        "note": note.strip(),
        "saved_by": acting_user(user),
        "saved_at": timezone.now(),
    }
    LokusList(region=region, year=year, **values).full_clean(
        validate_unique=False,
        validate_constraints=False,  # the year's list is replaced
    )
    # one list a region and year: a second click at the same moment updates, never duplicates
    lokus_list, created = LokusList.objects.update_or_create(
        region=region, year=year, defaults=values
    )
    lokus_list.entries.all().delete()
    entries = [
        LokusEntry(
            lokus_list=lokus_list,
            kelurahan_id=row["kelurahan"],
            rank=row["rank"],
            score=row["score"],
            reasons=str(row["reasons"] or "")[:REASONS_MAX],
            figures=figures[str(row["kelurahan"])],
            chosen=row["kelurahan"] in picked,
        )
        for row in ranked
    ]
    for entry in entries:
        entry.full_clean(exclude=["lokus_list"], validate_constraints=False)
    LokusEntry.objects.bulk_create(entries)
    audit_record(
        user=user,
        action=Action.CREATE if created else Action.UPDATE,
        object_type="lokus_list",
        object_id=lokus_list.pk,
    )
    return lokus_list
