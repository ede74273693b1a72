"""Which person each imported row is, for many rows at once.

The region's people are indexed once (by NIK, and by kelurahan, birth date, sex and folded
name); each chunk of rows then costs one query for the NIKs it carries. Children not yet known
are registered in bulk (their family first), audited like any registration. A merged record
stands for the record it was merged into.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError

from tumbuh.accounts.models import Action, AuditEvent, Role
from tumbuh.accounts.permissions import SCOPES, ScopeKind
from tumbuh.accounts.scope import acting_user, person_filter, profile_of
from tumbuh.imports.bulk_sql import objects_insert
from tumbuh.ingest.eppgbm import EppgbmRecord
from tumbuh.ingest.names import normalise_name
from tumbuh.ingest.nik import birth_from_nik
from tumbuh.ingest.reasons import Reason
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family, NoNikReason, Person
from tumbuh.registry.nik import nik_validate

#: Rows per ``IN (...)`` list, well under SQLite's limit on query parameters.
IN_BATCH = 900
NAME_LENGTH = Person._meta.get_field("name").max_length or 100
ADDRESS_LENGTH = Family._meta.get_field("address").max_length or 200

T = TypeVar("T")
ChildKey = tuple[str, date, int, str]  # kelurahan code, birth date, sex, folded name
FamilyKey = tuple[str, str, str]  # kelurahan code, folded parent name, folded address
KK_MARK = "\x00kk"  # (kelurahan, KK_MARK, No. KK): a family by its Kartu Keluarga
UNNAMED_MARK = "\x00-"  # a new family of a row naming no parent: never joined by others
NewMother = tuple[Person, "Family | int", list[Person]]  # the woman, her family, her new children
MOTHER_AGE = timedelta(days=28 * 365)  # a mother's NIK gives DDMMYY: the century that puts her
MOTHER_SPREAD = 20 * 365  # 8 to 48 years old at the child's birth


def batched(items: Sequence[T], size: int = IN_BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class Child:
    """What scoring needs to know of the person a row was linked to."""

    pk: int
    birth_date: date
    sex: int


def _child_key(record: EppgbmRecord) -> ChildKey:
    return (record.kelurahan, record.birth_date, record.sex, normalise_name(record.name))


class ChildMatcher:
    """Links e-PPGBM records to people of a kab/kota, registering the new ones."""

    def __init__(self, *, region: Region, user: AbstractBaseUser | AnonymousUser) -> None:
        self.user = user
        #: People the uploader may record for (None: everyone); children this import registers
        #: are added as they are created.
        self.scope: set[int] | None = None
        if SCOPES[Role(profile_of(user).role)] != ScopeKind.EVERYTHING:
            visible = Person.objects.filter(person_filter(user))
            self.scope = set(visible.values_list("pk", flat=True).iterator(chunk_size=5000))
        self.by_nik: dict[str, Child] = {}
        self.by_key: dict[ChildKey, Child] = {}
        self.families: dict[FamilyKey, int] = {}
        # created since the caller last took them (recorded for undoing the import)
        self.created_people: list[int] = []
        self.created_families: list[int] = []
        prefix = region.code + "."
        people = Person.objects.filter(family__kelurahan__code__startswith=prefix).values_list(
            "pk", "name", "sex", "birth_date", "family__kelurahan_id", "merged_into_id"
        )
        merged: dict[int, int] = {}
        known: dict[int, Child] = {}
        keys: list[tuple[ChildKey, int]] = []
        for pk, name, sex, birth, kelurahan, merged_into in people.iterator(chunk_size=5000):
            known[pk] = Child(pk, birth, sex)
            if merged_into is not None:
                merged[pk] = merged_into
            keys.append(((kelurahan, birth, sex, normalise_name(name)), pk))
        for key, pk in keys:
            survivor = known.get(merged.get(pk, pk))
            if survivor is not None and (pk not in merged or key not in self.by_key):
                self.by_key[key] = survivor
        families = Family.objects.filter(kelurahan__code__startswith=prefix).values_list(
            "pk", "kelurahan_id", "head_name", "address", "kk_number"
        )
        for pk, kelurahan, head, address, kk in families.iterator(chunk_size=5000):
            self.families.setdefault((kelurahan, normalise_name(head), normalise_name(address)), pk)
            if kk:
                self.families.setdefault((kelurahan, KK_MARK, kk), pk)

    def _load_niks(self, niks: Iterable[str]) -> None:
        wanted = sorted({n for n in niks if n not in self.by_nik})
        survivors: dict[str, int] = {}
        for batch in batched(wanted):
            rows = Person.objects.filter(nik__in=batch).values_list(
                "pk", "nik", "birth_date", "sex", "merged_into_id"
            )
            for pk, nik, birth, sex, merged_into in rows:
                if nik is None:
                    continue
                if merged_into is None:
                    self.by_nik[nik] = Child(pk, birth, sex)
                else:
                    survivors[nik] = merged_into
        if survivors:
            found = Person.objects.in_bulk(set(survivors.values()))
            for nik, pk in survivors.items():
                person = found[pk]
                self.by_nik[nik] = Child(pk, person.birth_date, person.sex)

    def link(
        self, records: Sequence[EppgbmRecord], posyandu_of: Sequence[int]
    ) -> tuple[list[Child], list[tuple[int, Reason]]]:
        """The person of each record (registering new children), and warnings by file row."""
        self._load_niks(
            [*(r.nik for r in records if r.nik), *(r.mother_nik for r in records if r.mother_nik)]
        )
        warnings: list[tuple[int, Reason]] = []
        new: list[tuple[Person, Family | int]] = []
        mothers: dict[str, NewMother] = {}
        new_families: dict[FamilyKey, Family] = {}
        pending: dict[ChildKey, Person] = {}
        pending_nik: dict[str, Person] = {}
        chosen: list[Child | Person] = []
        for record, posyandu in zip(records, posyandu_of, strict=True):
            if record.nik and record.nik in self.by_nik:
                chosen.append(self.by_nik[record.nik])
                continue
            if record.nik and record.nik in pending_nik:
                chosen.append(pending_nik[record.nik])
                continue
            key = _child_key(record)
            found = self.by_key.get(key) or pending.get(key)
            if found is not None:
                chosen.append(found)
                continue
            person = self._new_person(record, posyandu, warnings)
            family = self._family_of(record, new_families)
            new.append((person, family))
            if record.mother_nik:
                self._mother_of(record, person, family, mothers, warnings)
            pending[key] = person
            if person.nik:
                pending_nik[person.nik] = person
            chosen.append(person)
        self._register(new, new_families, mothers)
        for key, person in pending.items():
            if self.scope is not None:
                self.scope.add(person.pk)
            self.by_key[key] = Child(person.pk, person.birth_date, person.sex)
            if person.nik:
                self.by_nik[person.nik] = self.by_key[key]
        children = [c if isinstance(c, Child) else Child(c.pk, c.birth_date, c.sex) for c in chosen]
        return children, warnings

    def outside_scope(self, child: Child) -> bool:
        """The row names someone the uploader may not record for (they must not learn more)."""
        return self.scope is not None and child.pk not in self.scope

    def _family_of(
        self, record: EppgbmRecord, new_families: dict[FamilyKey, Family]
    ) -> Family | int:
        """The family a new child joins: the one with the row's No. KK in the kelurahan (BKKBN
        and DTSEN families are matched the same way), else the one of the same parent at the
        same address, else a new one (siblings in one file share it)."""
        if record.kk_number:
            key = (record.kelurahan, KK_MARK, record.kk_number)
        elif record.parent:
            key = (record.kelurahan, normalise_name(record.parent), normalise_name(record.address))
        else:
            key = (record.kelurahan, UNNAMED_MARK, str(len(new_families)))
        if key in self.families:
            return self.families[key]
        if key not in new_families:
            new_families[key] = Family(
                kk_number=record.kk_number,
                head_name=(record.parent or "-")[:NAME_LENGTH],
                kelurahan_id=record.kelurahan,
                address=record.address[:ADDRESS_LENGTH],
                rt=record.rt[:3],
                rw=record.rw[:3],
            )
        return new_families[key]

    def _mother_of(
        self,
        record: EppgbmRecord,
        child: Person,
        family: Family | int,
        mothers: dict[str, NewMother],
        warnings: list[tuple[int, Reason]],
    ) -> None:
        """Set the new child's mother: the woman with that NIK, else registered from the NIK
        (her birth date is in it) under the parent's name, in the child's family."""
        nik = record.mother_nik or ""
        known = self.by_nik.get(nik)
        if known is not None:
            if known.sex == 2:
                child.mother_id = known.pk
            return
        if nik in mothers:
            mothers[nik][2].append(child)
            return
        born = birth_from_nik(nik, near=record.birth_date - MOTHER_AGE, within_days=MOTHER_SPREAD)
        if born is None or not record.parent:
            warnings.append((record.row, Reason("mother_implausible", "NIK Ibu")))
            return
        try:
            nik_validate(nik, birth_date=born, sex=2)
        except ValidationError as error:
            why = {"why": "; ".join(error.messages)}
            warnings.append((record.row, Reason("mother_nik_refused", "NIK Ibu", why)))
            return
        mother = Person(
            name=record.parent.strip()[:NAME_LENGTH],
            sex=2,
            birth_date=born,
            nik=nik,
            created_by=acting_user(self.user),
        )
        mothers[nik] = (mother, family, [child])

    def _new_person(
        self, record: EppgbmRecord, posyandu: int, warnings: list[tuple[int, Reason]]
    ) -> Person:
        nik = record.nik
        if nik:
            try:
                nik_validate(nik, birth_date=record.birth_date, sex=record.sex)
            except ValidationError as error:
                why = {"why": "; ".join(error.messages)}
                warnings.append((record.row, Reason("nik_refused", "NIK", why)))
                nik = None
        if len(record.name) > NAME_LENGTH:
            warnings.append((record.row, Reason("name_cut", "Nama", {"count": NAME_LENGTH})))
        return Person(
            name=record.name.strip()[:NAME_LENGTH],
            sex=record.sex,
            birth_date=record.birth_date,
            nik=nik,
            no_nik_reason="" if nik else NoNikReason.UNKNOWN,
            posyandu_id=posyandu,
            created_by=acting_user(self.user),
        )

    def _register(
        self,
        new: list[tuple[Person, Family | int]],
        new_families: dict[FamilyKey, Family],
        mothers: dict[str, NewMother],
    ) -> None:
        """Families first, then mothers, then the children; one audit event per person."""
        objects_insert(Family, list(new_families.values()), keys=True)
        for key, family in new_families.items():
            if key[1] != UNNAMED_MARK:
                self.families[key] = family.pk
        women = [(mother, family) for mother, family, _children in mothers.values()]
        for person, joined in [*women, *new]:
            person.family_id = joined if isinstance(joined, int) else joined.pk
        objects_insert(Person, [mother for mother, _family in women], keys=True)
        for mother, _family, children in mothers.values():
            self.by_nik[mother.nik or ""] = Child(mother.pk, mother.birth_date, mother.sex)
            for child in children:
                child.mother_id = mother.pk
        objects_insert(Person, [person for person, _family in new], keys=True)
        new = [*women, *new]
        self.created_families.extend(family.pk for family in new_families.values())
        self.created_people.extend(person.pk for person, _family in new)
        actor = acting_user(self.user)
        objects_insert(
            AuditEvent,
            [
                AuditEvent(
                    user=actor, action=Action.CREATE, object_type="person", object_id=str(p.pk)
                )
                for p, _family in new
            ],
        )
