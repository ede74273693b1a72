"""Kemendagri regions (provinsi to kelurahan), puskesmas and posyandu."""
