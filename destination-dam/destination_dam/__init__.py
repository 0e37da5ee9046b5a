"""Airbyte destination adapter of destination-dam (needs the `airbyte` extra)."""
