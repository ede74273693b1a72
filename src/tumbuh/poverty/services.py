"""Writes of the poverty core that other imports share: a DTSEN file's deciles kept quarter by
quarter, its three assistance flags (PKH, BPNT/Sembako, PBI-JKN) kept as programme receipts, and
the heads of family it names by NIK kept as members."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from tumbuh.accounts.models import Action, AuditEvent
from tumbuh.accounts.scope import acting_user
from tumbuh.imports.bulk_sql import update_rows
from tumbuh.imports.child_matching import batched
from tumbuh.poverty.models import DesilRecord, Programme, Receipt
from tumbuh.registry.models import Person

#: A DTSEN flag already recorded as a receipt within this many days is not recorded again.
FLAG_WINDOW_DAYS: Final = 365
#: The DTSEN flags (``tumbuh.ingest.families``) are programmes of the register by these codes.
FLAG_PROGRAMMES: Final = ("pkh", "bpnt", "pbi_jkn")
NAME_LENGTH: Final = Person._meta.get_field("name").max_length or 100


def quarter_of(day: date) -> date:
    """The first day of the quarter ``day`` falls in: the period of a DTSEN update."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@dataclass(frozen=True)
class Head:
    """A head of family the DTSEN file names by NIK (with the birth date and sex it encodes)."""

    nik: str
    name: str
    born: date
    sex: int


@dataclass(frozen=True)
class DtsenHousehold:
    """One household of a DTSEN file, as stored: its decile (when the file has the column),
    the flags it receives, and its head when the file gives the head's NIK."""

    family: int
    row: int
    facts: Mapping[str, object]
    received: tuple[str, ...]
    head: Head | None = None


def _audit(
    user: AbstractBaseUser | AnonymousUser, kind: str, action: str, ids: Iterable[int]
) -> None:
    actor = acting_user(user)
    AuditEvent.objects.bulk_create(
        [AuditEvent(user=actor, action=action, object_type=kind, object_id=str(pk)) for pk in ids],
        batch_size=2000,
    )


def _deciles(
    households: list[DtsenHousehold], period: date, user: AbstractBaseUser | AnonymousUser
) -> set[int]:
    """Each household's decile for the quarter; returns the rows that added or changed one."""
    wanted: dict[int, tuple[int | None, int]] = {}
    for household in households:
        if "welfare_decile" in household.facts and household.family not in wanted:
            value = household.facts["welfare_decile"]
            wanted[household.family] = (value if isinstance(value, int) else None, household.row)
    stored: dict[int, tuple[int, int | None]] = {}
    for ids in batched(sorted(wanted)):
        for pk, family, desil in DesilRecord.objects.filter(
            family_id__in=ids, period=period
        ).values_list("pk", "family_id", "desil"):
            stored[family] = (pk, desil)
    new = [
        DesilRecord(family_id=family, period=period, desil=desil)
        for family, (desil, _row) in wanted.items()
        if family not in stored
    ]
    changed = [
        (desil, stored[family][0])
        for family, (desil, _row) in wanted.items()
        if family in stored and stored[family][1] != desil
    ]
    created = DesilRecord.objects.bulk_create(new, batch_size=2000)
    update_rows(DesilRecord, ("desil",), changed)
    _audit(user, "desil", Action.CREATE, (d.pk for d in created if d.pk is not None))
    _audit(user, "desil", Action.UPDATE, (pk for _desil, pk in changed))
    return {
        row
        for family, (desil, row) in wanted.items()
        if family not in stored or stored[family][1] != desil
    }


def _flags(
    households: list[DtsenHousehold], today: date, user: AbstractBaseUser | AnonymousUser
) -> set[int]:
    """The flags as receipts, once per programme and household within the window; returns the
    rows that gave one."""
    codes = dict(Programme.objects.filter(code__in=FLAG_PROGRAMMES).values_list("code", "pk"))
    since = today - timedelta(days=FLAG_WINDOW_DAYS)
    families = sorted({h.family for h in households if h.received})
    recent: set[tuple[int, int]] = set()
    for ids in batched(families):
        recent |= set(
            Receipt.objects.filter(
                family_id__in=ids, received_on__gt=since, programme_id__in=codes.values()
            ).values_list("family_id", "programme_id")
        )
    actor = acting_user(user)
    new: list[Receipt] = []
    rows: set[int] = set()
    for household in households:
        for flag in household.received:
            programme = codes.get(flag)
            if programme is None or (household.family, programme) in recent:
                continue
            recent.add((household.family, programme))
            rows.add(household.row)
            new.append(
                Receipt(
                    programme_id=programme,
                    family_id=household.family,
                    received_on=today,
                    note="DTSEN",
                    recorded_by=actor,
                )
            )
    created = Receipt.objects.bulk_create(new, batch_size=2000)
    _audit(user, "programme_receipt", Action.CREATE, (r.pk for r in created if r.pk is not None))
    return rows


def _heads(households: list[DtsenHousehold], user: AbstractBaseUser | AnonymousUser) -> set[int]:
    """Each head named by NIK becomes a member of the household, unless that NIK is already
    registered (anywhere: a NIK is one person); returns the rows that added one."""
    named = {h.head.nik: h for h in households if h.head is not None}
    known: set[str] = set()
    for chunk in batched(sorted(named)):
        known |= {
            n or "" for n in Person.objects.filter(nik__in=chunk).values_list("nik", flat=True)
        }
    actor = acting_user(user)
    new = [
        Person(
            family_id=h.family,
            name=h.head.name[:NAME_LENGTH],
            sex=h.head.sex,
            birth_date=h.head.born,
            nik=nik,
            created_by=actor,
        )
        for nik, h in named.items()
        if nik not in known and h.head is not None
    ]
    created = Person.objects.bulk_create(new, batch_size=2000)
    _audit(user, "person", Action.CREATE, (p.pk for p in created if p.pk is not None))
    return {named[p.nik or ""].row for p in new}


def dtsen_recorded(
    *,
    households: list[DtsenHousehold],
    today: date,
    user: AbstractBaseUser | AnonymousUser,
) -> set[int]:
    """Record a DTSEN file's deciles for the quarter of ``today`` (one per household and
    quarter: the current decile is the latest quarter's) and its flags as programme receipts.
    Returns the file rows that changed something (call inside the import's transaction)."""
    return (
        _deciles(households, quarter_of(today), user)
        | _flags(households, today, user)
        | _heads(households, user)
    )
