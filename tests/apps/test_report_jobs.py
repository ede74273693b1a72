"""Big reports are prepared by a worker: asked for on the page, watched, downloaded by their
owner only; a job whose worker died shows as failed."""

from __future__ import annotations

from django.test import Client

from tests.apps.conftest import World
from tumbuh.accounts.models import Action, AuditEvent
from tumbuh.interventions.models import ReportJob, ReportJobStatus
from tumbuh.interventions.report_jobs import report_file, report_job_settle


def _ask(client: Client, **fields: str) -> ReportJob:
    response = client.post("/convergence/reports/", fields)
    assert response.status_code == 302
    return ReportJob.objects.latest("pk")


def test_a_gap_list_is_prepared_by_a_job_and_downloaded_by_its_owner(
    world: World, client: Client
) -> None:
    client.force_login(world.tpps)
    job = _ask(client, kind="gaps_csv", region=world.kota.code, office="dinsos")
    job.refresh_from_db()
    assert job.status == ReportJobStatus.DONE  # the test settings run tasks at once
    page = client.get(f"/convergence/reports/{job.pk}/").content.decode()
    assert f"/convergence/reports/{job.pk}/file" in page
    download = client.get(f"/convergence/reports/{job.pk}/file")
    assert download.status_code == 200
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    direct = client.get(f"/convergence/gaps/dinsos/?region={world.kota.code}").content
    assert content == direct  # the same file as the page would send at once
    assert report_file(job).stat().st_mode & 0o777 == 0o600
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_id=str(job.pk)).exists()


def test_someone_else_cannot_see_or_download_the_report(world: World, client: Client) -> None:
    client.force_login(world.tpps)
    job = _ask(client, kind="gaps_xlsx", region=world.kota.code, office="dinsos")
    other = Client()
    other.force_login(world.admin)
    assert other.get(f"/convergence/reports/{job.pk}/").status_code == 404
    assert other.get(f"/convergence/reports/{job.pk}/file").status_code == 404


def test_an_area_outside_the_scope_cannot_be_asked_for(world: World, client: Client) -> None:
    client.force_login(world.kader)
    response = client.post(
        "/convergence/reports/", {"kind": "scorecard_pdf", "region": world.kelurahan_b.code}
    )
    assert response.status_code == 403
    assert not ReportJob.objects.exists()


def test_an_office_cannot_ask_for_another_offices_gap_list(world: World, client: Client) -> None:
    from tumbuh.accounts.models import Role
    from tumbuh.accounts.services import user_create

    dinsos = user_create(
        username="dinsos",
        password="a-long-test-password",
        role=Role.OFFICE,
        region=world.kota,
        office="dinsos",
    )
    client.force_login(dinsos)
    response = client.post(
        "/convergence/reports/", {"kind": "gaps_csv", "region": world.kota.code, "office": "dinkes"}
    )
    assert response.status_code == 403


def test_a_job_whose_worker_died_shows_as_failed(world: World) -> None:
    import socket

    job = ReportJob.objects.create(
        owner=world.admin,
        kind="scorecard_pdf",
        region=world.kota,
        status=ReportJobStatus.RUNNING,
        worker_pid=2**22 + 12345,  # no such process
        worker_host=socket.gethostname(),
    )
    assert report_job_settle(job).status == ReportJobStatus.FAILED
    assert job.message
