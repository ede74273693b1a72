"""Small helpers for writing SVG text safely."""

from __future__ import annotations

from html import escape


def attr(value: object) -> str:
    """An attribute value, escaped (quotes included)."""
    return escape(str(value), quote=True)


def text(value: object) -> str:
    """Element text, escaped."""
    return escape(str(value), quote=False)


def number(value: float) -> str:
    """A coordinate with two decimals: short files, sub-pixel precision."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
