"""National analytics: the operational data of every region as Parquet, analysed with DuckDB on
one machine or with PySpark on a cluster, with the same numbers as ``tumbuh analyse``.

No Django here: the export from the database lives in the measurements app
(``tumbuh.measurements.national_export``); this package reads only the Parquet extract.
"""
