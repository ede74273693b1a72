"""One person per child in the registry: probabilistic linkage, the review queue, and merges
that record what they moved so they can be undone. Everything is audited."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import acting_user, subtree
from tumbuh.accounts.services import audit_record
from tumbuh.facts.services import stale_mark_children
from tumbuh.imports.measurement_upsert import gains_refresh
from tumbuh.imports.models import LinkCandidate, LinkStatus, PersonMerge
from tumbuh.interventions.models import Delivery
from tumbuh.linkage import link_people
from tumbuh.measurements.models import MaternalMeasurement, Measurement
from tumbuh.regions.models import Region
from tumbuh.registry.models import Person, SasaranRole
from tumbuh.registry.selectors import person_list

#: What points at a person: (key in PersonMerge.moved, model, field).
REFERENCES: tuple[tuple[str, type[Model], str], ...] = (
    ("measurement", Measurement, "child"),
    ("maternal_measurement", MaternalMeasurement, "person"),
    ("delivery", Delivery, "person"),
    ("sasaran_role", SasaranRole, "person"),
    ("child_of_mother", Person, "mother"),
)


@dataclass(frozen=True)
class LinkSummary:
    records: int
    merged: int
    to_review: int
    probabilistic: bool


@transaction.atomic
def person_merge(
    *,
    user: AbstractBaseUser | AnonymousUser,
    survivor: Person,
    merged: Person,
    automatic: bool = False,
) -> PersonMerge:
    """Move everything of ``merged`` to ``survivor`` and hide ``merged``; reversible."""
    require(user, Permission.REVIEW_DUPLICATES, survivor)
    require(user, Permission.REVIEW_DUPLICATES, merged)
    if survivor.pk == merged.pk or merged.merged_into_id is not None:
        raise ValidationError("these records cannot be merged")
    taken_dates = set(
        Measurement.objects.filter(child=survivor).values_list("measured_on", flat=True)
    )
    moved: dict[str, list[int]] = {
        # same day on both: the survivor's measurement stays, the other keeps to its record
        "measurement": list(
            Measurement.objects.filter(child=merged)
            .exclude(measured_on__in=taken_dates)
            .values_list("pk", flat=True)
        )
    }
    for key, model, field in REFERENCES[1:]:
        moved[key] = list(
            model._default_manager.filter(**{field: merged}).values_list("pk", flat=True)
        )
    moved["delivery"] = _deliveries_to_move(survivor, merged)
    for key, model, field in REFERENCES:
        model._default_manager.filter(pk__in=moved[key]).update(**{field: survivor})
    merged.merged_into = survivor
    merged.save(update_fields=["merged_into"])
    gains_refresh([survivor.pk, merged.pk])
    stale_mark_children([survivor.pk, merged.pk])
    record = PersonMerge.objects.create(
        survivor=survivor,
        merged=merged,
        moved=moved,
        automatic=automatic,
        merged_by=acting_user(user),
    )
    audit_record(user=user, action=Action.UPDATE, object_type="person_merge", object_id=record.pk)
    return record


def _deliveries_to_move(survivor: Person, merged: Person) -> list[int]:
    """The merged record's deliveries, except one the survivor already has that day (one
    delivery a day: it keeps to its record, as a same-day measurement does)."""
    taken = set(
        Delivery.objects.filter(person=survivor).values_list("intervention", "delivered_on")
    )
    return [
        pk
        for pk, intervention, on in Delivery.objects.filter(person=merged).values_list(
            "pk", "intervention", "delivered_on"
        )
        if (intervention, on) not in taken
    ]


@transaction.atomic
def person_merge_undo(*, user: AbstractBaseUser | AnonymousUser, merge: PersonMerge) -> None:
    """Put back exactly what the merge moved and show the merged record again."""
    require(user, Permission.REVIEW_DUPLICATES, merge.survivor)
    if merge.undone_at is not None:
        raise ValidationError("this merge was undone already")
    for key, model, field in REFERENCES:
        model._default_manager.filter(pk__in=merge.moved.get(key, [])).update(
            **{field: merge.merged}
        )
    Person.objects.filter(pk=merge.merged_id).update(merged_into=None)
    gains_refresh([merge.survivor_id, merge.merged_id])
    stale_mark_children([merge.survivor_id, merge.merged_id])
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    audit_record(
        user=user, action=Action.UPDATE, object_type="person_merge_undo", object_id=merge.pk
    )


@transaction.atomic
def link_decide(
    *, user: AbstractBaseUser | AnonymousUser, candidate: LinkCandidate, same: bool
) -> None:
    """An officer's decision on a candidate pair: merge (older record survives) or keep apart."""
    require(user, Permission.REVIEW_DUPLICATES, candidate.left)
    require(user, Permission.REVIEW_DUPLICATES, candidate.right)
    if same:
        survivor, merged = sorted((candidate.left, candidate.right), key=lambda p: p.pk)
        person_merge(user=user, survivor=survivor, merged=merged)
    candidate.status = LinkStatus.CONFIRMED if same else LinkStatus.REJECTED
    candidate.decided_by = acting_user(user)
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        user=user, action=Action.UPDATE, object_type="link_candidate", object_id=candidate.pk
    )


@transaction.atomic
def children_link(*, user: AbstractBaseUser | AnonymousUser, region: Region) -> LinkSummary:
    """Link the children of an area: confident clusters merge, uncertain pairs await review."""
    require(user, Permission.REVIEW_DUPLICATES)  # only people of the scope are linked
    people = person_list(user=user).filter(subtree("family__kelurahan__code", region.code))
    # e-PPGBM rows name the parent, stored as the head of a new family: the mother's name when
    # no mother is registered
    parent = Coalesce(NullIf("mother__name", Value("")), "family__head_name")
    rows = list(
        people.values_list("pk", "name", "birth_date", "sex", parent, "family__kelurahan_id", "nik")
    )
    records = pl.DataFrame(
        {
            "unique_id": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "birth_date": [r[2].isoformat() for r in rows],
            "sex": [str(r[3]) for r in rows],
            "mother": [r[4] or "" for r in rows],
            "kelurahan": [r[5] for r in rows],
            "nik": [r[6] for r in rows],
        },
        schema={
            "unique_id": pl.Int64,
            "name": pl.String,
            "birth_date": pl.String,
            "sex": pl.String,
            "mother": pl.String,
            "kelurahan": pl.String,
            "nik": pl.String,
        },
    )
    result = link_people(records)
    by_pk = {p.pk: p for p in people}
    merged = 0
    for cluster in result.clusters.group_by("cluster_id").agg(pl.col("unique_id"))["unique_id"]:
        members = sorted(cluster.to_list())
        for other in members[1:]:
            person_merge(user=user, survivor=by_pk[members[0]], merged=by_pk[other], automatic=True)
            merged += 1
    decided = set(
        LinkCandidate.objects.exclude(status=LinkStatus.PENDING).values_list("left_id", "right_id")
    )
    queued = 0
    for left, right, probability in result.review.iter_rows():
        pair = (min(left, right), max(left, right))
        if pair in decided:
            continue
        LinkCandidate.objects.update_or_create(
            left_id=pair[0], right_id=pair[1], defaults={"match_probability": probability}
        )
        queued += 1
    audit_record(
        user=user, action=Action.UPDATE, object_type="children_link", object_id=region.code
    )
    return LinkSummary(records.height, merged, queued, result.probabilistic)
