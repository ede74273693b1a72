"""The reporting calendar per region (deadlines as data, what was submitted) and the reports
generated from the data: the TPPS semester report (PDF, DOCX) and the aksi konvergensi evidence
tables (XLSX, CSV)."""
