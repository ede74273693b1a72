"""Work lists: due this month, 2T, newly stunted or wasted, flagged; the CSV export is scoped
and audited."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet
from django.test import Client

from tests.apps.conftest import TODAY, World
from tests.apps.factories import ChildFactory
from tumbuh.accounts.lists import ListFilters
from tumbuh.accounts.models import AuditEvent
from tumbuh.facts.models import ChildStatus
from tumbuh.growth.categories import STUNTED_BELOW, WASTED_BELOW
from tumbuh.growth.kbm import is_two_t
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.services import measurement_record
from tumbuh.measurements.worklists import CHILD_LISTS, LOOKBACK_DAYS, worklists_for
from tumbuh.registry.models import Person


def record(world: World, on: date, weight: str, length: str) -> None:
    measurement_record(
        user=world.kader,
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=on,
        weight_kg=Decimal(weight),
        lenhei_cm=Decimal(length),
        position="l",
    )


def children(statuses: QuerySet[ChildStatus]) -> list[Person]:
    return [status.child for status in statuses]


def test_an_unmeasured_child_is_due(world: World) -> None:
    assert children(worklists_for(user=world.kader, today=TODAY).due) == [world.child_a]


def test_two_ts_in_a_row_and_newly_stunted_are_listed(world: World) -> None:
    record(world, date(2026, 1, 10), "9.1", "76.0")
    record(world, date(2026, 2, 10), "9.0", "76.0")
    record(world, TODAY, "9.0", "70.0")
    lists = worklists_for(user=world.puskesmas, today=TODAY)
    latest = Measurement.objects.get(measured_on=TODAY)
    assert [s.measurement for s in lists.two_t] == [latest]
    assert [s.measurement for s in lists.refer] == [latest]
    assert children(lists.due) == []


def test_a_flagged_last_measurement_is_listed(world: World) -> None:
    record(world, TODAY, "9.1", "120.0")
    assert children(worklists_for(user=world.kader, today=TODAY).flagged) == [world.child_a]


def test_the_export_is_scoped_and_audited(world: World, client: Client) -> None:
    client.force_login(world.outsider)
    response = client.get("/measurements/worklists/export.csv")
    body = b"".join(response.streaming_content).decode()
    assert world.child_a.name not in body
    assert world.child_b.name in body
    assert AuditEvent.objects.filter(action="export", user=world.outsider).count() == 1


def test_a_correction_through_the_page_rescores(world: World, client: Client) -> None:
    record(world, date(2026, 1, 10), "9.1", "76.0")
    measurement = Measurement.objects.get()
    client.force_login(world.kader)
    data = {"measured_on": "2026-01-10", "weight_kg": "9.1", "lenhei_cm": "70.0", "position": "l"}
    client.post(f"/measurements/{measurement.pk}/correct/", data)
    before = measurement.zlen
    measurement.refresh_from_db()
    assert before is not None
    assert measurement.zlen is not None
    assert measurement.zlen < before
    assert AuditEvent.objects.filter(action="update", object_type="measurement").count() == 1


def test_read_only_roles_cannot_correct(world: World, client: Client) -> None:
    record(world, date(2026, 1, 10), "9.1", "76.0")
    client.force_login(world.tpps)
    url = f"/measurements/{Measurement.objects.get().pk}/correct/"
    assert client.get(url).status_code == 403


def test_families_at_risk_are_listed_within_scope_only(world: World) -> None:
    from tumbuh.registry.selectors import families_at_risk

    family = world.child_a.family
    family.smoker_in_house = True
    family.save()
    assert list(families_at_risk(user=world.kader, on=TODAY)) == [family]
    assert list(families_at_risk(user=world.tpps, on=TODAY)) == [family]
    assert list(families_at_risk(user=world.outsider_tpk, on=TODAY)) == []


def _plain_lists(world: World, today: date) -> dict[str, set[int]]:
    """The lists recounted the plain way, from each child's two latest measurements of the last
    LOOKBACK_DAYS (the rule the lists had before they read ChildStatus)."""
    since = today - timedelta(days=LOOKBACK_DAYS)
    pairs: dict[int, list[Measurement]] = {}
    for m in Measurement.objects.filter(measured_on__gte=since, measured_on__lte=today).order_by(
        "child_id", "-measured_on"
    ):
        pairs.setdefault(m.child_id, [])
        if len(pairs[m.child_id]) < 2:
            pairs[m.child_id].append(m)

    def newly(last: float | None, before: float | None, cut: float) -> bool:
        return last is not None and last < cut and (before is None or before >= cut)

    lists: dict[str, set[int]] = {"two_t": set(), "refer": set(), "flagged": set()}
    for child, (last, *rest) in pairs.items():
        before = rest[0] if rest else None
        if before is not None and is_two_t(last.gain, before.gain):
            lists["two_t"].add(child)
        if newly(last.zlen, before.zlen if before else None, STUNTED_BELOW) or newly(
            last.zwfl, before.zwfl if before else None, WASTED_BELOW
        ):
            lists["refer"].add(child)
        if last.flags:
            lists["flagged"].add(child)
    measured = {c for c, (last, *_) in pairs.items() if last.measured_on >= today.replace(day=1)}
    under_five = Person.objects.under_five(on=today).filter(posyandu__isnull=False)
    lists["due"] = set(under_five.exclude(pk__in=measured).values_list("pk", flat=True))
    return lists


def test_the_lists_agree_with_a_plain_recount_of_the_latest_two_measurements(
    world: World,
) -> None:
    rng = random.Random(17)
    for n in range(60):
        child = ChildFactory(
            family=world.child_a.family,
            posyandu=world.posyandu_a if n % 7 else None,
            birth_date=TODAY - timedelta(days=rng.randint(30, 1900)),
        )
        for ago in sorted(rng.sample(range(0, 260), rng.randint(0, 4)), reverse=True):
            on = TODAY - timedelta(days=ago)
            Measurement.objects.create(
                child=child,
                posyandu=world.posyandu_a,
                measured_on=on,
                age_days=max((on - child.birth_date).days, 0),
                zlen=rng.choice([None, rng.uniform(-3.5, 0.5)]),
                zwfl=rng.choice([None, rng.uniform(-3.5, 0.5)]),
                gain=rng.choice(["N", "T", "T", "O", "B"]),
                flags=rng.choice(["", "", "", "zlen", "zwfl zwei"]),
            )
    lists = worklists_for(user=world.tpps, today=TODAY)
    found = {name: {s.child_id for s in lists.of(name)} for name in CHILD_LISTS}
    assert found == _plain_lists(world, TODAY)
    assert all(found.values())
    assert lists.counts() == {name: len(children) for name, children in found.items()}


def _measure(world: World, on: date, **values: object) -> None:
    Measurement.objects.create(
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=on,
        age_days=(on - world.child_a.birth_date).days,
        **values,
    )


def test_a_child_stunted_before_the_lookback_is_referred_again(world: World) -> None:
    _measure(world, TODAY - timedelta(days=LOOKBACK_DAYS + 1), zlen=-2.5)
    _measure(world, TODAY, zlen=-2.5)
    assert children(worklists_for(user=world.kader, today=TODAY).refer) == [world.child_a]


def test_a_child_already_stunted_at_the_previous_visit_is_not_referred_again(
    world: World,
) -> None:
    _measure(world, TODAY - timedelta(days=30), zlen=-2.5)
    _measure(world, TODAY, zlen=-2.5)
    assert children(worklists_for(user=world.kader, today=TODAY).refer) == []


def test_a_t_before_the_lookback_does_not_make_two_t(world: World) -> None:
    _measure(world, TODAY - timedelta(days=LOOKBACK_DAYS + 1), gain="T")
    _measure(world, TODAY, gain="T")
    assert children(worklists_for(user=world.kader, today=TODAY).two_t) == []


def test_a_flag_older_than_the_lookback_is_not_listed(world: World) -> None:
    _measure(world, TODAY - timedelta(days=LOOKBACK_DAYS + 1), flags="zlen")
    assert children(worklists_for(user=world.kader, today=TODAY).flagged) == []


def test_a_measurement_earlier_this_month_takes_the_child_off_the_due_list(world: World) -> None:
    _measure(world, TODAY.replace(day=1))
    assert children(worklists_for(user=world.kader, today=TODAY).due) == []
    next_month = (TODAY.replace(day=1) + timedelta(days=31)).replace(day=2)
    assert children(worklists_for(user=world.kader, today=next_month).due) == [world.child_a]


def test_the_search_finds_a_child_by_name_part_or_whole_nik_only(world: World) -> None:
    world.child_a.nik = "7172011234560001"
    world.child_a.name = "Siti Rahmawati"
    world.child_a.save()
    for q, expected in [
        ("RAHMA", [world.child_a]),
        ("7172011234560001", [world.child_a]),
        ("717201123456", []),
    ]:
        lists = worklists_for(user=world.tpps, today=TODAY, filters=ListFilters(q=q))
        assert children(lists.due) == expected


def test_the_kelurahan_filter_takes_the_registered_posyandu_s_kelurahan(world: World) -> None:
    filters = ListFilters(kelurahan=world.kelurahan_b)
    assert children(worklists_for(user=world.tpps, today=TODAY, filters=filters).due) == [
        world.child_b
    ]


def test_an_outsider_sees_nothing_of_another_kelurahan_on_the_page(
    world: World, client: Client
) -> None:
    _measure(world, TODAY, zlen=-2.5, flags="zlen")
    client.force_login(world.outsider)
    for name in ("two_t", "refer", "flagged", "due"):
        url = f"/measurements/worklists/?list={name}&kelurahan={world.kelurahan_a.code}"
        assert world.child_a.name not in client.get(url).content.decode()


def test_the_export_takes_the_page_s_filters(world: World, client: Client) -> None:
    client.force_login(world.tpps)
    response = client.get(f"/measurements/worklists/export.csv?posyandu={world.posyandu_b.pk}")
    body = b"".join(response.streaming_content).decode()
    assert world.child_b.name in body
    assert world.child_a.name not in body
