"""Newsroom: one ninjs item per asset, as `<id>.json` in a folder or bucket, or POSTed to an
endpoint."""

from __future__ import annotations

import json

import requests

from .. import ninjs
from ..config import DamConfig
from ..errors import WriteFailed, redact
from ..metadata import AssetMetadata
from ..storage import output_storage


def item_bytes(item: dict[str, object]) -> bytes:
    return (json.dumps(item, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class NewsroomWriter:
    def __init__(self, config: DamConfig, session: requests.Session | None = None) -> None:
        self.version = config.ninjs_version
        self.endpoint = config.newsroom_endpoint
        self.storage = None if self.endpoint else output_storage(config)
        self.session = session or requests.Session()
        self.secrets = config.secrets
        if config.newsroom_token:
            self.session.headers["Authorization"] = f"Bearer {config.newsroom_token}"

    def check(self) -> None:
        if self.storage is not None:
            self.storage.check()
            return
        assert self.endpoint
        response = self.session.options(self.endpoint, timeout=30)
        if response.status_code in (401, 403):
            raise WriteFailed(
                f"newsroom endpoint refused the token (HTTP "
                f"{response.status_code}); check newsroom_token"
            )

    def open(self) -> None:
        self.check()
        if self.storage is not None:
            self.storage.clean("")

    def write(self, m: AssetMetadata) -> None:
        body = item_bytes(ninjs.picture(m, self.version))
        if self.storage is not None:
            self.storage.write_if_changed(f"{m.asset_id}.json", body)
            return
        assert self.endpoint
        response = self.session.post(
            self.endpoint,
            data=body,
            timeout=60,
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        if not response.ok:
            raise WriteFailed(
                redact(
                    f"newsroom endpoint answered HTTP {response.status_code} for "
                    f"asset {m.asset_id}: {response.text[:200]}",
                    self.secrets,
                )
            )

    def close(self) -> None:
        self.session.close()
