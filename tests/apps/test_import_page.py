"""The upload page: results, the rejection report, who may import."""

from __future__ import annotations

import io

import polars as pl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.apps.conftest import World
from tests.ingest.eppgbm_files import HEADER, PITFALLS
from tumbuh.registry.models import Family, Person


def _csv(frame: pl.DataFrame, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="text/csv")


def test_a_puskesmas_officer_imports_an_e_ppgbm_file_and_downloads_the_report(
    world: World, client: Client
) -> None:
    client.force_login(world.puskesmas)
    frame = pl.DataFrame(PITFALLS, schema=dict.fromkeys(HEADER, pl.String))
    page = client.post("/imports/", {"kind": "eppgbm", "file": _csv(frame, "eppgbm.csv")})
    text = page.content.decode()
    assert "rows: 11, new: 7, updated: 0, unchanged: 0, rejected: 4" in text
    report = client.get("/imports/report.xlsx")
    assert report.status_code == 200
    assert (
        pl.read_excel(io.BytesIO(report.content)).filter(pl.col("status") == "rejected").height == 4
    )


def test_the_secretariat_imports_dtsen(world: World, client: Client) -> None:
    client.force_login(world.tpps)
    frame = pl.DataFrame(
        {
            "Nama Kepala Keluarga": ["Budi"],
            "Desa/Kel": ["Pasir Panjang"],
            "Desil": ["3"],
            "PKH": ["Ya"],
        }
    )
    text = client.post(
        "/imports/", {"kind": "dtsen", "file": _csv(frame, "dtsen.csv")}
    ).content.decode()
    assert "rows: 1, new: 1" in text
    assert Family.objects.get(head_name="Budi").welfare_decile == 3


def test_a_file_of_the_wrong_kind_gets_a_field_message_and_stores_nothing(
    world: World, client: Client
) -> None:
    client.force_login(world.puskesmas)
    people = Person.objects.count()
    frame = pl.DataFrame({"a": ["1"]})
    text = client.post(
        "/imports/", {"kind": "eppgbm", "file": _csv(frame, "x.csv")}
    ).content.decode()
    assert "not an e-PPGBM export" in text
    assert Person.objects.count() == people


def test_a_kader_may_not_open_the_import_page(world: World, client: Client) -> None:
    client.force_login(world.kader)
    assert client.get("/imports/").status_code == 403
