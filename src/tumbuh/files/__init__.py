"""Reading and writing tables (CSV, XLSX, Parquet) by file extension. No Django."""

from tumbuh.files.read import FileError, read_table
from tumbuh.files.write import write_table

__all__ = ["FileError", "read_table", "write_table"]
