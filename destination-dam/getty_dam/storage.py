"""Where the folder DAM's files live: a local folder or an S3-compatible bucket.

Both take relative names (`901.xmp`, `.getty-dam/embedded/901.json`) and make the same
promise: when `write` returns, the file is durable (local: fsynced and renamed, the folder
fsynced by `sync()` once per batch; S3: the PUT was answered 200). `fingerprint` identifies
a file's current content, so unchanged files are never rewritten.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

from .config import DamConfig
from .fsutil import (
    atomic_write,
    commit,
    make_folders,
    remove_stale_temps,
    sha256_file,
    sync_folders,
    temp_path,
)
from .s3 import S3Client

CONTENT_TYPES = {
    ".xmp": "application/rdf+xml",
    ".json": "application/json",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}
CHECK_NAME = ".getty-dam/write-check"


class Storage(Protocol):
    def where(self, name: str) -> str: ...
    def check(self) -> None: ...
    def clean(self, folder: str) -> None: ...
    def read(self, name: str) -> bytes | None: ...
    def write(self, name: str, data: bytes) -> str: ...
    def write_if_changed(self, name: str, data: bytes) -> bool: ...
    def write_file(self, name: str, produce: Callable[[Path], None]) -> str: ...
    def fingerprint(self, name: str) -> str | None: ...
    def first_existing(self, names: list[str]) -> str | None: ...
    def local_copy(self, name: str) -> AbstractContextManager[Path]: ...
    def delete(self, name: str) -> None: ...
    def sync(self) -> None: ...


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class LocalFolder:
    """Files under `root`, each replaced atomically (temp file, fsync, rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def where(self, name: str) -> str:
        return str(self.root / name)

    def check(self) -> None:
        self.write(CHECK_NAME, b"ok")
        self.delete(CHECK_NAME)

    def clean(self, folder: str) -> None:
        """Remove temp files a crashed run left in `folder`."""
        path = self.root / folder
        if path.is_dir():
            remove_stale_temps(path)

    def read(self, name: str) -> bytes | None:
        path = self.root / name
        return path.read_bytes() if path.is_file() else None

    def write(self, name: str, data: bytes) -> str:
        path = self.root / name
        make_folders(path.parent)
        atomic_write(path, data)
        return sha256(data)

    def write_if_changed(self, name: str, data: bytes) -> bool:
        if self.read(name) == data:
            return False
        self.write(name, data)
        return True

    def write_file(self, name: str, produce: Callable[[Path], None]) -> str:
        """`produce(path)` makes the new file beside the target, which it then replaces."""
        target = self.root / name
        make_folders(target.parent)
        tmp = temp_path(target)
        produce(tmp)
        commit(tmp, target)
        return sha256_file(target) or ""

    def fingerprint(self, name: str) -> str | None:
        return sha256_file(self.root / name)

    def first_existing(self, names: list[str]) -> str | None:
        return next((n for n in names if (self.root / n).is_file()), None)

    @contextmanager
    def local_copy(self, name: str) -> Iterator[Path]:
        yield self.root / name

    def delete(self, name: str) -> None:
        (self.root / name).unlink(missing_ok=True)

    def sync(self) -> None:
        sync_folders()


class S3Folder:
    """Objects under `prefix` in a bucket; our objects carry their SHA-256 as user metadata."""

    META = "getty-dam-sha256"

    def __init__(self, client: S3Client, prefix: str = "") -> None:
        self.client = client
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def key(self, name: str) -> str:
        return self.prefix + name

    def where(self, name: str) -> str:
        return f"s3://{self.client.bucket}/{self.key(name)}"

    def check(self) -> None:
        self.write(CHECK_NAME, b"ok")
        self.delete(CHECK_NAME)

    def clean(self, folder: str) -> None:
        """Nothing to do: a PUT replaces an object whole or not at all."""

    def read(self, name: str) -> bytes | None:
        return self.client.get(self.key(name))

    def write(self, name: str, data: bytes) -> str:
        digest = sha256(data)
        self.client.put(self.key(name), data, {self.META: digest}, _content_type(name))
        return digest

    def write_if_changed(self, name: str, data: bytes) -> bool:
        if self.fingerprint(name) == sha256(data):
            return False
        self.write(name, data)
        return True

    def write_file(self, name: str, produce: Callable[[Path], None]) -> str:
        with tempfile.TemporaryDirectory(prefix="getty-dam-s3-") as tmp:
            path = Path(tmp) / Path(name).name
            produce(path)
            digest = sha256_file(path) or ""
            self.client.put(self.key(name), path, {self.META: digest}, _content_type(name))
        return digest

    def fingerprint(self, name: str) -> str | None:
        """Our SHA-256 for objects we wrote; the ETag for objects put there by others."""
        meta = self.client.head(self.key(name))
        if meta is None:
            return None
        return meta.get(self.META) or f"etag:{meta['etag']}"

    def first_existing(self, names: list[str]) -> str | None:
        common = os.path.commonprefix(names)  # noqa: RUF071 - a key prefix, not a path
        keys = set(self.client.list_keys(self.key(common)))
        return next((n for n in names if self.key(n) in keys), None)

    @contextmanager
    def local_copy(self, name: str) -> Iterator[Path]:
        data = self.read(name)
        if data is None:
            raise FileNotFoundError(self.where(name))
        tmp = tempfile.mkdtemp(prefix="getty-dam-s3-")
        try:
            path = Path(tmp) / Path(name).name
            path.write_bytes(data)
            yield path
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def delete(self, name: str) -> None:
        self.client.delete(self.key(name))

    def sync(self) -> None:
        """Nothing to do: every PUT was acknowledged when it returned."""


def _content_type(name: str) -> str:
    return CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def output_storage(config: DamConfig) -> Storage:
    """The folder or bucket a folder/newsroom DAM writes to."""
    if config.s3_bucket_name:
        assert config.access_key_id and config.secret_access_key
        client = S3Client(
            config.s3_bucket_name,
            config.access_key_id,
            config.secret_access_key,
            region=config.s3_bucket_region,
            endpoint=config.s3_endpoint,
            path_style=config.s3_path_style,
        )
        return S3Folder(client, config.s3_bucket_path)
    assert config.path is not None
    return LocalFolder(config.path)
