"""An e-PPGBM weight of ``140`` means the same everywhere: taken for grams (0.14 kg) with the
warning, then left out as implausible for a child (never stored as 140 kg), in the web upload
and in the command alike (one rule, ``tumbuh.ingest.eppgbm.MAX_WEIGHT_KG``)."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.apps.conftest import World
from tests.ingest.eppgbm_files import HEADER, row, write_export
from tumbuh.cli import main
from tumbuh.imports.models import ImportJob
from tumbuh.measurements.models import Measurement

ROWS = [row(Nama="Seratus Empat Puluh", Berat="140")]


def _stored() -> Measurement:
    return Measurement.objects.get(child__name="Seratus Empat Puluh")


def test_the_command_reads_140_as_grams_with_the_warning(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_export(tmp_path / "export.csv", ROWS)
    report = tmp_path / "report.csv"
    argv = ["import", "eppgbm", str(source), "--region", "71.72", "--user", "root"]
    assert main([*argv, "--rejects", str(report), "--lang", "en"]) == 0
    capsys.readouterr()
    reasons = " ".join(str(r) for r in pl.read_csv(report)["reasons"].to_list())
    assert _stored().weight_kg is None
    assert _stored().lenhei_cm is not None  # the row is kept, with its height
    assert "140 looks like grams, read as 0.14 kg" in reasons
    assert "0.14 is outside 0.5-60, left out" in reasons


def test_the_web_upload_reads_140_the_same_way(world: World, client: Client) -> None:
    buffer = io.BytesIO()
    pl.DataFrame(ROWS, schema=dict.fromkeys(HEADER, pl.String)).write_csv(buffer)
    upload = SimpleUploadedFile("eppgbm.csv", buffer.getvalue(), content_type="text/csv")
    client.force_login(world.puskesmas)
    client.post("/imports/", {"kind": "eppgbm", "file": upload}, follow=True)
    assert ImportJob.objects.get().status == "done"
    assert _stored().weight_kg is None
    assert _stored().lenhei_cm is not None
