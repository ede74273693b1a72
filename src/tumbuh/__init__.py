"""Tumbuh: stunting-reduction information system for Indonesian regions."""

__version__ = "0.1.0"
