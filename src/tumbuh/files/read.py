"""Read a CSV, XLSX or Parquet file into a polars DataFrame, or say clearly why not."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tumbuh.ingest.reasons import Reason, ReasonError, as_text

READABLE = (".csv", ".txt", ".xlsx", ".xls", ".parquet")


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


def read_table(path: Path) -> pl.DataFrame:
    """The file's table; raises ``FileError`` naming the file and the reason."""
    if not path.exists():
        raise FileError(Reason("no_such_file", str(path)))
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        raise FileError(Reason("unreadable_kind", str(path), {"suffix": suffix}))
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
