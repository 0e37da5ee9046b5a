"""The engine both adapters drive: buffer records, merge them per asset, write, and say when
everything received so far is durable (so the adapter may emit its state)."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from .config import DamConfig
from .errors import BadRecord, DamError, WriteFailed, redact
from .fsutil import sync_folders
from .metadata import describe
from .records import Upsert, upserts_for
from .storage import LocalFolder, output_storage
from .store import RecordStore, merge
from .writers import Writer, writer_for

log = logging.getLogger("getty_dam")


class DamLoader:
    """`add()` records, `flush()` before acknowledging state, `close()` at the end."""

    def __init__(self, config: DamConfig, writer: Writer | None = None) -> None:
        self.config = config
        self.writer = writer or writer_for(config)
        self._temp_store: str | None = None
        self._store: RecordStore | None = None
        self.buffers: dict[str, list[Upsert]] = defaultdict(list)
        self.buffered = 0
        self.counts = {"records": 0, "bad_records": 0, "assets_written": 0}
        self.bad: list[BadRecord] = []
        self._opened = False

    @property
    def store(self) -> RecordStore:
        """The merge store, created on first use (so `check` writes nothing but its probe)."""
        if self._store is None:
            self._store = self._open_store()
        return self._store

    def _open_store(self) -> RecordStore:
        """Beside the output (folder or bucket), else in work_dir, else a temp folder."""
        config = self.config
        if config.dam_type in ("folder", "newsroom") and (config.path or config.s3_bucket_name):
            return RecordStore(output_storage(config), ".getty-dam/records/")
        if config.work_dir:
            return RecordStore(LocalFolder(config.work_dir / "records"))
        self._temp_store = tempfile.mkdtemp(prefix="getty-dam-")
        return RecordStore(LocalFolder(Path(self._temp_store)))

    def check(self) -> tuple[bool, str]:
        """Whether the target is writable / the credentials work, and a message saying so."""
        try:
            self.writer.check()
        except (DamError, OSError) as exc:
            return False, redact(str(exc), self.config.secrets)
        except Exception as exc:  # network errors from requests and the like
            return False, redact(f"{type(exc).__name__}: {exc}", self.config.secrets)
        return True, f"{self.config.dam_type} target is writable"

    def add(self, stream: str, record: dict[str, Any]) -> None:
        """Buffer one record (per stream); flushes by itself when the batch is full."""
        self.counts["records"] += 1
        try:
            upserts = upserts_for(stream, record)
        except BadRecord as bad:
            self._reject(bad)
            return
        self.buffers[stream].extend(upserts)
        self.buffered += 1
        if self.buffered >= self.config.batch_size:
            self.flush()

    def flush(self) -> None:
        """Merge and write every buffered record; on return all of them are durable."""
        if not self.buffered:
            return
        if not self._opened:
            self.writer.open()
            self._opened = True
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        dirty: set[str] = set()
        for upserts in self.buffers.values():
            for upsert in upserts:
                key = (upsert.kind, upsert.key)
                current = merged.get(key) or self.store.get(upsert.kind, upsert.key)
                merged[key] = merge(current, upsert)
                if upsert.kind == "asset":
                    dirty.add(upsert.key)
                else:
                    dirty.update(
                        a
                        for a in upsert.asset_ids
                        if ("asset", a) in merged or self.store.get("asset", a)
                    )
        for asset_id in sorted(dirty):
            asset = merged.get(("asset", asset_id)) or self.store.get("asset", asset_id)
            if asset is None:
                continue
            self._write_asset(asset, merged)
        for (kind, record_key), record in merged.items():
            self.store.put(kind, record_key, record)
        sync_folders()
        self.buffers.clear()
        self.buffered = 0

    def _write_asset(self, asset: dict[str, Any], merged: dict[tuple[str, str], Any]) -> None:
        order_id = (asset.get("license") or {}).get("order_id")
        order = None
        if order_id:
            order = merged.get(("order", order_id)) or self.store.get("order", order_id)
        metadata = describe(asset, order, self.config.licensee_name)
        try:
            self.writer.write(metadata)
        except BadRecord as bad:
            self._reject(bad)
            return
        except WriteFailed:
            raise
        except DamError as exc:  # e.g. a refused or failed fetch: the asset, not the sync
            self._reject(BadRecord("asset", asset["id"], str(exc)))
            return
        self.counts["assets_written"] += 1

    def _reject(self, bad: BadRecord) -> None:
        message = redact(str(bad), self.config.secrets)
        if self.config.on_bad_record == "fail":
            raise BadRecord(bad.stream, bad.key, redact(bad.reason, self.config.secrets))
        self.counts["bad_records"] += 1
        self.bad.append(bad)
        log.warning("skipped %s", message)

    def close(self) -> None:
        """Flush what is left and release the writer."""
        try:
            self.flush()
        finally:
            if self._opened:
                self.writer.close()
            if self._temp_store:
                shutil.rmtree(self._temp_store, ignore_errors=True)

    def summary(self) -> str:
        c = self.counts
        return (
            f"{c['records']} records, {c['assets_written']} asset writes, "
            f"{c['bad_records']} bad records skipped"
        )
