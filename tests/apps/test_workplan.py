"""The work plan and budget: plans per office and year, their pages, XLSX in and out, the
plan's coverage of the scorecard's gaps; survey figures and regional targets on the targets
page; the demo's plans."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.test import Client
from django.utils import timezone

from tests.apps.campaign_world import AUGUST, measured_children
from tests.apps.conftest import PASSWORD, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.accounts.models import AuditEvent, Role
from tumbuh.accounts.scope import subtree
from tumbuh.accounts.services import user_create
from tumbuh.campaigns.models import Campaign
from tumbuh.interventions.lokus_selectors import stunting_by_year
from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Region
from tumbuh.registry.selectors import person_list
from tumbuh.workplan import sipd
from tumbuh.workplan.compare import Measured
from tumbuh.workplan.demo import PLAN_YEAR, demo_workplan
from tumbuh.workplan.exports import plan_frame
from tumbuh.workplan.ingest import COLUMNS
from tumbuh.workplan.models import SubActivity, SurveyFigure, SurveySource, WorkPlan
from tumbuh.workplan.selectors import gap_coverage
from tumbuh.workplan.services import (
    plan_get_or_create,
    sub_activity_save,
    survey_figure_save,
    workplan_import,
)
from tumbuh.workplan.targets import _routine

CODE = "1.02.02.2.02.0033"


def _values(**extra: object) -> dict[str, object]:
    return {
        "code": CODE,
        "programme_name": "Program Pemenuhan Upaya Kesehatan",
        "activity_name": "Penyediaan Layanan Kesehatan",
        "name": "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat",
        "budget_rp": 400_000_000,
        "indicator": "Balita gizi kurang yang menerima PMT",
        "unit": "orang",
        "target_volume": Decimal(400),
        "target_volume_1": Decimal(100),
        "target_rp_1": 100_000_000,
        "realised_volume_1": Decimal(80),
        "realised_rp_1": 90_000_000,
        **extra,
    }


def _office(world: World, office: str = "dinsos") -> object:
    return user_create(
        username=f"{office}_kota",
        password=PASSWORD,
        role=Role.OFFICE,
        region=world.kota,
        office=office,
    )


def _plan(world: World, office: str = "dinkes") -> WorkPlan:
    plan = plan_get_or_create(user=world.tpps, region=world.kota, office=office, year=2026)
    sub_activity_save(
        user=world.tpps,
        plan=plan,
        values=_values(),
        interventions=["pmt_balita"],
        lokus=[world.kelurahan_a],
    )
    return plan


def test_the_secretariat_starts_a_plan_and_adds_a_sub_activity_from_the_pages(
    world: World,
) -> None:
    client = Client()
    client.force_login(world.tpps)
    response = client.post("/workplan/", {"office": "dinkes", "year": "2026"})
    plan = WorkPlan.objects.get(region=world.kota, office="dinkes", year=2026)
    assert response.status_code == 302
    form = {k: str(v) for k, v in _values().items()} | {
        "interventions": ["pmt_balita", "pmt_bumil_kek"],
        "lokus": [world.kelurahan_a.code],
    }
    for field in ("target_volume", "realised_volume", "target_rp", "realised_rp"):
        for q in (1, 2, 3, 4):
            form.setdefault(f"{field}_{q}", "0")
    assert client.post(f"/workplan/{plan.pk}/add/", form).status_code == 302
    sub = plan.sub_activities.get()
    assert sub.interventions == ["pmt_balita", "pmt_bumil_kek"]
    assert list(sub.lokus.all()) == [world.kelurahan_a]
    page = client.get(f"/workplan/{plan.pk}/").content.decode()
    assert "1.02.02 Program Pemenuhan Upaya Kesehatan" in page
    assert "1.02.02.2.02 Penyediaan Layanan Kesehatan" in page
    assert "400.000.000" in page  # the budget, as Indonesians write it
    assert "80,0 / 90,0" in page  # TW I: volume and rupiah realised, percent
    assert "Pasir Panjang" in page
    index = client.get("/workplan/?year=2026").content.decode()
    assert "Dinas Kesehatan" in index
    assert "90,0" in index
    assert AuditEvent.objects.filter(object_type="sub_activity", action="create").exists()


def test_an_office_edits_its_own_plan_only(world: World) -> None:
    dinsos = _office(world)
    own = plan_get_or_create(user=dinsos, region=world.kota, office="dinsos", year=2026)  # type: ignore[arg-type]
    other = _plan(world, office="dinkes")
    with pytest.raises(PermissionDenied):
        plan_get_or_create(user=dinsos, region=world.kota, office="dinkes", year=2026)  # type: ignore[arg-type]
    client = Client()
    client.force_login(dinsos)  # type: ignore[arg-type]
    assert client.get(f"/workplan/{own.pk}/add/").status_code == 200
    assert client.get(f"/workplan/{other.pk}/").status_code == 200  # it sees the others' plans
    assert client.get(f"/workplan/{other.pk}/add/").status_code == 403
    sub = other.sub_activities.get()
    assert client.post(f"/workplan/item/{sub.pk}/", {"remove": "1"}).status_code == 403
    assert SubActivity.objects.filter(pk=sub.pk).exists()


def test_an_outsider_and_a_role_without_the_right_are_refused(world: World) -> None:
    plan = _plan(world)
    for user in (world.outsider, world.kader, world.outsider_tpk):
        client = Client()
        client.force_login(user)
        assert client.get(f"/workplan/{plan.pk}/").status_code == 403
        assert client.get("/workplan/export.xlsx?year=2026").status_code == 403
    other_kota = user_create(
        username="tpps_other", password=PASSWORD, role=Role.TPPS, region=world.kelurahan_b
    )
    with pytest.raises(PermissionDenied):
        plan_get_or_create(user=other_kota, region=world.kota, office="dinkes", year=2026)


def _xlsx(content: bytes, path: Path) -> Path:
    path.write_bytes(content)
    return path


def test_the_export_imports_back_unchanged_and_an_edit_counts_as_updated(
    world: World, tmp_path: Path
) -> None:
    _plan(world)
    client = Client()
    client.force_login(world.tpps)
    response = client.get("/workplan/export.xlsx?year=2026")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    exported = pl.read_excel(io.BytesIO(response.content))
    assert exported.columns == list(COLUMNS)
    assert exported["Lokus"].to_list() == ["Pasir Panjang"]
    assert client.get("/workplan/export.xlsx?year=2026&office=nope").status_code == 404
    one = pl.read_excel(
        io.BytesIO(client.get("/workplan/export.xlsx?year=2026&office=pupr").content)
    )
    assert one.height == 0
    path = _xlsx(response.content, tmp_path / "rencana.xlsx")
    result = workplan_import(user=world.tpps, path=path, region=world.kota, year=2026)
    assert result.line() == "rows: 1, new: 0, updated: 0, unchanged: 1, rejected: 0"
    changed = exported.with_columns(pl.lit(120).alias("Realisasi TW II"))
    extra = changed.with_columns(
        pl.lit("1.02.02.2.02.0034").alias("Kode Sub Kegiatan"),
        pl.lit("pupr").alias("Perangkat Daerah"),
    )
    pl.concat([changed, extra]).write_excel(tmp_path / "edit.xlsx")
    result = workplan_import(
        user=world.tpps, path=tmp_path / "edit.xlsx", region=world.kota, year=2026
    )
    assert result.line() == "rows: 2, new: 1, updated: 1, unchanged: 0, rejected: 0"
    sub = SubActivity.objects.get(plan__office="dinkes", code=CODE)
    assert sub.realised_volume_2 == Decimal(120)
    assert list(sub.lokus.all()) == [world.kelurahan_a]
    assert WorkPlan.objects.filter(office="pupr", year=2026).exists()


def test_the_import_page_shows_the_summary_and_each_rejected_row_in_indonesian(
    world: World, tmp_path: Path
) -> None:
    client = Client()
    client.force_login(world.tpps)
    template = client.get("/workplan/template.xlsx")
    example = pl.read_excel(io.BytesIO(template.content), sheet_name="data")
    bad = example.with_columns(pl.lit("1.02").alias("Kode Sub Kegiatan"))
    pl.concat([example, bad]).write_excel(tmp_path / "plan.xlsx")
    with (tmp_path / "plan.xlsx").open("rb") as handle:
        page = client.post("/workplan/import/", {"year": "2026", "file": handle}).content.decode()
    assert "rows: 2, new: 1, updated: 0, unchanged: 0, rejected: 1" in page
    assert "Kode Sub Kegiatan: &#x27;1.02&#x27; bukan kode sub kegiatan SIPD" in page
    assert WorkPlan.objects.get(office="dinkes").sub_activities.count() == 1


def test_a_file_that_is_not_a_plan_is_refused_whole_and_nothing_is_stored(
    world: World, tmp_path: Path
) -> None:
    pl.DataFrame({"Nama": ["x"]}).write_excel(tmp_path / "lain.xlsx")
    client = Client()
    client.force_login(world.tpps)
    with (tmp_path / "lain.xlsx").open("rb") as handle:
        page = client.post("/workplan/import/", {"year": "2026", "file": handle})
    assert "lain.xlsx: bukan rencana kerja" in page.content.decode()
    assert not WorkPlan.objects.exists()


def test_gap_coverage_highlights_gaps_no_budgeted_activity_covers(world: World) -> None:
    today = date(2026, 3, 10)
    rows, _names = gap_coverage(user=world.tpps, region=world.kota, year=2026, today=today)
    assert rows
    assert not any(r.covered for r in rows)
    wanted = rows[0]
    plan = plan_get_or_create(user=world.tpps, region=world.kota, office="dinkes", year=2026)
    sub_activity_save(
        user=world.tpps,
        plan=plan,
        values=_values(),
        interventions=[wanted.code],
        lokus=[world.kelurahan_a],
    )
    rows, names = gap_coverage(user=world.tpps, region=world.kota, year=2026, today=today)
    row = next(r for r in rows if r.code == wanted.code)
    assert [f.sub.code for f in row.funded] == [CODE]
    assert row.uncovered == sorted(set(row.kelurahan) - {world.kelurahan_a.code})
    assert rows[0].code != wanted.code  # the ones no activity covers come first
    client = Client()
    client.force_login(world.tpps)
    page = client.get("/workplan/coverage/?year=2026").content.decode()
    assert "tidak ada kegiatan beranggaran" in page
    assert names[world.kelurahan_b.code] == "Madidir Ure"


def test_bontang_style_survey_figures_sit_beside_routine_and_campaign_with_reasons(
    world: World,
) -> None:
    measured_children(world, posyandu=world.posyandu_a, count=30, seed=3)
    for _ in range(40):  # registered, never measured: routine coverage is low
        ChildFactory(
            family=FamilyFactory(kelurahan=world.kelurahan_b),
            posyandu=world.posyandu_b,
            birth_date=date(2024, 5, 1),
        )
    Campaign.objects.create(
        name="Operasi Timbang Agustus 2026", region=world.kota, start=AUGUST[0], end=AUGUST[1]
    )
    client = Client()
    client.force_login(world.tpps)
    for year, percent in (("2021", "26.3"), ("2022", "21.0"), ("2026", "5.0")):
        response = client.post(
            f"/workplan/surveys/?region={world.kota.code}",
            {"form": "survey", "year": year, "source": "ssgi", "percent": percent},
        )
        assert response.status_code == 302
    client.post(
        f"/workplan/surveys/?region={world.kota.code}",
        {"form": "target", "year": "2026", "kind": "rkpd", "percent": "16.0"},
    )
    page = client.get(f"/convergence/targets/?region={world.kota.code}").content.decode()
    assert "26,3 (SSGI)" in page
    assert "21,0 (SSGI)" in page
    assert "16,0" in page  # the RKPD target
    assert "17,7" in page  # the national path in 2026 (17.65)
    assert "anak yang tidak datang ke posyandu tidak terhitung" in page  # routine: coverage
    assert "Kampanye hanya mengukur" in page  # campaign: coverage too
    assert "memenuhi target tahun itu" in page  # SSGI 5.0 % meets the 16.0 % target


def test_survey_figures_are_checked_and_kept_to_coordinators(world: World) -> None:
    with pytest.raises(ValueError, match="confidence interval"):
        survey_figure_save(
            user=world.tpps,
            region=world.kota,
            year=2022,
            source=SurveySource.SSGI,
            percent=Decimal("21.0"),
            low=Decimal("22.0"),
            high=Decimal("25.0"),
        )
    lurah = user_create(
        username="lurah_a", password=PASSWORD, role=Role.LURAH, region=world.kelurahan_a
    )
    client = Client()
    client.force_login(lurah)
    path = f"/workplan/surveys/?region={world.kelurahan_a.code}"
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"form": "survey", "year": "2022", "source": "ssgi", "percent": "2"}
    )
    assert response.status_code == 403
    assert not SurveyFigure.objects.exists()


def test_the_demo_plans_bitung_per_office_with_past_quarters_realised(world: World) -> None:
    count = demo_workplan(city=world.kota, today=date(2026, 8, 15))
    plans = WorkPlan.objects.filter(region=world.kota, year=PLAN_YEAR)
    assert count == SubActivity.objects.count() > 10
    assert {"dinkes", "dinsos", "dp2kb", "pupr", "koperasi", "perikanan"} <= set(
        plans.values_list("office", flat=True)
    )
    rumpon = SubActivity.objects.get(name__icontains="rumpon")
    assert rumpon.realised_rp_1 > 0
    assert rumpon.realised_rp_2 > 0
    assert rumpon.realised_rp_3 == rumpon.realised_rp_4 == 0
    assert SurveyFigure.objects.filter(region=world.kota, demo=True).count() == 5
    frame = plan_frame(plans, world.kota)
    assert frame.height == count


def test_a_row_the_model_refuses_is_rejected_and_the_others_stored(
    world: World, tmp_path: Path
) -> None:
    client = Client()
    client.force_login(world.tpps)
    example = pl.read_excel(
        io.BytesIO(client.get("/workplan/template.xlsx").content), sheet_name="data"
    )
    long_name = example.with_columns(
        pl.lit("x" * 300).alias("Nama Sub Kegiatan"),
        pl.lit("1.02.02.2.02.0040").alias("Kode Sub Kegiatan"),
    )
    pl.concat([example, long_name]).write_excel(tmp_path / "plan.xlsx")
    result = workplan_import(
        user=world.tpps, path=tmp_path / "plan.xlsx", region=world.kota, year=2026
    )
    assert result.line() == "rows: 2, new: 1, updated: 0, unchanged: 0, rejected: 1"
    assert result.rejected[0].row == 3
    assert SubActivity.objects.get().code == CODE


def test_adding_a_code_the_plan_already_has_is_a_form_error(world: World) -> None:
    plan = _plan(world)
    client = Client()
    client.force_login(world.tpps)
    form = {k: str(v) for k, v in _values().items()}
    for field in ("target_volume", "realised_volume", "target_rp", "realised_rp"):
        for q in (1, 2, 3, 4):
            form.setdefault(f"{field}_{q}", "0")
    response = client.post(f"/workplan/{plan.pk}/add/", form)
    assert response.status_code == 200
    assert plan.sub_activities.count() == 1


def _routine_counted_year_by_year(user: object, region: Region, today: date) -> dict[int, Measured]:
    """The routine figures as the page first counted them: two counts per year."""
    prevalence = stunting_by_year(user=user, region=region)  # type: ignore[arg-type]
    people = person_list(user=user).filter(  # type: ignore[arg-type]
        subtree("posyandu__kelurahan__code", region.code)
    )
    at_the_areas = Measurement.objects.filter(
        subtree("posyandu__kelurahan__code", region.code), child=OuterRef("pk")
    )
    out = {}
    for year, value in prevalence.items():
        registered = people.under_five(on=min(date(year, 12, 31), today))
        measured = registered.filter(Exists(at_the_areas.filter(measured_on__year=year)))
        out[year] = Measured(value, sipd.percent(measured.count(), registered.count()))
    return out


def test_routine_coverage_of_every_year_is_counted_as_year_by_year(world: World) -> None:
    measured_children(
        world, posyandu=world.posyandu_a, count=8, seed=21, days=(date(2025, 11, 4), AUGUST[0])
    )
    measured_children(world, posyandu=world.posyandu_a, count=3, seed=22, days=(date(2025, 12, 1),))
    measured_children(world, posyandu=world.posyandu_b, count=5, seed=23, days=(AUGUST[1],))
    # registered at posyandu A, measured at B only: not measured at kelurahan A's posyandu
    moved = measured_children(world, posyandu=world.posyandu_b, count=2, seed=24, days=AUGUST)
    for child in moved:
        child.posyandu = world.posyandu_a
        child.save()
    for _ in range(4):  # registered, never measured
        ChildFactory(
            family=FamilyFactory(kelurahan=world.kelurahan_a),
            posyandu=world.posyandu_a,
            birth_date=date(2023, 5, 1),
        )
    today = timezone.localdate()
    for user, region in (
        (world.tpps, world.kota),
        (world.tpps, world.kelurahan_a),
        (world.puskesmas, world.kota),
    ):
        routine = _routine(user, region, today)
        assert routine == _routine_counted_year_by_year(user, region, today)
    kota = _routine(world.tpps, world.kota, today)
    assert set(kota) == {2025, 2026}
    assert kota[2026].coverage != _routine(world.tpps, world.kelurahan_a, today)[2026].coverage
