"""Folder DAM: `<id>.xmp` sidecars, and XMP + IPTC IIM embedded in `<id>.jpg|png|tif`.

An image already in the folder is updated in place; otherwise one is fetched when
`fetch_renditions` names a rendition the asset has. A small manifest per image records what
was embedded, so a re-run with unchanged metadata touches nothing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .. import iim, xmp
from ..config import DamConfig
from ..errors import ConfigError
from ..exiftool import EMBEDDABLE, ExifTool, exiftool_path
from ..fetch import Fetcher
from ..fsutil import atomic_write, commit, remove_stale_temps, sha256_file, temp_path
from ..metadata import AssetMetadata
from .fields import rendition_uri


class FolderWriter:
    def __init__(self, config: DamConfig, exiftool: ExifTool | None = None) -> None:
        assert config.path is not None
        self.root = config.path
        self.embed = config.embed_metadata
        self.renditions = config.fetch_renditions
        self.fetcher = Fetcher(config.allowed_hosts)
        self.exiftool = exiftool or (ExifTool() if self.embed else None)
        self.manifests = self.root / ".getty-dam" / "embedded"

    def check(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.manifests.mkdir(parents=True, exist_ok=True)
        probe = self.root / ".getty-dam" / "write-check"
        atomic_write(probe, b"ok")
        probe.unlink()
        if self.embed:
            exiftool_path()

    def open(self) -> None:
        self.check()
        remove_stale_temps(self.root)
        remove_stale_temps(self.manifests)

    def write(self, m: AssetMetadata) -> None:
        packet = xmp.packet(m)
        sidecar = self.root / f"{m.asset_id}.xmp"
        if not sidecar.exists() or sidecar.read_bytes() != packet:
            atomic_write(sidecar, packet)
        if self.embed and m.asset_type == "image":
            self._embed(m, packet)

    def _embed(self, m: AssetMetadata, packet: bytes) -> None:
        datasets = iim.datasets(m)
        wanted = hashlib.sha256(packet + json.dumps(datasets, sort_keys=True).encode()).hexdigest()
        manifest_path = self.manifests / f"{m.asset_id}.json"
        manifest: dict[str, Any] = (
            json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
        )
        present = self._present(m.asset_id)
        uri = rendition_uri(m, self.renditions)
        refetch = (
            uri is not None
            and uri != manifest.get("source_uri")
            and (present is None or manifest.get("source_uri") is not None)
        )  # a file the user put there is never replaced by a fetched one
        if present and not refetch:
            if manifest.get("metadata") == wanted and manifest.get("file") == sha256_file(present):
                return
            target, source_uri = present, manifest.get("source_uri")
            self._embed_into(present, target, packet, datasets)
        elif uri is not None:
            body, ext = self.fetcher.get(uri)
            target, source_uri = self.root / f"{m.asset_id}{ext}", uri
            fetched = self.root / f".{m.asset_id}-source.getty-dam-tmp{ext}"
            fetched.write_bytes(body)
            try:
                self._embed_into(fetched, target, packet, datasets)
            finally:
                fetched.unlink(missing_ok=True)
            if present and present != target:
                present.unlink()
        else:
            return
        record = {"metadata": wanted, "file": sha256_file(target), "source_uri": source_uri}
        atomic_write(manifest_path, json.dumps(record, sort_keys=True).encode())

    def _embed_into(
        self, source: Path, target: Path, packet: bytes, datasets: dict[str, Any]
    ) -> None:
        if self.exiftool is None:
            raise ConfigError("embedding needs exiftool")
        tmp = temp_path(target)
        self.exiftool.embed(source, tmp, packet, datasets)
        commit(tmp, target)

    def _present(self, asset_id: str) -> Path | None:
        for ext in sorted(EMBEDDABLE):
            path = self.root / f"{asset_id}{ext}"
            if path.exists():
                return path
        return None

    def close(self) -> None:
        if self.exiftool:
            self.exiftool.close()
