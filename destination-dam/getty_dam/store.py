"""The merge store: one JSON file per asset and per order, each replaced atomically."""

from __future__ import annotations

import json
from typing import Any

from .records import LICENSE_FIELDS, SHARED_FIELDS, Upsert
from .storage import Storage


class RecordStore:
    """Merged asset and order records (`<folder>assets/<id>.json`, `<folder>orders/<id>.json`)
    in a local folder or a bucket."""

    def __init__(self, storage: Storage, folder: str = "") -> None:
        self.storage, self.folder = storage, folder
        for kind in ("assets", "orders"):
            storage.clean(f"{folder}{kind}")

    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        data = self.storage.read(self._name(kind, key))
        return json.loads(data) if data is not None else None

    def put(self, kind: str, key: str, record: dict[str, Any]) -> None:
        data = json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        self.storage.write_if_changed(self._name(kind, key), data)

    def _name(self, kind: str, key: str) -> str:
        return f"{self.folder}{kind}s/{key}.json"


def merge(current: dict[str, Any] | None, upsert: Upsert) -> dict[str, Any]:
    """`current` with the upsert's fields set; a license event replaces an older one only."""
    merged = dict(current or {"id": upsert.key})
    merged.update(
        (name, value)
        for name, value in upsert.fields.items()
        if value is not None or name not in SHARED_FIELDS
    )
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
