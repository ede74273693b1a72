"""Storing many measurements at once: new ones inserted, changed ones corrected, the same ones
left alone; all scored in one call of the growth engine.

Values the database would refuse (a weight or length outside the plausible range) are left out
with a warning; a row left with no usable measurement, or measured before the child's birth, is
rejected. New measurements carry their import batch (audited once, as the import); each
correction is audited on its own. SKDN gain status (N/T/O/B) depends on the previous visit:
it is computed before writing, along the whole history of the chunk's children (what is stored
and what the chunk adds or corrects), so each new row is written once with its status and only
the stored visits whose status changes are rewritten.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from tumbuh.accounts.models import Action, AuditEvent
from tumbuh.accounts.scope import acting_user
from tumbuh.growth import zscores
from tumbuh.growth.kbm import gain_statuses
from tumbuh.imports.bulk_sql import adapt_datetime, insert_rows, objects_insert, update_rows
from tumbuh.imports.child_matching import Child, batched
from tumbuh.imports.undo import undo_corrections
from tumbuh.ingest.eppgbm import EppgbmRecord, Rejected
from tumbuh.ingest.reasons import Reason
from tumbuh.measurements.gains import EPOCH_ORDINAL, gain_fixes
from tumbuh.measurements.models import Gain, Measurement
from tumbuh.measurements.scoring import STORED

#: Plausible ranges the database enforces (see the Measurement model's constraints).
WEIGHT_KG = (Decimal("0.5"), Decimal("60"))
LENHEI_CM = (Decimal("35"), Decimal("140"))
MUAC_CM = (Decimal("5"), Decimal("60"))
VALUE_FIELDS = ("weight_kg", "lenhei_cm", "position", "muac_cm")
SCORE_FIELDS = ("age_days", *STORED, "flags")
DATE_BITS = 20  # date ordinals (to the year 2870) fit in 20 bits: child pk and day in one int
INSERTED = (
    "child",
    "posyandu",
    "measured_on",
    "oedema",
    "gain",
    "recorded_by",
    "import_batch",
    "created_at",
    "updated_at",
    *VALUE_FIELDS,
    *SCORE_FIELDS,
)


@dataclass(slots=True)
class Visit:
    """One measurement as the import handles it (a stored one has its pk)."""

    child: Child
    posyandu: int
    measured_on: date
    weight_kg: Decimal | None
    lenhei_cm: Decimal | None
    position: str
    muac_cm: Decimal | None
    head_cm: Decimal | None = None
    oedema: bool = False
    pk: int | None = None
    age_days: int = 0
    scores: dict[str, float | None] = field(default_factory=dict)
    flags: str = ""
    gain: str = Gain.NEW

    def values(self) -> tuple[object, ...]:
        return (self.weight_kg, self.lenhei_cm, self.position, self.muac_cm)


@dataclass
class Outcome:
    """What became of a chunk's records: by file row, a status (``new``, ``updated``,
    ``unchanged``) or a rejection reason, and the stored visit for cross-checking."""

    status: dict[int, str] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[tuple[int, Reason]] = field(default_factory=list)
    stored: list[tuple[EppgbmRecord, Visit]] = field(default_factory=list)
    children: set[int] = field(default_factory=set)


def _decimal(value: float | None, places: int) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, places)))


def _within(
    value: Decimal | None, bounds: tuple[Decimal, Decimal], header: str, warn: list[Reason]
) -> Decimal | None:
    if value is None or bounds[0] <= value <= bounds[1]:
        return value
    limits = {"value": str(value), "low": str(bounds[0]), "high": str(bounds[1])}
    warn.append(Reason("out_of_range", header, limits))
    return None


def _existing(children: dict[int, Child]) -> dict[tuple[int, date], Visit]:
    """Every stored visit of these children (their gain status depends on all of them)."""
    found: dict[tuple[int, date], Visit] = {}
    for batch in batched(sorted(children)):
        rows = Measurement.objects.filter(child_id__in=batch).values_list(
            "pk",
            "child_id",
            "posyandu_id",
            "measured_on",
            *VALUE_FIELDS,
            "head_cm",
            "oedema",
            "age_days",
            "gain",
            *STORED,
        )
        for row in rows:
            pk, child, posyandu, on, weight, length, position, muac, head, oedema, age, gain = row[
                :12
            ]
            visit = Visit(
                children[child], posyandu, on, weight, length, position, muac, head, oedema, pk
            )
            visit.age_days, visit.gain = age, gain
            visit.scores = dict(zip(STORED, row[12:], strict=True))
            found[(child, on)] = visit
    return found


def score_many(visits: Sequence[Visit]) -> None:
    """Age, z-scores and WHO flags of each visit, computed in one vectorised call."""
    if not visits:
        return

    def floats(values: Iterable[Decimal | None]) -> np.ndarray:
        return np.array([np.nan if v is None else float(v) for v in values])

    for visit in visits:
        visit.age_days = (visit.measured_on - visit.child.birth_date).days
    out = zscores(
        sex=np.array([v.child.sex for v in visits]),
        age=np.array([v.age_days for v in visits], dtype=float),
        weight=floats(v.weight_kg for v in visits),
        lenhei=floats(v.lenhei_cm for v in visits),
        measure=[v.position or None for v in visits],
        oedema=["y" if v.oedema else "n" for v in visits],
        headc=floats(v.head_cm for v in visits),
        armc=floats(v.muac_cm for v in visits),
    )
    columns = {name: out[name].tolist() for name in STORED}
    flagged = {name: (out["f" + name[1:]] == 1.0).tolist() for name in STORED}
    for i, visit in enumerate(visits):
        visit.scores = {
            name: None if math.isnan(columns[name][i]) else round(columns[name][i], 2)
            for name in STORED
        }
        visit.flags = " ".join(name for name in STORED if flagged[name][i])


def _scored(visit: Visit) -> tuple[object, ...]:
    return (visit.age_days, *(visit.scores[name] for name in STORED), visit.flags)


def measurements_upsert(
    *,
    user: AbstractBaseUser | AnonymousUser,
    records: Sequence[EppgbmRecord],
    children: Sequence[Child],
    posyandu_of: Sequence[int],
    batch: int,
    seen: dict[int, int],
) -> Outcome:
    """Insert, correct or leave each record's measurement (one per child and day).

    ``seen`` carries, across the chunks of one file, the first row of each child and day: a later
    row with other values for them contradicts it and is rejected (so a second import of the
    same file changes nothing)."""
    outcome = Outcome()
    if not records:
        return outcome
    current = _existing({c.pk: c for c in children})
    fresh: list[Visit] = []
    changed: dict[int, Visit] = {}
    for record, child, posyandu in zip(records, children, posyandu_of, strict=True):
        if record.measured_on < child.birth_date:
            dates = {
                "measured": f"{record.measured_on:%d-%m-%Y}",
                "born": f"{child.birth_date:%d-%m-%Y}",
            }
            before = Reason("measured_before_birth", "Tanggal Pengukuran", dates)
            outcome.rejected.append(Rejected(record.row, {}, (before,)))
            continue
        warn: list[Reason] = []
        weight = _within(_decimal(record.weight_kg, 2), WEIGHT_KG, "Berat", warn)
        length = _within(_decimal(record.lenhei_cm, 1), LENHEI_CM, "Tinggi", warn)
        muac = _within(_decimal(record.muac_cm, 1), MUAC_CM, "LiLA", warn)
        if weight is None and length is None:
            nothing_left = (*warn, Reason("no_measurement_left"))
            outcome.rejected.append(Rejected(record.row, {}, nothing_left))
            continue
        key = (child.pk, record.measured_on)
        values = (weight, length, record.position, muac)
        earlier = seen.setdefault(
            child.pk << DATE_BITS | record.measured_on.toordinal(), record.row
        )
        if earlier != record.row:
            if current[key].values() != values:
                same = Reason("same_child_and_day", params={"row": earlier})
                outcome.rejected.append(Rejected(record.row, {}, (same,)))
                continue
            outcome.status[record.row] = "unchanged"
            outcome.stored.append((record, current[key]))
            continue
        outcome.warnings.extend((record.row, w) for w in warn)
        visit = current.get(key)
        if visit is None:
            visit = Visit(
                child, posyandu, record.measured_on, weight, length, record.position, muac
            )
            current[key] = visit
            fresh.append(visit)
            outcome.status[record.row] = "new"
        elif visit.values() == values:
            outcome.status[record.row] = "unchanged"
        else:
            visit.weight_kg, visit.lenhei_cm, visit.position, visit.muac_cm = (
                weight,
                length,
                record.position,
                muac,
            )
            if visit.pk is not None:
                changed[visit.pk] = visit
            outcome.status[record.row] = "updated"
        outcome.stored.append((record, visit))
        outcome.children.add(child.pk)
    score_many(fresh + list(changed.values()))
    regained = gains_set(list(current.values()), changed)
    _write(user, fresh, list(changed.values()), regained, batch)
    return outcome


def gains_set(visits: Sequence[Visit], changed: dict[int, Visit]) -> list[Visit]:
    """Set each visit's SKDN gain status (the KBM rule along each child's visits, all of them
    given); returns the stored, uncorrected visits whose status changed (to be rewritten)."""
    if not visits:
        return []
    n = len(visits)
    statuses = gain_statuses(
        child=np.fromiter((v.child.pk for v in visits), np.int64, n),
        measured_on=(
            np.fromiter((v.measured_on.toordinal() for v in visits), np.int64, n) - EPOCH_ORDINAL
        ).astype("datetime64[D]"),
        weight_kg=np.fromiter(
            (np.nan if v.weight_kg is None else float(v.weight_kg) for v in visits), np.float64, n
        ),
        age_days=np.fromiter((v.age_days for v in visits), np.int64, n),
    ).tolist()
    regained: list[Visit] = []
    for visit, status in zip(visits, statuses, strict=True):
        if visit.gain == status:
            continue
        visit.gain = status
        if visit.pk is not None and visit.pk not in changed:
            regained.append(visit)
    return regained


def _write(
    user: AbstractBaseUser | AnonymousUser,
    fresh: list[Visit],
    changed: list[Visit],
    regained: list[Visit],
    batch: int,
) -> None:
    actor = acting_user(user)
    actor_pk = None if actor is None else actor.pk
    now = timezone.now()
    stamp = adapt_datetime(now)
    insert_rows(
        Measurement,
        INSERTED,
        (
            (
                v.child.pk,
                v.posyandu,
                v.measured_on,
                v.oedema,
                v.gain,
                actor_pk,
                batch,
                stamp,
                stamp,
                *v.values(),
                *_scored(v),
            )
            for v in fresh
        ),
    )
    corrected = (*VALUE_FIELDS, *SCORE_FIELDS, "gain", "updated_at")
    undo_corrections(batch, [v.pk for v in changed if v.pk is not None], corrected)
    update_rows(
        Measurement,
        corrected,
        ((*v.values(), *_scored(v), v.gain, stamp, v.pk) for v in changed),
    )
    # a status that follows from this chunk's visits (undone with them: ``batch_undo``
    # recomputes the statuses of every child the batch added or corrected a visit of)
    update_rows(Measurement, ("gain",), ((v.gain, v.pk) for v in regained))
    objects_insert(
        AuditEvent,
        [
            AuditEvent(
                user=actor, action=Action.UPDATE, object_type="measurement", object_id=str(v.pk)
            )
            for v in changed
        ],
    )


def gains_refresh(children: Iterable[int]) -> int:
    """Recompute SKDN gain status (the KBM rule) along each child's visits; returns how many
    changed."""
    changed = 0
    for batch in batched(sorted(set(children))):
        fixes = gain_fixes(children=batch)
        update_rows(Measurement, ("gain",), fixes)
        changed += len(fixes)
    return changed
