"""Figures kept until the facts change: a write, a flush of its stale marks or a rebuild makes
the next read compute them again; the targets, lokus and work-list pages show a write at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from tests.apps.conftest import TODAY, World
from tumbuh.accounts.scope import scope_key
from tumbuh.facts.cache import facts_version, kept
from tumbuh.facts.services import facts_rebuild
from tumbuh.interventions.lokus_selectors import lokus_indicators
from tumbuh.interventions.services import delivery_record
from tumbuh.measurements.services import measurement_record
from tumbuh.registry.models import Family


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def _measure(world: World, on: date) -> None:
    measurement_record(
        user=world.kader,
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=on,
        weight_kg=Decimal("9.0"),
        lenhei_cm=Decimal("70.0"),
        position="l",
    )


def test_a_figure_is_kept_while_the_facts_do_not_change(world: World) -> None:
    compute = Counter()
    assert kept("figure", ("71.72",), compute) == 1
    assert kept("figure", ("71.72",), compute) == 1
    assert kept("figure", ("71.71",), compute) == 2  # another key, another figure
    assert compute.calls == 2


def test_a_kept_none_is_not_computed_again(world: World) -> None:
    calls: list[int] = []
    assert kept("nothing", (), lambda: calls.append(1)) is None
    assert kept("nothing", (), lambda: calls.append(1)) is None
    assert calls == [1]


def test_a_measurement_saved_makes_the_next_read_compute_again(world: World) -> None:
    compute = Counter()
    kept("figure", (), compute)
    before = facts_version()
    _measure(world, date(2026, 2, 10))
    assert kept("figure", (), compute) == 2
    assert facts_version() != before


def test_a_region_rebuilt_by_an_import_makes_the_next_read_compute_again(world: World) -> None:
    compute = Counter()
    kept("figure", (), compute)
    facts_rebuild(region=world.kelurahan_a.code)
    assert kept("figure", (), compute) == 2


def test_users_of_one_region_share_a_scope_key_and_others_do_not(world: World) -> None:
    assert scope_key(world.tpps) == ("region", world.kota.code)
    assert scope_key(world.kader) != scope_key(world.tpps)
    assert scope_key(world.admin) == ("all", "")


def test_the_targets_page_counts_a_new_measurement_at_once(world: World) -> None:
    client = Client()
    client.force_login(world.tpps)
    url = f"/convergence/targets/?region={world.kota.code}"
    _measure(world, date(2026, 1, 10))
    kept_rows = {s.row.year: s.row for s in client.get(url).context["comparison"]}  # kept
    assert kept_rows[2026].routine is not None
    assert kept_rows[2026].routine.percent == 100.0  # 70 cm: stunted

    world.child_a.measurements.update(zlen=0.5)  # a write the signals do not see ...
    facts_rebuild(region=world.kelurahan_a.code)  # ... as an import's rebuild follows it
    rows = {s.row.year: s.row for s in client.get(url).context["comparison"]}

    assert rows[2026].routine is not None
    assert rows[2026].routine.percent == 0.0  # not stunted now, as the facts say


def test_a_delivery_makes_the_next_read_compute_again_once_committed(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    """Deliveries are no facts of a child, but figures are kept from them too (coverage)."""
    family = world.child_a.family
    family.welfare_decile = 2
    family.save()
    compute = Counter()
    kept("figure", (), compute)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        delivery_record(user=world.admin, intervention="pkh", family=family, delivered_on=TODAY)
    assert kept("figure", (), compute) == 1  # not yet committed: others still read the old
    for callback in pending:
        callback()  # the commit
    assert kept("figure", (), compute) == 2


def test_the_lokus_figures_count_a_family_at_risk_at_once(world: World) -> None:
    def at_risk() -> int:
        table = lokus_indicators(user=world.tpps, region=world.kota, today=TODAY)
        return int(table["at_risk_families"].sum())

    before = at_risk()
    assert at_risk() == before  # kept
    family = Family.objects.get(pk=world.child_b.family_id)
    family.no_latrine = True
    family.save()
    assert at_risk() == before + 1


def test_the_work_lists_count_a_new_measurement_at_once(world: World) -> None:
    client = Client()
    client.force_login(world.kader)

    def cards() -> dict[str, int]:
        return {
            name: n for name, _label, n in client.get("/measurements/worklists/").context["cards"]
        }

    before = cards()
    assert cards() == before  # kept
    assert before["due"] == 1  # child_a, not measured this month
    _measure(world, timezone.localdate())
    assert cards()["due"] == 0  # measured this month: no longer due


def test_values_kept_by_other_code_are_never_read_back(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tumbuh
    from tumbuh.facts import cache as kept_cache

    (tmp_path / "__init__.py").write_text("")
    module = tmp_path / "figures.py"
    module.write_text("A = 1\n")
    monkeypatch.setattr(tumbuh, "__file__", str(tmp_path / "__init__.py"))
    kept_cache.code_version.cache_clear()
    before = kept_cache.code_version()
    assert kept_cache.code_version() == before  # one digest per process
    module.write_text("A = 2  # an upgrade\n")
    kept_cache.code_version.cache_clear()
    assert kept_cache.code_version() != before
    kept_cache.code_version.cache_clear()
