"""Read a CSV, XLSX or Parquet file into a polars DataFrame, or say clearly why not."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import polars as pl

from tumbuh.ingest.reasons import Reason, ReasonError, as_text

READABLE = (".csv", ".txt", ".xlsx", ".xls", ".parquet")
#: An XLSX is refused before parsing when it unpacks to more than this many times its size and
#: more than ``MAX_UNPACKED_BYTES`` (a "zip bomb": 7 MB that unpacks to 325 MB took 4.8 GB) ...
MAX_UNPACK_RATIO = 50
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: ... or when a sheet declares more rows than any real export has (Excel itself stops at
#: 1,048,576).
MAX_SHEET_ROWS = 2_000_000
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+(?::[A-Z]+(\d+))?\"")


class FileError(ReasonError):
    """A file that cannot be read or written at all (as opposed to a bad row in it); its reason
    names the file. (A plain message is kept as it is.)"""

    def __init__(self, reason: Reason | str) -> None:
        super().__init__(as_text(reason) if isinstance(reason, str) else reason)


def _read_csv(path: Path) -> pl.DataFrame:
    """Every column as text: the file's own values come out exactly as they went in."""
    sample = path.read_bytes()[:65536].decode("utf-8", errors="replace")
    first_line = sample.splitlines()[0] if sample else ""
    separator = max((",", ";", "\t"), key=first_line.count)
    return pl.read_csv(
        path,
        separator=separator,
        infer_schema=False,
        encoding="utf8-lossy",
        truncate_ragged_lines=False,
    )


def _declared_rows(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> int:
    """The last row a worksheet declares in its ``<dimension ref="A1:K200001">``."""
    with archive.open(member) as sheet:
        head = sheet.read(4096)
    found = _DIMENSION.search(head)
    return int(found.group(1)) if found and found.group(1) else 0


def xlsx_check(path: Path) -> None:
    """Refuse, before parsing, an XLSX whose unpacked size or declared rows are absurd."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            unpacked = sum(m.file_size for m in members)
            if unpacked > MAX_UNPACKED_BYTES and unpacked > MAX_UNPACK_RATIO * path.stat().st_size:
                size, ratio = unpacked // 1_000_000, unpacked // max(path.stat().st_size, 1)
                raise FileError(
                    Reason("xlsx_unpacks_big", str(path), {"size": size, "ratio": ratio})
                )
            for member in members:
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(
                    ".xml"
                ):
                    rows = _declared_rows(archive, member)
                    if rows > MAX_SHEET_ROWS:
                        raise FileError(
                            Reason(
                                "xlsx_too_many_rows",
                                str(path),
                                {"rows": rows, "limit": MAX_SHEET_ROWS},
                            )
                        )
    except zipfile.BadZipFile:
        raise FileError(Reason("unreadable", str(path), {"why": "not an XLSX file"})) from None


def read_table(path: Path) -> pl.DataFrame:
    """The file's table; raises ``FileError`` naming the file and the reason."""
    if not path.exists():
        raise FileError(Reason("no_such_file", str(path)))
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        raise FileError(Reason("unreadable_kind", str(path), {"suffix": suffix}))
    if suffix == ".xlsx":
        xlsx_check(path)
    try:
        if suffix in (".csv", ".txt"):
            frame = _read_csv(path)
        elif suffix in (".xlsx", ".xls"):
            frame = pl.read_excel(path, engine="calamine", infer_schema_length=0)
        else:
            frame = pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError, ValueError) as error:
        first_line = (
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        )
        raise FileError(Reason("unreadable", str(path), {"why": first_line})) from None
    except Exception as error:
        why = f"{type(error).__name__}: {error}"
        raise FileError(Reason("unreadable", str(path), {"why": why})) from None
    if frame.width == 0:
        raise FileError(Reason("no_columns", str(path)))
    return frame
