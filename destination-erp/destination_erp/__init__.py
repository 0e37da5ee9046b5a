"""Airbyte destination adapter of destination-erp."""

from .destination import DestinationErp

__all__ = ["DestinationErp"]
