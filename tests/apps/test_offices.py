"""Each office at the table: its dashboard (coverage, open gaps, deliveries, trend), the exchange
log (gap lists out, delivery files in, by web and CLI), the gap list PDF and the import template."""

from __future__ import annotations

import io
import os
from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tests.apps.conftest import PASSWORD, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.cli import main
from tumbuh.imports.delivery_services import deliveries_import
from tumbuh.offices.models import ExchangeEvent
from tumbuh.offices.selectors import TREND_MONTHS, month_ends
from tumbuh.offices.templates_files import COLUMNS

KK = ("7172010101010001", "7172010101010002")


def _setting(world: World) -> User:
    for number, kk in enumerate(KK):
        family = FamilyFactory(
            kelurahan=world.kelurahan_a, kk_number=kk, welfare_decile=2, head_name=f"K{number}"
        )
        ChildFactory(family=family, posyandu=world.posyandu_a)
    return user_create(
        username="dinsos", password=PASSWORD, role=Role.OFFICE, region=world.kota, office="dinsos"
    )


def _gaps(tmp_path: Path) -> pl.DataFrame:
    out = tmp_path / "gaps.csv"
    argv = ["report", "gaps", "--region", "71.72", "--office", "dinsos", "-o", str(out)]
    assert main([*argv, "--user", "dinsos"]) == 0
    return pl.read_csv(out, infer_schema=False)


def test_the_office_dashboard_shows_coverage_gaps_deliveries_and_the_exchange_log(
    world: World, tmp_path: Path
) -> None:
    _setting(world)
    before = _gaps(tmp_path)
    assert before.height == 6  # pkh, bpnt, pbi_jkn for each of the two families
    source = tmp_path / "pemberian.csv"
    day = timezone.localdate().isoformat()
    pl.DataFrame({"No KK": [KK[0]], "Intervensi": ["pkh"], "Tanggal": [day]}).write_csv(source)
    argv = ["import", "deliveries", str(source), "--region", "71.72", "--user", "dinsos"]
    assert main(argv) == 0
    client = Client()
    client.force_login(User.objects.get(username="dinsos"))
    response = client.get("/offices/dinsos/?region=71.72")
    assert response.status_code == 200
    context = response.context
    assert (context["due"], context["open_gaps"]) == (6, 5)
    assert [(r["intervention"], r["count"]) for r in context["delivered"]] == [("pkh", 1)]
    trend = context["trend"]
    assert len(trend) == TREND_MONTHS
    assert (trend[-1].due, trend[-1].received) == (6, 1)
    pasir = next(r for r in context["kelurahan"] if r["kelurahan"] == world.kelurahan_a.code)
    assert (pasir["due"], pasir["received"]) == (6, 1)
    events = [
        (e.direction, e.channel, e.file_format, e.rows, e.user.username)
        for e in context["exchanges"]
    ]
    assert events == [
        ("import", "cli", "csv", 1, "dinsos"),
        ("export", "cli", "csv", 6, "dinsos"),
    ]
    page = response.content.decode()
    assert "pemberian.csv" in page
    assert "/convergence/gaps/dinsos/list/?region=71.72.01.1001" in page


def test_the_trend_reads_each_month_as_it_was(world: World) -> None:
    today = timezone.localdate()
    ends = month_ends(today)
    assert ends[-1] == today
    assert all(e.month != (e + timedelta(days=1)).month for e in ends[:-1])  # month ends
    assert len(set(ends)) == TREND_MONTHS


def test_an_office_reaches_its_own_dashboard_only(world: World) -> None:
    dinsos = _setting(world)
    client = Client()
    client.force_login(dinsos)
    assert client.get("/offices/").url == "/offices/dinsos/"  # type: ignore[attr-defined]
    assert client.get("/offices/dinkes/?region=71.72").status_code == 403
    assert client.get("/offices/nowhere/?region=71.72").status_code == 404


def test_the_tpps_chooses_an_office(world: World) -> None:
    client = Client()
    client.force_login(world.tpps)
    page = client.get("/offices/?region=71.72").content.decode()
    assert "BPJS Kesehatan" in page
    assert "Dinas Sosial" in page
    assert client.get("/offices/bpjs/?region=71.72").status_code == 200


def test_a_gap_list_downloaded_on_the_web_is_logged(world: World) -> None:
    dinsos = _setting(world)
    client = Client()
    client.force_login(dinsos)
    response = client.get("/convergence/gaps/dinsos/?region=71.72&format=xlsx")
    assert response.status_code == 200
    event = ExchangeEvent.objects.get()
    assert (event.office, event.direction, event.channel, event.file_format, event.rows) == (
        "dinsos",
        "export",
        "web",
        "xlsx",
        6,
    )


def test_the_gap_list_downloads_as_a_pdf_with_nik_and_no_kk(world: World) -> None:
    pytest.importorskip("weasyprint")
    dinsos = _setting(world)
    client = Client()
    client.force_login(dinsos)
    response = client.get("/convergence/gaps/dinsos/?region=71.72&format=pdf")
    if response.status_code == 503 and not os.environ.get("CI"):
        pytest.skip("Pango is not installed here (CI installs it)")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert ExchangeEvent.objects.get().file_format == "pdf"


def test_the_delivery_template_is_what_the_import_reads(world: World, tmp_path: Path) -> None:
    dinsos = _setting(world)
    client = Client()
    client.force_login(dinsos)
    csv = client.get("/offices/template.csv")
    assert csv.status_code == 200
    table = pl.read_csv(io.BytesIO(csv.content), infer_schema=False)
    assert tuple(table.columns) == COLUMNS
    assert set(table["Intervensi"]) <= {"pkh", "bpnt", "pbi_jkn"}  # its own office's codes
    xlsx = client.get("/offices/template.xlsx")
    assert tuple(pl.read_excel(io.BytesIO(xlsx.content)).columns) == COLUMNS
    source = tmp_path / "template.csv"
    source.write_bytes(csv.content)
    result = deliveries_import(
        user=dinsos, path=source, region=world.kota, today=timezone.localdate()
    )
    # the example's made-up No. KK is nobody's: read and rejected with that reason
    assert [r.reasons[0].code for r in result.rejected] == ["unknown_kk"]
    upload = client.get("/imports/").content.decode()
    assert "/offices/template.csv" in upload


def test_the_gap_page_shows_dinsos_the_no_kk_and_the_tpps_it_masked(world: World) -> None:
    dinsos = _setting(world)
    url = f"/convergence/gaps/dinsos/list/?region={world.kelurahan_a.code}"
    client = Client()
    client.force_login(dinsos)
    assert KK[0] in client.get(url).content.decode()
    client.force_login(world.tpps)
    page = client.get(url).content.decode()
    assert KK[0] not in page
    assert "K0" in page  # by name, the number masked to its region digits
