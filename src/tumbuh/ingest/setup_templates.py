"""The downloadable templates of the set-up files (facilities, decree annexes): an example row
and a sheet explaining each column."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import polars as pl

from tumbuh.ingest import facilities, teams, users


def _workbook(
    columns: Mapping[str, str], example: Mapping[str, str], required: Sequence[str]
) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as workbook:
        pl.DataFrame([dict(example)], schema=dict.fromkeys(columns, pl.String)).write_excel(
            workbook, worksheet="data", autofit=True
        )
        pl.DataFrame(
            {
                "Kolom": list(columns),
                "Isi": list(columns.values()),
                "Wajib": ["ya" if c in required else "" for c in columns],
            }
        ).write_excel(workbook, worksheet="petunjuk", autofit=True)
    return buffer.getvalue()


def facilities_template_xlsx() -> bytes:
    return _workbook(
        facilities.COLUMNS, facilities.EXAMPLE, ("Puskesmas", "Kecamatan", "Desa/Kelurahan")
    )


def teams_template_xlsx() -> bytes:
    return _workbook(teams.COLUMNS, teams.EXAMPLE, teams.REQUIRED_HEADERS)


def users_template_xlsx() -> bytes:
    return _workbook(users.COLUMNS, users.EXAMPLE, users.REQUIRED_HEADERS)
