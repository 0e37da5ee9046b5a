"""Newsroom: one ninjs item per asset, as `<id>.json` in a folder or POSTed to an endpoint."""

from __future__ import annotations

import json

import requests

from .. import ninjs
from ..config import DamConfig
from ..errors import WriteFailed
from ..fsutil import atomic_write, remove_stale_temps
from ..metadata import AssetMetadata


def item_bytes(item: dict[str, object]) -> bytes:
    return (json.dumps(item, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class NewsroomWriter:
    def __init__(self, config: DamConfig, session: requests.Session | None = None) -> None:
        self.root = config.path
        self.version = config.ninjs_version
        self.endpoint = config.newsroom_endpoint
        self.session = session or requests.Session()
        if config.newsroom_token:
            self.session.headers["Authorization"] = f"Bearer {config.newsroom_token}"

    def check(self) -> None:
        if self.endpoint:
            response = self.session.options(self.endpoint, timeout=30)
            if response.status_code in (401, 403):
                raise WriteFailed(
                    f"newsroom endpoint refused the token (HTTP "
                    f"{response.status_code}); check newsroom_token"
                )
            return
        assert self.root is not None
        self.root.mkdir(parents=True, exist_ok=True)
        probe = self.root / ".getty-dam-write-check"
        atomic_write(probe, b"ok")
        probe.unlink()

    def open(self) -> None:
        self.check()
        if self.root:
            remove_stale_temps(self.root)

    def write(self, m: AssetMetadata) -> None:
        body = item_bytes(ninjs.picture(m, self.version))
        if self.endpoint:
            response = self.session.post(
                self.endpoint,
                data=body,
                timeout=60,
                headers={"Content-Type": "application/json; charset=utf-8"},
            )
            if not response.ok:
                raise WriteFailed(
                    f"newsroom endpoint answered HTTP {response.status_code} for "
                    f"asset {m.asset_id}: {response.text[:200]}"
                )
            return
        assert self.root is not None
        target = self.root / f"{m.asset_id}.json"
        if not target.exists() or target.read_bytes() != body:
            atomic_write(target, body)

    def close(self) -> None:
        self.session.close()
