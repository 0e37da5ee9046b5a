"""Durable file writes: write a temp file, fsync it, rename it over the target, fsync the folder."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

TEMP_SUFFIX = ".getty-dam-tmp"
# Folders whose renames still need an fsync; `sync_folders()` does them once per batch.
_unsynced_folders: set[Path] = set()


def temp_path(target: Path) -> Path:
    """A hidden sibling that keeps the extension (exiftool picks the format by it)."""
    return target.with_name(f".{target.stem}{TEMP_SUFFIX}{target.suffix}")


def atomic_write(target: Path, data: bytes) -> None:
    """Replace `target` with `data` so a crash leaves either the old or the new file."""
    tmp = temp_path(target)
    with open(tmp, "wb") as handle:
        handle.write(data)
    commit(tmp, target)


def commit(tmp: Path, target: Path) -> None:
    """Move a finished temp file over `target` durably."""
    fsync_file(tmp)
    os.replace(tmp, target)
    _unsynced_folders.add(target.parent)


def make_folders(folder: Path) -> None:
    """`mkdir -p`, with every new folder's entry made durable by the next `sync_folders()`."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(exist_ok=True)
        _unsynced_folders.add(path.parent)


def sync_folders() -> None:
    """Make every rename since the last call durable (one fsync per folder)."""
    while _unsynced_folders:
        fsync_dir(_unsynced_folders.pop())


def fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path) -> int:
    """Delete temp files a crashed run left behind; returns how many."""
    stale = list(folder.glob(f".*{TEMP_SUFFIX}*"))
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def sha256_file(path: Path) -> str | None:
    if not path.exists():
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
