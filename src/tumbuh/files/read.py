"""Read a CSV, XLSX or Parquet file into a polars DataFrame, or say clearly why not."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
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


def _separator(path: Path) -> str:
    """The CSV's separator: whichever of comma, semicolon and tab its first line has most of."""
    with path.open("rb") as handle:  # the head only (a kabupaten's export is 286 MB)
        sample = handle.read(65536).decode("utf-8", errors="replace")
    first_line = sample.splitlines()[0] if sample else ""
    return max((",", ";", "\t"), key=first_line.count)


def _read_csv(path: Path) -> pl.DataFrame:
    """Every column as text: the file's own values come out exactly as they went in."""
    return pl.read_csv(
        path,
        separator=_separator(path),
        infer_schema=False,
        encoding="utf8-lossy",
        truncate_ragged_lines=False,
    )


def _scan_csv(path: Path) -> pl.LazyFrame:
    """``_read_csv``'s table, to be read piece by piece."""
    return pl.scan_csv(
        path,
        separator=_separator(path),
        infer_schema=False,
        encoding="utf8-lossy",
        truncate_ragged_lines=False,
    )


@dataclass(frozen=True)
class Table:
    """A file's table read piece by piece (``open_table``): its columns and rows are known at
    once, its rows come in consecutive frames (``pieces``)."""

    path: Path
    columns: list[str]
    height: int
    _whole: pl.DataFrame | None = None

    def pieces(self, rows: int) -> Iterator[pl.DataFrame]:
        """Consecutive frames of about ``rows`` rows each, in the file's order; raises
        ``FileError`` for a fault found part-way (a ragged line far down the file)."""
        if self._whole is not None:
            for start in range(0, self._whole.height, rows):
                yield self._whole.slice(start, rows)
            return
        try:
            yield from _scan_csv(self.path).collect_batches(chunk_size=rows)
        except (pl.exceptions.PolarsError, OSError, ValueError) as error:
            raise _unreadable(self.path, error) from None


def open_table(path: Path) -> Table:
    """The file's table, to be read piece by piece: a CSV is never held whole (a kabupaten's
    1,000,000 rows took 970 MB read at once, 400 MB in pieces), another kind is read whole.
    Raises ``FileError`` as ``read_table`` does."""
    if path.suffix.lower() not in {".csv", ".txt"} or not path.exists():
        frame = read_table(path)
        return Table(path, frame.columns, frame.height, frame)
    try:
        scan = _scan_csv(path)
        columns = scan.collect_schema().names()
        height = int(scan.select(pl.len()).collect().item())
    except (pl.exceptions.PolarsError, OSError, ValueError) as error:
        raise _unreadable(path, error) from None
    if not columns:
        raise FileError(Reason("no_columns", str(path)))
    return Table(path, columns, height)


def _unreadable(path: Path, error: Exception) -> FileError:
    text = str(error).strip()
    first_line = text.splitlines()[0] if text else type(error).__name__
    return FileError(Reason("unreadable", str(path), {"why": first_line}))


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
        raise _unreadable(path, error) from None
    except Exception as error:
        why = f"{type(error).__name__}: {error}"
        raise FileError(Reason("unreadable", str(path), {"why": why})) from None
    if frame.width == 0:
        raise FileError(Reason("no_columns", str(path)))
    return frame
