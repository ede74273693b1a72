"""Reading and writing tables (CSV, XLSX, Parquet) by file extension. No Django."""

from tumbuh.files.read import FileError, Table, open_table, read_table
from tumbuh.files.write import csv_bytes, csv_stream, neutralise_cell, write_table, xlsx_stream

__all__ = [
    "FileError",
    "Table",
    "csv_bytes",
    "csv_stream",
    "neutralise_cell",
    "open_table",
    "read_table",
    "write_table",
    "xlsx_stream",
]
