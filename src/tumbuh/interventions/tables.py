"""Scorecard tables ready to show or export: kelurahan names, office names, percentages."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import polars as pl
from django.utils.translation import get_language, gettext_lazy

from tumbuh.accounts.permissions import Permission, has_permission, office_of
from tumbuh.accounts.scope import AnyUser, mask_nik
from tumbuh.convergence import Coverage, Scorecard
from tumbuh.convergence.catalogue import (
    CATALOGUE,
    OFFICE_NAMES,
    Intervention,
    Office,
    Source,
    by_code,
)
from tumbuh.imports.child_matching import batched
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family, Person


def _summed(card: Scorecard | Coverage) -> Coverage:
    return card.coverage() if isinstance(card, Scorecard) else card


def by_kelurahan(card: Scorecard | Coverage, region: Region) -> pl.DataFrame:
    """One row per kelurahan under ``region`` (also those with no target yet)."""
    kelurahan = (
        Region.objects.filter(code__startswith=region.code + ".", level="desa_kelurahan")
        .order_by("code")
        .values_list("code", "name")
    )
    names = pl.DataFrame(
        list(kelurahan), schema={"kelurahan": pl.String, "name": pl.String}, orient="row"
    )
    if region.level == "desa_kelurahan":
        names = pl.DataFrame({"kelurahan": [region.code], "name": [region.name]})
    summary = _summed(card).by_kelurahan()
    return names.join(summary, on="kelurahan", how="left").with_columns(
        pl.col("targets", "due", "received").fill_null(0)
    )


def percent_columns(table: pl.DataFrame) -> list[str]:
    """The columns of a scorecard table that hold percentages (0-100): the percent complete of
    the area and of each office."""
    return [c for c in table.columns if c == "percent_complete" or c.endswith("_percent")]


def by_kelurahan_and_office(card: Scorecard | Coverage, region: Region) -> pl.DataFrame:
    """``by_kelurahan`` with the percent complete of each office (``<office>_percent``)."""
    summed = _summed(card)
    table = by_kelurahan(summed, region)
    if not summed.due:
        return table
    offices = summed.by_kelurahan_and_office().pivot(
        on="office", index="kelurahan", values="percent", sort_columns=True
    )
    return table.join(
        offices.rename({c: f"{c}_percent" for c in offices.columns if c != "kelurahan"}),
        on="kelurahan",
        how="left",
    )


#: What counts as received, as the scorecard page says it (the catalogue's ``satisfied_by``).
SOURCE_LABELS = {
    Source.DELIVERY: gettext_lazy("a recorded or imported delivery"),
    Source.MEASUREMENT: gettext_lazy("any measurement this month (entered or imported)"),
    Source.VISIT: gettext_lazy("a TPK visit, or a recorded delivery"),
}


def by_intervention(card: Scorecard | Coverage) -> list[dict[str, object]]:
    """Per intervention: due, received, percent complete, and what counts as received."""
    summed = _summed(card)
    catalogue = by_code(summed.catalogue)
    return [
        {
            **row,
            "name": intervention_name(row["intervention"], summed.catalogue),
            "source": SOURCE_LABELS[catalogue[row["intervention"]].satisfied_by],
        }
        for row in summed.by_intervention().iter_rows(named=True)
    ]


def intervention_name(code: str, catalogue: Sequence[Intervention] = CATALOGUE) -> str:
    """An intervention's name in the active language (Indonesian unless English is chosen), in
    the region's ``catalogue`` (the national one when not given)."""
    found = by_code(catalogue).get(code)
    if found is None:
        return code
    return found.name_en if (get_language() or "id").startswith("en") else found.name_id


def by_office(card: Scorecard | Coverage) -> list[dict[str, object]]:
    return [
        {**row, "office_name": OFFICE_NAMES.get(Office(row["office"]), row["office"])}
        for row in _summed(card).by_office().iter_rows(named=True)
    ]


#: The gap list's columns, in this order (the same in every language: scripts read them).
GAP_COLUMNS = (
    "intervention",
    "nik",
    "no_kk",
    "nama",
    "kelurahan",
    "alamat",
    "rt",
    "rw",
    "intervensi",
    "sasaran",
    "kecamatan",
    "kode_kelurahan",
)
#: Characters Excel refuses in a sheet name, and its longest sheet name.
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31


def sheet_name(text: str) -> str:
    """``text`` as Excel accepts a sheet name (e.g. "PUPR / Perkim" -> "PUPR - Perkim")."""
    name = SHEET_FORBIDDEN.sub("-", text).strip("' ")[:SHEET_NAME_LENGTH]
    return name or "tumbuh"


def identifiers_shown(user: AnyUser, office: str) -> bool:
    """Whether the gap list shows whole NIKs and No. KKs: to whoever sees whole NIKs anyway, and
    to an office's own accounts on its own list (it needs them to deliver); masked otherwise."""
    return has_permission(user, Permission.VIEW_FULL_NIK) or office_of(user) == office


def _registry_facts(gaps: pl.DataFrame) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """NIK by person target id, and No. KK, address, RT, RW, kelurahan by family id: fetched
    by primary key in batches (a page's or a file's rows, never one statement of them all)."""
    people = sorted({int(t[1:]) for t in gaps["target_id"].to_list() if t.startswith("p")})
    families = sorted({int(f[1:]) for f in gaps["family_id"].to_list() if f})
    nik: dict[str, str] = {}
    homes: dict[str, dict[str, str]] = {}
    for batch in batched(people):
        for pk, value in Person.objects.filter(pk__in=batch).values_list("pk", "nik"):
            nik[f"p{pk}"] = value or ""
    fields = ("pk", "kk_number", "address", "rt", "rw", "kelurahan_id")
    for batch in batched(families):
        for row in Family.objects.filter(pk__in=batch).values_list(*fields):
            homes[f"f{row[0]}"] = {k: str(v) for k, v in zip(fields, row, strict=True)}
    return nik, homes


def gap_list(card: Scorecard, *, office: str, user: AnyUser) -> pl.DataFrame:
    """The by-name list of one office's gaps: one row per target and intervention still due,
    with what the office needs to find them (``GAP_COLUMNS``)."""
    rows = gap_rows(card, office=office, user=user)
    return pl.DataFrame(
        [{column: row[column] for column in GAP_COLUMNS} for row in rows],
        schema=dict.fromkeys(GAP_COLUMNS, pl.String),
    )


def gap_count(card: Scorecard, *, office: str) -> int:
    """How many rows the office's gap list has."""
    return card.gaps(office=office).height if card.expected.height else 0


def gap_rows(
    card: Scorecard, *, office: str, user: AnyUser, offset: int = 0, limit: int | None = None
) -> list[dict[str, str]]:
    """``gap_list``'s rows as dicts, each with its ``target_id`` too (the gap page's buttons);
    ``offset`` and ``limit``: one page of them."""
    gaps = card.gaps(office=office) if card.expected.height else pl.DataFrame()
    if not gaps.height:
        return []
    gaps = gaps.slice(offset, limit)
    if not gaps.height:
        return []
    nik, homes = _registry_facts(gaps)
    codes = {h["kelurahan_id"] for h in homes.values()}
    codes |= {c.rsplit(".", 1)[0] for c in codes}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    show: Callable[[str | None], str] = (
        (lambda value: value or "") if identifiers_shown(user, office) else mask_nik
    )
    rows = []
    for gap in gaps.iter_rows(named=True):
        home = homes.get(gap["family_id"], {})
        kelurahan = home.get("kelurahan_id", gap["kelurahan"] or "")
        person = gap["target_id"].startswith("p")
        rows.append(
            {
                "target_id": gap["target_id"],
                "intervention": gap["intervention"],
                "nik": show(nik.get(gap["target_id"])) if person else "",
                "no_kk": show(home.get("kk_number")) if home.get("kk_number") else "",
                "nama": gap["name"],
                "kelurahan": names.get(kelurahan, kelurahan),
                "alamat": home.get("address", ""),
                "rt": home.get("rt", ""),
                "rw": home.get("rw", ""),
                "intervensi": gap["intervention_name"],
                "sasaran": gap["sasaran"],
                "kecamatan": names.get(kelurahan.rsplit(".", 1)[0], ""),
                "kode_kelurahan": kelurahan,
            }
        )
    return rows
