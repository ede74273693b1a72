"""The permission table, walked: every URL of the site as every persona.

Every URL must name the permission that opens it (or be one of the few public ones). Then each
persona opens each URL about objects of area A: a role without the permission is refused; one with
it gets the page when A is in its scope, and is refused when it is not. The outsiders (area B) are
always refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.apps.conftest import PASSWORD, World, pg_sample
from tumbuh.accounts.models import Role
from tumbuh.accounts.permissions import (
    RIGHTS,
    SCOPES,
    Permission,
    ScopeKind,
    has_permission,
    in_scope,
    office_of,
    require,
)
from tumbuh.accounts.services import user_create
from tumbuh.campaigns.models import Campaign
from tumbuh.casework.models import KpmAssignment
from tumbuh.imports.jobs import report_path
from tumbuh.imports.models import ImportJob
from tumbuh.interventions.models import LokusList, ReportJob
from tumbuh.interventions.report_jobs import report_file
from tumbuh.measurements.models import Measurement
from tumbuh.partners.models import Partner
from tumbuh.regions.models import Region
from tumbuh.reporting.models import Deadline, Submission
from tumbuh.reporting.selectors import submission_path
from tumbuh.teams.models import Assignment, Team, TeamKind, TeamMember
from tumbuh.workplan.models import SubActivity, WorkPlan

#: URLs anyone may open (they decide nothing about data). The public page and its CSV show
#: aggregates only, small cells suppressed (tests/apps/test_publication.py proves no personal
#: data reaches them). The API's OpenAPI document describes the endpoints only (each endpoint
#: asks the table itself); OAuth2's token endpoint authenticates the client itself.
PUBLIC = {
    "accounts:login",
    "accounts:logout",
    "set_language",
    "publication:index",
    "publication:data",
    "api:schema",
    "api:oauth_token",
    "field:manifest",
}


#: URLs about Dinas Sosial's gaps: another office's people (the puskesmas: Dinkes) are refused.


@dataclass
class Cast:
    world: World
    personas: dict[str, User]
    #: personas whose scope holds area A's objects (posyandu A, child A, family A)
    sees_a: set[str]
    measurement_a: Measurement
    job: ImportJob
    report: ReportJob
    deadline: Deadline
    submission: Submission


def _walk(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found: list[tuple[str, URLPattern]] = []
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            space = f"{item.namespace}:" if item.namespace else prefix
            found.extend(_walk(item, space if item.namespace else prefix))
        elif item.name:
            found.append((f"{prefix}{item.name}", item))
    return found


def _site_urls() -> dict[str, URLPattern]:
    return {name: p for name, p in _walk(get_resolver()) if not name.startswith("tumbuh_admin:")}


@pytest.fixture
def cast(world: World) -> Cast:
    kec_a = world.kelurahan_a.parent
    assert kec_a is not None
    make = user_create
    personas = {
        "admin": world.admin,
        "tpps": world.tpps,
        "kecamatan": make(username="kec_a", password=PASSWORD, role=Role.KECAMATAN, region=kec_a),
        "puskesmas": world.puskesmas,
        "kader": world.kader,
        "tpk": make(username="tpk_a", password=PASSWORD, role=Role.TPK, region=world.kelurahan_a),
        "office": make(
            username="dinsos",
            password=PASSWORD,
            role=Role.OFFICE,
            region=world.kota,
            office="dinsos",
        ),
        "pkh": make(username="pkh_a", password=PASSWORD, role=Role.PKH, region=world.kelurahan_a),
        "tksk": make(username="tksk_a", password=PASSWORD, role=Role.TKSK, region=kec_a),
        "lurah": make(
            username="lurah_a", password=PASSWORD, role=Role.LURAH, region=world.kelurahan_a
        ),
        "partner": make(username="mitra", password=PASSWORD, role=Role.PARTNER, region=world.kota),
        **{
            f"office_{code}": make(
                username=code, password=PASSWORD, role=Role.OFFICE, region=world.kota, office=code
            )
            for code in OTHER_OFFICES
        },
        "outsider": world.outsider,
        "outsider_tpk": world.outsider_tpk,
        "outsider_lurah": make(
            username="lurah_b", password=PASSWORD, role=Role.LURAH, region=world.kelurahan_b
        ),
    }
    team = Team.objects.create(kind=TeamKind.TPK, name="TPK A", region=world.kelurahan_a)
    TeamMember.objects.create(team=team, name="Bidan A", position="bidan", user=personas["tpk"])
    Assignment.objects.create(family=world.child_a.family, team=team, since=date(2026, 1, 1))
    KpmAssignment.objects.create(
        family=world.child_a.family, facilitator=personas["pkh"], since=date(2026, 1, 1)
    )
    mitra = Partner.objects.create(name="PT Mitra A", kind="perusahaan", region=world.kota)
    mitra.accounts.add(personas["partner"])
    measurement = Measurement.objects.create(
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=date(2026, 2, 1),
        age_days=400,
        weight_kg=Decimal("9.1"),
        lenhei_cm=Decimal("74.0"),
        position="L",
    )
    job = ImportJob.objects.create(
        owner=world.admin, kind="eppgbm", file_name="a.csv", region=world.kota
    )
    # area A's lokus list of next year (the page of a saved list)
    LokusList.objects.create(
        region=world.kelurahan_a, year=2027, weights={}, saved_at=datetime.now(UTC)
    )
    Campaign.objects.create(
        name="Operasi Timbang A",
        region=world.kelurahan_a,
        start=date(2026, 2, 1),
        end=date(2026, 2, 28),
    )
    report_path(job).write_bytes(b"row,status\n")  # its rejection report, for its owner
    report = ReportJob.objects.create(
        owner=world.admin,
        kind="gaps_csv",
        region=world.kota,
        office="dinsos",
        status="done",
        file_name="kesenjangan.csv",
        content_type="text/csv",
    )
    report_file(report).write_bytes(b"intervention,nama\n")  # for its owner only
    plan = WorkPlan.objects.create(region=world.kota, office="dinsos", year=2026)
    SubActivity.objects.create(
        plan=plan, code="1.06.04.2.01.0003", name="Verval DTSEN", budget_rp=1000
    )
    deadline = Deadline.objects.create(
        region=world.kelurahan_a,
        code="laporan-desa",
        title="Laporan desa",
        office="dinsos",
        opens_month=1,
        opens_day=1,
        due_month=1,
        due_day=31,
    )
    submission = Submission.objects.create(
        deadline=deadline,
        region=world.kelurahan_a,
        period="2026",
        submitted_on=date(2026, 1, 30),
        file_name="laporan.pdf",
    )
    submission_path(submission).write_bytes(b"%PDF-1.4")  # for those in scope
    sees_a = set(personas) - {"outsider", "outsider_tpk", "outsider_lurah"}
    return Cast(world, personas, sees_a, measurement, job, report, deadline, submission)


def _paths(cast: Cast) -> dict[str, str]:
    """One path per URL name, about area A's objects."""
    w = cast.world
    team_a = Team.objects.get(name="TPK A").pk
    member_a = TeamMember.objects.get(name="Bidan A").pk
    return {
        "home": "/",
        "poverty:dashboard": f"/kemiskinan/?region={w.kelurahan_a.code}",
        "poverty:errors": f"/kemiskinan/program/pkh/?region={w.kelurahan_a.code}",
        "poverty:household": f"/kemiskinan/keluarga/{w.child_a.family_id}/",
        "accounts:audit": "/accounts/audit/",
        "accounts:password_change": "/accounts/password/",
        "registry:people": "/people/",
        "registry:child_add": f"/people/posyandu/{w.posyandu_a.pk}/add-child/",
        "registry:sasaran_add": f"/people/{w.child_a.pk}/sasaran/",
        "registry:duplicates": f"/people/posyandu/{w.posyandu_a.pk}/duplicates/",
        "measurements:session": f"/measurements/posyandu/{w.posyandu_a.pk}/",
        "measurements:child": f"/measurements/child/{w.child_a.pk}/",
        "measurements:measure": f"/measurements/child/{w.child_a.pk}/measure/",
        "measurements:result": f"/measurements/{cast.measurement_a.pk}/",
        "measurements:correct": f"/measurements/{cast.measurement_a.pk}/correct/",
        "measurements:worklists": "/measurements/worklists/",
        "measurements:worklists_export": "/measurements/worklists/export.csv",
        "measurements:worklists_export_xlsx": "/measurements/worklists/export.xlsx",
        "dashboard:index": f"/dashboard/?region={w.kelurahan_a.code}",
        "interventions:scorecard": f"/convergence/?region={w.kelurahan_a.code}",
        "interventions:gaps": f"/convergence/gaps/dinsos/?region={w.kelurahan_a.code}",
        "interventions:gap_page": f"/convergence/gaps/dinsos/list/?region={w.kelurahan_a.code}",
        "interventions:lokus": f"/convergence/lokus/?region={w.kelurahan_a.code}",
        "interventions:lokus_list": f"/convergence/lokus/{_lokus_list_a(w)}/",
        "interventions:targets": f"/convergence/targets/?region={w.kelurahan_a.code}",
        "teams:teams": f"/teams/?region={w.kelurahan_a.code}",
        "teams:coverage": f"/teams/coverage/?region={w.kelurahan_a.code}",
        "teams:village": f"/teams/desa/?region={w.kelurahan_a.code}",
        "teams:assign": "/teams/assign/",
        "teams:team": f"/teams/{team_a}/",
        "teams:reassign": f"/teams/family/{w.child_a.family_id}/reassign/",
        "teams:team_new": "/teams/new/",
        "teams:positions": "/teams/positions/",
        "teams:team_edit": f"/teams/{team_a}/edit/",
        "teams:team_decree": f"/teams/{team_a}/decree/",
        "teams:member_new": f"/teams/{team_a}/members/new/",
        "teams:member_delete": f"/teams/members/{member_a}/remove/",
        "teams:tpk_families": "/teams/tpk/",
        "teams:tpk_family": f"/teams/tpk/family/{w.child_a.family_id}/",
        "imports:upload": "/imports/",
        "imports:template": "/imports/template.xlsx",
        "imports:facilities_template": "/imports/template-facilities.xlsx",
        "imports:teams_template": "/imports/template-teams.xlsx",
        "imports:users_template": "/imports/template-users.xlsx",
        "imports:setup": "/imports/setup/",
        "imports:job": f"/imports/jobs/{cast.job.pk}/",
        "imports:report": f"/imports/jobs/{cast.job.pk}/report",
        "imports:review": "/imports/duplicates/",
        "interventions:report_request": "/convergence/reports/",
        "interventions:report_job": f"/convergence/reports/{cast.report.pk}/",
        "interventions:report_download": f"/convergence/reports/{cast.report.pk}/file",
        "campaigns:index": "/campaigns/",
        "campaigns:detail": f"/campaigns/{_campaign_a(w)}/",
        "campaigns:summary": f"/campaigns/{_campaign_a(w)}/summary/",
        "campaigns:summary_pdf": f"/campaigns/{_campaign_a(w)}/summary.pdf",
        "workplan:index": f"/workplan/?region={w.kelurahan_a.code}",
        "workplan:plan": f"/workplan/{_plan(w).pk}/",
        "workplan:sub_add": f"/workplan/{_plan(w).pk}/add/",
        "workplan:sub_edit": f"/workplan/item/{_plan(w).sub_activities.get().pk}/",
        "workplan:export": f"/workplan/export.xlsx?region={w.kelurahan_a.code}&year=2026",
        "workplan:template": "/workplan/template.xlsx",
        "workplan:upload": f"/workplan/import/?region={w.kelurahan_a.code}",
        "workplan:coverage": f"/workplan/coverage/?region={w.kelurahan_a.code}&year=2026",
        "workplan:surveys": f"/workplan/surveys/?region={w.kelurahan_a.code}",
        "reporting:index": f"/reporting/?region={w.kelurahan_a.code}",
        "reporting:deadline_add": f"/reporting/deadlines/new/?region={w.kelurahan_a.code}",
        "reporting:deadline": f"/reporting/deadlines/{cast.deadline.pk}/",
        "reporting:deadline_edit": f"/reporting/deadlines/{cast.deadline.pk}/edit/",
        "reporting:submission_file": f"/reporting/submissions/{cast.submission.pk}/file",
        "reporting:reports": f"/reporting/reports/?region={w.kelurahan_a.code}",
        "reporting:semester": f"/reporting/reports/semester?region={w.kelurahan_a.code}",
        "reporting:aksi": f"/reporting/reports/aksi?region={w.kelurahan_a.code}&format=csv",
        "api:docs": "/api/v1/docs/",
        "api:tokens": "/api/v1/tokens/",
        "api:token_revoke": "/api/v1/tokens/999999/revoke/",
        "api:regions": "/api/v1/regions/",
        "api:aggregates": f"/api/v1/regions/{w.kelurahan_a.code}/aggregates/",
        "api:dhis2": f"/api/v1/regions/{w.kelurahan_a.code}/dhis2/?period=202602",
        "api:dhis2_adx": f"/api/v1/regions/{w.kelurahan_a.code}/dhis2/adx/?period=202602",
        "api:posyandu": "/api/v1/posyandu/",
        "api:children": "/api/v1/children/",
        "api:child": f"/api/v1/children/{w.child_a.pk}/",
        "api:child_fhir": f"/api/v1/children/{w.child_a.pk}/fhir/",
        "api:mothers": "/api/v1/mothers/",
        "api:families": "/api/v1/families/",
        "api:measurements": "/api/v1/measurements/",
        "api:visits": "/api/v1/visits/",
        "api:interventions": "/api/v1/interventions/",
        "api:deliveries": "/api/v1/deliveries/",
        "api:gaps": f"/api/v1/gaps/dinsos/?region={w.kelurahan_a.code}",
        "api:teams": f"/api/v1/teams/?region={w.kelurahan_a.code}",
        "field:app": "/lapangan/",
        "field:worker": "/lapangan/sw.js",
        "field:tables": "/lapangan/tabel-who.json",
        "field:data": "/lapangan/data/",
        "field:send": "/lapangan/kirim/",
        "field:conflicts": "/lapangan/tinjau/",
        "field:conflict_decide": "/lapangan/tinjau/999999/",
        "casework:families": f"/kpm/?region={w.kelurahan_a.code}",
        "casework:family": f"/kpm/family/{w.child_a.family_id}/",
        "casework:sessions": "/kpm/p2k2/",
        "casework:referrals": "/kpm/referrals/",
        "casework:assign": "/kpm/assign/",
        "partners:index": f"/partners/?region={w.kelurahan_a.code}",
        "catalogue:index": f"/catalogue/?region={w.kelurahan_a.code}",
        "catalogue:add": f"/catalogue/add/?region={w.kelurahan_a.code}",
        "catalogue:entry": f"/catalogue/pkh/?region={w.kelurahan_a.code}",
        "offices:index": f"/offices/?region={w.kelurahan_a.code}",
        "offices:dashboard": f"/offices/dinsos/?region={w.kelurahan_a.code}",
        "offices:delivery_template": "/offices/template.xlsx",
    }


def _plan(world: World) -> WorkPlan:
    """The work plan of Dinas Sosial in the kota (the office persona's own)."""
    return WorkPlan.objects.get(region=world.kota, office="dinsos")


def _lokus_list_a(world: World) -> int:
    return LokusList.objects.get(region=world.kelurahan_a).pk


def _campaign_a(world: World) -> int:
    return Campaign.objects.get(region=world.kelurahan_a).pk


#: URLs that show only the user's own records (no object of area A in them).
OWN_ONLY = {
    "home",
    "accounts:password_change",
    "accounts:audit",
    "registry:people",
    "measurements:worklists",
    "measurements:worklists_export",
    "measurements:worklists_export_xlsx",
    "teams:tpk_families",
    "teams:team_new",
    "teams:positions",
    "imports:upload",
    "imports:template",
    "imports:facilities_template",
    "imports:teams_template",
    "imports:users_template",
    "imports:setup",
    "imports:review",
    "campaigns:index",
    "workplan:template",
    "api:docs",
    "api:tokens",
    "api:regions",
    "api:posyandu",
    "api:children",
    "api:mothers",
    "api:families",
    "api:measurements",
    "api:visits",
    "api:interventions",
    "api:deliveries",
    "field:app",
    "field:worker",
    "field:tables",
    "field:data",
    "field:conflicts",
    "casework:sessions",
    "casework:referrals",
    "casework:assign",
    "offices:delivery_template",
}
#: Offices walked besides Dinas Sosial (the office the walk's office URLs name): each is refused
#: Dinsos' by-name lists and dashboard, and opens everything else its role grants.
OTHER_OFFICES = (
    "dinkes",
    "dp2kb",
    "pupr",
    "disdukcapil",
    "kemenag",
    "pendidikan",
    "koperasi",
    "bpjs",
)
#: URLs about Dinas Sosial's by-name data and its own work: its gap lists and dashboard, the
#: sub-activities of its work plan (another office reads the plan but does not edit it), the
#: caseloads of its PKH facilitators and PKH's targeting errors. Any other office is refused.
DINSOS_ONLY = {
    "poverty:errors",
    "interventions:gaps",
    "interventions:gap_page",
    "offices:dashboard",
    "api:gaps",
    "workplan:sub_add",
    "workplan:sub_edit",
    "casework:families",
    "casework:family",
    "casework:sessions",
    "casework:referrals",
    "casework:assign",
}
#: URLs that answer a GET with 405 (POST only) to whoever may use them.
POST_ONLY = {
    "api:token_revoke",
    "interventions:report_request",
    "field:send",
    "field:conflict_decide",
    "teams:assign",
    "teams:reassign",
    "teams:member_delete",
}
#: URLs of objects only their owner reaches (an import job belongs to its uploader).
OWNER_ONLY = {
    "imports:job",
    "imports:report",
    "interventions:report_job",
    "interventions:report_download",
}


def test_every_url_of_the_site_names_the_permission_that_opens_it() -> None:
    uncovered = [
        name
        for name, pattern in _site_urls().items()
        if name not in PUBLIC and not getattr(pattern.callback, "permissions", None)
    ]
    assert uncovered == []


def test_the_walk_knows_a_path_for_every_url(cast: Cast) -> None:
    assert set(_site_urls()) - PUBLIC == set(_paths(cast))


def test_every_role_has_a_scope_rule_and_a_row_in_the_table() -> None:
    assert set(RIGHTS) == set(Role) == set(SCOPES)


#: Every role once, and one outsider, walk on PostgreSQL too; the repeats of a role (the other
#: offices, the outsiders of other roles) on SQLite only: their queries are those of the sample.
ROLES_ONCE = (
    "admin",
    "tpps",
    "kecamatan",
    "puskesmas",
    "kader",
    "tpk",
    "office",
    "pkh",
    "tksk",
    "lurah",
    "partner",
    "outsider",
)


@pytest.mark.parametrize(
    "persona",
    pg_sample(
        [
            *ROLES_ONCE,
            "outsider_tpk",
            "outsider_lurah",
            *(f"office_{code}" for code in OTHER_OFFICES),
        ],
        set(ROLES_ONCE),
    ),
)
def test_every_persona_walks_every_url(cast: Cast, persona: str) -> None:
    user = cast.personas[persona]
    client = Client()
    client.force_login(user)
    wrong: list[str] = []
    for name, path in _paths(cast).items():
        permissions = _site_urls()[name].callback.permissions  # type: ignore[attr-defined]
        allowed = any(has_permission(user, p) for p in permissions)
        status = client.get(path).status_code
        if not allowed or (name in DINSOS_ONLY and office_of(user) not in (None, "dinsos")):
            expected = {403}  # Dinas Sosial's; another office (the puskesmas: Dinkes) is refused
        elif name in OWNER_ONLY:
            expected = {200} if user == cast.job.owner else {404}
        elif name in POST_ONLY:
            expected = {405}
        elif name in OWN_ONLY or persona in cast.sees_a:
            expected = {200, 302}
        else:
            expected = {403, 404}
        if status not in expected:
            wrong.append(f"{name}: {status}, expected {sorted(expected)}")
    assert wrong == []


@pytest.mark.parametrize("persona", ["kader", "puskesmas", "tpk", "pkh", "tksk", "lurah"])
def test_a_persona_of_area_a_is_refused_every_object_of_area_b(cast: Cast, persona: str) -> None:
    w = cast.world
    user = cast.personas[persona]
    client = Client()
    client.force_login(user)
    measurement_b = Measurement.objects.create(
        child=w.child_b,
        posyandu=w.posyandu_b,
        measured_on=date(2026, 2, 1),
        age_days=400,
        weight_kg=Decimal("9.1"),
        lenhei_cm=Decimal("74.0"),
        position="L",
    )
    lokus_b = LokusList.objects.create(
        region=w.kelurahan_b, year=2027, weights={}, saved_at=datetime.now(UTC)
    )
    paths = [
        f"/convergence/lokus/{lokus_b.pk}/",
        f"/convergence/lokus/{lokus_b.pk}/?format=xlsx",
        f"/people/posyandu/{w.posyandu_b.pk}/add-child/",
        f"/people/{w.child_b.pk}/sasaran/",
        f"/measurements/posyandu/{w.posyandu_b.pk}/",
        f"/measurements/child/{w.child_b.pk}/",
        f"/measurements/child/{w.child_b.pk}/measure/",
        f"/measurements/{measurement_b.pk}/",
        f"/measurements/{measurement_b.pk}/correct/",
        f"/dashboard/?region={w.kelurahan_b.code}",
        f"/dashboard/?posyandu={w.posyandu_b.pk}",
        f"/convergence/?region={w.kelurahan_b.code}",
        f"/convergence/gaps/dinsos/list/?region={w.kelurahan_b.code}",
        f"/teams/?region={w.kelurahan_b.code}",
        f"/teams/tpk/family/{w.child_b.family_id}/",
        f"/kpm/?region={w.kelurahan_b.code}",
        f"/kpm/family/{w.child_b.family_id}/",
        f"/partners/?region={w.kelurahan_b.code}",
        f"/kemiskinan/?region={w.kelurahan_b.code}",
        f"/kemiskinan/program/pkh/?region={w.kelurahan_b.code}",
        f"/kemiskinan/keluarga/{w.child_b.family_id}/",
    ]
    opened = [p for p in paths if client.get(p).status_code not in (403, 404)]
    assert opened == []


def test_an_office_sees_the_gaps_of_its_own_office_only(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.personas["office"])
    code = cast.world.kelurahan_a.code
    assert client.get(f"/convergence/gaps/dinsos/list/?region={code}").status_code == 200
    assert client.get(f"/convergence/gaps/dinkes/list/?region={code}").status_code == 403
    assert client.get(f"/convergence/gaps/dinkes/?region={code}").status_code == 403


def test_an_office_cannot_open_a_childs_growth_page(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.personas["office"])
    assert client.get(f"/measurements/child/{cast.world.child_a.pk}/").status_code == 403


def test_a_pkh_facilitator_records_dinsos_deliveries_but_not_dinkes_ones(cast: Cast) -> None:
    from django.core.exceptions import PermissionDenied

    from tumbuh.interventions.services import delivery_record

    pkh = cast.personas["pkh"]
    family = cast.world.child_a.family
    delivery_record(user=pkh, intervention="pkh", family=family, delivered_on=date(2026, 3, 1))
    with pytest.raises(PermissionDenied):
        delivery_record(
            user=pkh,
            intervention="imunisasi_dasar",
            person=cast.world.child_a,
            delivered_on=date.today(),
        )


def test_services_refuse_by_themselves_whatever_view_calls_them(cast: Cast) -> None:
    from django.core.exceptions import PermissionDenied

    from tumbuh.measurements.services import measurement_record

    with pytest.raises(PermissionDenied):
        measurement_record(
            user=cast.personas["kader"],
            child=cast.world.child_b,
            posyandu=cast.world.posyandu_b,
            measured_on=date(2026, 3, 1),
            weight_kg=Decimal("9"),
            lenhei_cm=Decimal("75"),
            position="L",
        )


def test_require_checks_the_role_and_then_the_scope(cast: Cast) -> None:
    from django.core.exceptions import PermissionDenied

    kader = cast.personas["kader"]
    require(kader, Permission.RECORD_MEASUREMENT, cast.world.child_a)
    with pytest.raises(PermissionDenied):
        require(kader, Permission.RECORD_MEASUREMENT, cast.world.child_b)
    with pytest.raises(PermissionDenied):
        require(kader, Permission.MANAGE_TEAMS)


def test_region_roles_see_their_subtree_and_facility_roles_their_area(cast: Cast) -> None:
    w = cast.world
    kota, kel_a, kel_b = w.kota, w.kelurahan_a, w.kelurahan_b
    assert in_scope(cast.personas["tpps"], kel_b)
    assert in_scope(cast.personas["lurah"], kel_a)
    assert not in_scope(cast.personas["lurah"], kel_b)
    assert not in_scope(cast.personas["lurah"], kota)
    assert in_scope(cast.personas["kader"], kel_a)
    assert not in_scope(cast.personas["kader"], kel_b)
    assert SCOPES[Role.PUSKESMAS] == ScopeKind.PUSKESMAS
    assert isinstance(Region.objects.get(code=kel_a.code), Region)


def test_anonymous_visitors_are_sent_to_the_login_page(cast: Cast) -> None:
    client = Client()
    pages = {n: p for n, p in _paths(cast).items() if n not in API_ENDPOINTS}
    sent = {name: client.get(path).status_code for name, path in pages.items()}
    assert set(sent.values()) == {302}


#: The API's endpoints, which answer anonymous callers 401 (no login page for programs).
API_ENDPOINTS = {
    "api:regions",
    "api:aggregates",
    "api:dhis2",
    "api:dhis2_adx",
    "api:posyandu",
    "api:children",
    "api:child",
    "api:child_fhir",
    "api:mothers",
    "api:families",
    "api:measurements",
    "api:visits",
    "api:interventions",
    "api:deliveries",
    "api:gaps",
    "api:teams",
}


def test_anonymous_programs_are_told_to_authenticate(cast: Cast) -> None:
    client = Client()
    paths = _paths(cast)
    sent = {name: client.get(paths[name]).status_code for name in API_ENDPOINTS}
    assert set(sent.values()) == {401}


def test_the_dashboard_links_up_only_to_an_area_the_user_may_open(cast: Cast) -> None:
    code = cast.world.kelurahan_a.code
    lurah, tpps = Client(), Client()
    lurah.force_login(cast.personas["lurah"])
    tpps.force_login(cast.personas["tpps"])
    up = f'?region={cast.world.kelurahan_a.parent_id}"'
    assert up not in lurah.get(f"/dashboard/?region={code}").content.decode()
    assert up in tpps.get(f"/dashboard/?region={code}").content.decode()


#: Pages a crawl does not open: downloads, exports, the log-out, the admin, the API, the field
#: app's data (web_bench.py's list, so the test and the demo crawl skip the same links).
NOT_PAGES = (
    *("export", "download", "csv", "xlsx", "pdf", "logout", "/api/", "/lapangan/sw"),
    *("/lapangan/data", "/lapangan/tables", "manifest", "/static/", "/media/", "format="),
    *("/admin/", "template"),
)


class _Links(HTMLParser):
    """The site's own links of a page (its <a href="/...">), downloads and the like left out."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/") and not any(w in href for w in NOT_PAGES):
            self.links.append(href.split("#")[0])


def _crawl(client: Client, depth: int = 2) -> list[str]:
    """Every link shown from the home page up to ``depth`` clicks, opened once each: those that
    answer 403, 404 or a server error, with the page that shows them."""
    shown_on = {"/": "the start"}
    frontier, broken = ["/"], []
    for _ in range(depth + 1):
        following: list[str] = []
        for path in frontier:
            response = client.get(path)
            status = response.status_code
            if status in (403, 404) or status >= 500:
                broken.append(f"{status} {path} (on {shown_on[path]})")
            if status != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            parser = _Links()
            parser.feed(response.content.decode())
            for link in parser.links:
                if link not in shown_on:
                    shown_on[link] = path
                    following.append(link)
        frontier = following
    return broken


@pytest.fixture
def crowded(cast: Cast) -> Cast:
    """The cast with objects beyond area A: teams of kelurahan B, of the kecamatan and of the
    kota (one replaced by a new decree), reports due to the province, the kota and kelurahan B
    (late, so they are reminded), a campaign of kelurahan B."""
    w = cast.world
    kec_a = w.kelurahan_a.parent
    province = w.kota.parent
    assert kec_a is not None
    assert province is not None
    w.posyandu_a.puskesmas.kelurahan_served.add(w.kelurahan_a, w.kelurahan_b)
    Team.objects.create(kind=TeamKind.TPK, name="TPK B", region=w.kelurahan_b)
    Team.objects.create(kind=TeamKind.TPPS, name="TPPS Kecamatan A", region=kec_a)
    new = Team.objects.create(kind=TeamKind.TPPS, name="TPPS Kota", region=w.kota)
    Team.objects.create(kind=TeamKind.TPPS, name="TPPS Kota 2025", region=w.kota, replaced_by=new)
    for code, region in (("provinsi", province), ("kota", w.kota), ("desa-b", w.kelurahan_b)):
        Deadline.objects.create(
            region=region,
            code=f"laporan-{code}",
            title=f"Laporan {code}",
            office="dinsos",
            opens_month=1,
            opens_day=1,
            due_month=1,
            due_day=31,
        )
    Campaign.objects.create(
        name="Operasi Timbang B",
        region=w.kelurahan_b,
        start=date(2026, 2, 1),
        end=date(2026, 2, 28),
    )
    return cast


@pytest.mark.slow
@pytest.mark.parametrize(
    "persona",
    pg_sample(
        [*ROLES_ONCE, "outsider_tpk", *(f"office_{code}" for code in OTHER_OFFICES)],
        {"tpps", "kecamatan", "lurah", "puskesmas"},
    ),
)
def test_no_page_shows_a_persona_a_link_it_is_refused(crowded: Cast, persona: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(crowded.personas[persona])
    assert _crawl(client) == []
