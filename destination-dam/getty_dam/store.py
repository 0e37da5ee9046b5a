"""The merge store: one JSON file per asset and per order, each replaced atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .fsutil import atomic_write, remove_stale_temps
from .records import LICENSE_FIELDS, Upsert


class RecordStore:
    """Merged asset and order records under `root` (`assets/<id>.json`, `orders/<id>.json`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        for kind in ("assets", "orders"):
            (root / kind).mkdir(parents=True, exist_ok=True)
            remove_stale_temps(root / kind)

    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        path = self._path(kind, key)
        return json.loads(path.read_text("utf-8")) if path.exists() else None

    def put(self, kind: str, key: str, record: dict[str, Any]) -> None:
        data = json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        path = self._path(kind, key)
        if not path.exists() or path.read_bytes() != data:
            atomic_write(path, data)

    def _path(self, kind: str, key: str) -> Path:
        return self.root / f"{kind}s" / f"{key}.json"


def merge(current: dict[str, Any] | None, upsert: Upsert) -> dict[str, Any]:
    """`current` with the upsert's fields set; a license event replaces an older one only."""
    merged = dict(current or {"id": upsert.key})
    merged.update(upsert.fields)
    if upsert.kind == "order" and upsert.asset_ids:
        merged["asset_ids"] = sorted(set(merged.get("asset_ids", [])) | set(upsert.asset_ids))
    if upsert.license is not None and _newer(upsert.license, merged.get("license")):
        merged["license"] = upsert.license
    return merged


def _rank(event: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(event.get(k) or "") for k in LICENSE_FIELDS)


def _newer(event: dict[str, Any], stored: dict[str, Any] | None) -> bool:
    """A total order on events, so the winner does not depend on arrival order."""
    return stored is None or _rank(event) >= _rank(stored)
