"""Families, people (with NIK), and the sasaran roles they hold over time."""
