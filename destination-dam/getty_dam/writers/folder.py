"""Folder DAM: `<id>.xmp` sidecars, and XMP + IPTC IIM embedded in `<id>.jpg|png|tif`, in a
local folder or an S3-compatible bucket.

An image already there is updated in place; otherwise one is fetched when `fetch_renditions`
names a rendition the asset has. A small manifest per image records what was embedded, so a
re-run with unchanged metadata touches nothing.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from .. import iim, xmp
from ..config import DamConfig
from ..errors import ConfigError
from ..exiftool import EMBEDDABLE, ExifTool, exiftool_path
from ..fetch import Fetcher
from ..metadata import AssetMetadata
from ..storage import Storage, output_storage
from .fields import rendition_uri

MANIFESTS = ".getty-dam/embedded/"


class FolderWriter:
    def __init__(
        self, config: DamConfig, exiftool: ExifTool | None = None, storage: Storage | None = None
    ) -> None:
        self.storage = storage or output_storage(config)
        self.embed = config.embed_metadata
        self.renditions = config.fetch_renditions
        self.fetcher = Fetcher(config.allowed_hosts)
        self.exiftool = exiftool or (ExifTool() if self.embed else None)

    def check(self) -> None:
        self.storage.check()
        if self.embed:
            exiftool_path()

    def open(self) -> None:
        self.check()
        self.storage.clean("")
        self.storage.clean(MANIFESTS)

    def write(self, m: AssetMetadata) -> None:
        packet = xmp.packet(m)
        self.storage.write_if_changed(f"{m.asset_id}.xmp", packet)
        if self.embed and m.asset_type == "image":
            self._embed(m, packet)

    def _embed(self, m: AssetMetadata, packet: bytes) -> None:
        datasets = iim.datasets(m)
        wanted = hashlib.sha256(packet + json.dumps(datasets, sort_keys=True).encode()).hexdigest()
        manifest_name = f"{MANIFESTS}{m.asset_id}.json"
        stored = self.storage.read(manifest_name)
        manifest: dict[str, Any] = json.loads(stored) if stored else {}
        present = self.storage.first_existing([f"{m.asset_id}{ext}" for ext in EXTENSIONS])
        uri = rendition_uri(m, self.renditions)
        refetch = (
            uri is not None
            and uri != manifest.get("source_uri")
            and (present is None or manifest.get("source_uri") is not None)
        )  # a file the user put there is never replaced by a fetched one
        if present and not refetch:
            if manifest.get("metadata") == wanted and manifest.get(
                "file"
            ) == self.storage.fingerprint(present):
                return
            target, source_uri = present, manifest.get("source_uri")
            with self.storage.local_copy(present) as source:
                fingerprint = self._embed_into(source, target, packet, datasets)
        elif uri is not None:
            body, ext = self.fetcher.get(uri)
            target, source_uri = f"{m.asset_id}{ext}", uri
            with tempfile.TemporaryDirectory(prefix="getty-dam-fetch-") as tmp:
                fetched = Path(tmp) / f"source{ext}"
                fetched.write_bytes(body)
                fingerprint = self._embed_into(fetched, target, packet, datasets)
            if present and present != target:
                self.storage.delete(present)
        else:
            return
        record = {"metadata": wanted, "file": fingerprint, "source_uri": source_uri}
        self.storage.write(manifest_name, json.dumps(record, sort_keys=True).encode())

    def _embed_into(
        self, source: Path, target: str, packet: bytes, datasets: dict[str, Any]
    ) -> str:
        """Write `source` with the metadata to `target`; returns the new file's fingerprint."""
        exiftool = self.exiftool
        if exiftool is None:
            raise ConfigError("embedding needs exiftool")
        return self.storage.write_file(
            target, lambda out: exiftool.embed(source, out, packet, datasets)
        )

    def close(self) -> None:
        if self.exiftool:
            self.exiftool.close()


# Looked for in this order when an image is already in the folder.
EXTENSIONS = sorted(EMBEDDABLE)
