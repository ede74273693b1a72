"""The convergence scorecard summed per desa/kelurahan, office and intervention (the facts'
``Coverage``): what the summary pages read (scorecard, lokus, office dashboards and their trend,
``tumbuh report scorecard``), so that their cost grows with the number of desa/kelurahan, not of
targets. By-name gap lists still read the scorecard itself.

A desa/kelurahan's figures of a day are computed by the scorecard the first time a page asks
for them, and forgotten by every write that may change them (``coverage_forget``: the signals
of single writes, every import's facts rebuild) or, at the latest, after ``COVERAGE_KEPT``
(today's) or ``PAST_COVERAGE_KEPT`` (a past day's, e.g. the office trend's month ends); the
pages show when they were computed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Final

import polars as pl
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django_tasks import task

from tumbuh.accounts.models import Role
from tumbuh.accounts.permissions import SCOPES, ScopeKind
from tumbuh.accounts.scope import AnyUser, profile_of, subtree
from tumbuh.catalogue.selectors import catalogue_for, catalogue_region_code
from tumbuh.convergence import Coverage
from tumbuh.convergence.scorecard import COVERAGE_SCHEMA, coverage_rows
from tumbuh.facts.models import Coverage as CoverageRow
from tumbuh.facts.models import CoverageDay
from tumbuh.facts.services import facts_changed, facts_flush
from tumbuh.imports.bulk_sql import insert_rows
from tumbuh.interventions.selectors import scorecard_for, scorecard_of, targets_among, unmerged
from tumbuh.regions.models import Region
from tumbuh.registry.models import Person

#: The longest today's figures are kept without a write forgetting them (a safety net for
#: writes that bypass both the signals and the imports' rebuild), and those of a past day.
COVERAGE_KEPT: Final = timedelta(minutes=30)
PAST_COVERAGE_KEPT: Final = timedelta(days=1)
#: Figures of days this long ago are dropped when newer ones are stored.
DAYS_KEPT: Final = 400


def reads_facts(user: AnyUser, region: Region) -> bool:
    """Whether the user sees every person of ``region`` (an area role or the administrator; a
    facility sees its posyandu only) and the region has one catalogue (a kab/kota or below):
    then the stored figures are the user's figures."""
    kind = SCOPES[Role(profile_of(user).role)]
    return kind in {ScopeKind.EVERYTHING, ScopeKind.REGION} and (
        catalogue_region_code(region) is not None
    )


def _kelurahan(region: Region) -> list[str]:
    if region.level == "desa_kelurahan":
        return [region.code]
    return list(
        Region.objects.filter(code__startswith=region.code + ".", level="desa_kelurahan")
        .order_by("code")
        .values_list("code", flat=True)
    )


def coverage_compute(region: Region, day: date, codes: list[str] | None = None) -> int:
    """Compute and store the figures of ``day`` of the desa/kelurahan ``codes`` of ``region``
    (a kab/kota or below; None: all of them); returns the rows stored."""
    kelurahan = codes if codes is not None else _kelurahan(region)
    if codes is None:
        people = Person.objects.filter(
            subtree("family__kelurahan__code", region.code), merged_into__isnull=True
        )
    else:
        people = unmerged(Person.objects.filter(family__kelurahan__code__in=codes))
    card = scorecard_of(targets_among(people, day), day, catalogue_for(region, day))
    rows = coverage_rows(card.expected)
    now = timezone.now()
    with transaction.atomic():
        old = Q(day=day, kelurahan_code__in=kelurahan) | Q(day__lt=day - timedelta(days=DAYS_KEPT))
        CoverageRow.objects.filter(old).delete()
        CoverageDay.objects.filter(old).delete()
        insert_rows(
            CoverageRow,
            ("day", "kelurahan_code", "office", "intervention", "targets", "due", "received"),
            [(day, *row) for row in rows.iter_rows()],
        )
        CoverageDay.objects.bulk_create(
            [CoverageDay(kelurahan_code=code, day=day, computed_at=now) for code in kelurahan],
            ignore_conflicts=True,
        )
    return rows.height


#: How long a page waits before asking the worker again for figures it asked for.
ASKED_SECONDS: Final = 120


def _missing(region: Region, day: date) -> list[str]:
    """The desa/kelurahan of ``region`` without fresh figures of ``day``."""
    facts_flush()  # first: a new month's rebuild forgets every stored figure
    kept = COVERAGE_KEPT if day >= timezone.localdate() else PAST_COVERAGE_KEPT
    done = set(
        CoverageDay.objects.filter(day=day, computed_at__gte=timezone.now() - kept)
        .filter(subtree("kelurahan_code", region.code))
        .values_list("kelurahan_code", flat=True)
    )
    return [code for code in _kelurahan(region) if code not in done]


def _complete(region: Region, day: date) -> int:
    """Compute the figures of ``day`` of the desa/kelurahan of ``region`` that lack them
    (the whole area at once when none has them); returns the rows stored."""
    missing = _missing(region, day)
    if not missing:
        return 0
    every = len(missing) == len(_kelurahan(region))
    return coverage_compute(region, day, None if every else missing)


def _read(region: Region, day: date) -> Coverage:
    area = Q(day=day) & subtree("kelurahan_code", region.code)
    rows = pl.DataFrame(
        list(
            CoverageRow.objects.filter(area).values_list(
                "kelurahan_code", "office", "intervention", "targets", "due", "received"
            )
        ),
        schema=COVERAGE_SCHEMA,
        orient="row",
    )
    computed: datetime | None = CoverageDay.objects.filter(area).aggregate(at=Min("computed_at"))[
        "at"
    ]
    return Coverage(rows, catalogue_for(region, day), computed_at=computed)


def _stored(region: Region, day: date) -> Coverage:
    """The figures of ``day`` of every desa/kelurahan of ``region``, computing those missing."""
    _complete(region, day)
    return _read(region, day)


@task()
def coverage_task(region_code: str, day: str) -> int:
    """Compute the figures of a day a page asked for (in the worker); returns rows stored."""
    return _complete(Region.objects.get(code=region_code), date.fromisoformat(day))


def coverage_stored(*, region: Region, day: date, office: str | None = None) -> Coverage | None:
    """The stored figures of ``day`` when every desa/kelurahan of ``region`` has them; else a
    worker is asked for them and None is returned (the page says they are being prepared). For
    users who ``reads_facts``."""
    if _missing(region, day):
        # asked once while the worker works on it, not by every page view (32 users viewing
        # an office dashboard queued 5 jobs each)
        if cache.add(f"tumbuh:coverage-asked:{region.code}:{day.isoformat()}", 1, ASKED_SECONDS):
            coverage_task.enqueue(region.code, day.isoformat())
        if _missing(region, day):  # a worker of the same process (tests) has done it already
            return None
    coverage = _read(region, day)
    return coverage.for_office(office) if office is not None else coverage


def coverage_for(
    *, user: AnyUser, region: Region, today: date, office: str | None = None
) -> Coverage:
    """The area's scorecard summed (only ``office``'s interventions when given): from the
    facts when they are the user's figures, else from the user's own scorecard; the caller has
    checked the user may see ``region``."""
    if reads_facts(user, region):
        coverage = _stored(region, today)
    else:
        coverage = scorecard_for(user=user, region=region, today=today).coverage()
    return coverage.for_office(office) if office is not None else coverage


def coverage_forget(kelurahan: Iterable[str] | None = None) -> None:
    """Forget the figures of these desa/kelurahan (None: of all), every day."""
    rows, days = CoverageRow.objects.all(), CoverageDay.objects.all()
    if kelurahan is not None:
        codes = sorted({code for code in kelurahan if code})
        if not codes:
            return
        rows, days = rows.filter(kelurahan_code__in=codes), days.filter(kelurahan_code__in=codes)
    rows.delete()
    days.delete()
    # and every figure kept from the same data (``tumbuh.facts.cache``): once the write is
    # committed, in a statement of its own, so that concurrent writers (kader saving at once)
    # never wait for each other on the one row that records it
    transaction.on_commit(facts_changed)
