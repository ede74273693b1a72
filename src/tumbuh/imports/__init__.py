"""Imports of national-app exports into the registry: validated, linked, committed or reported."""
