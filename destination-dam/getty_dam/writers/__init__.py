"""Writers: one per DAM type, each with check(), open(), write(metadata) and close()."""

from __future__ import annotations

from typing import Protocol

from ..config import DamConfig
from ..metadata import AssetMetadata


class Writer(Protocol):
    def check(self) -> None: ...
    def open(self) -> None: ...
    def write(self, m: AssetMetadata) -> None: ...
    def close(self) -> None: ...


def writer_for(config: DamConfig) -> Writer:
    """The writer for `config.dam_type`."""
    if config.dam_type == "folder":
        from .folder import FolderWriter

        return FolderWriter(config)
    if config.dam_type == "newsroom":
        from .newsroom import NewsroomWriter

        return NewsroomWriter(config)
    if config.dam_type == "resourcespace":
        from .resourcespace import ResourceSpaceWriter

        return ResourceSpaceWriter(config)
    if config.dam_type == "cloudinary":
        from .cloudinary import CloudinaryWriter

        return CloudinaryWriter(config)
    from .bynder import BynderWriter

    return BynderWriter(config)
