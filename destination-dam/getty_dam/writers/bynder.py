"""Bynder: metaproperty updates on assets already in the portal (API v4, bearer token).

An asset is found by keyword search for its Getty id, confirmed by the metaproperty that
holds the id (`field_map.getty_asset_id`, a metaproperty id; its name in `bynder_id_name`).
Then `POST /api/v4/media/{id}/` sets `metaproperty.<id>=<value>` for every mapped field.
Uploading new files is Bynder's multi-step upload flow and is not done here.
"""

from __future__ import annotations

from typing import Any

import requests

from ..config import DamConfig
from ..errors import BadRecord, ConfigError, WriteFailed, redact
from ..metadata import AssetMetadata
from .fields import dam_fields


class BynderWriter:
    def __init__(self, config: DamConfig, session: requests.Session | None = None) -> None:
        assert config.api_url and config.api_secret
        if "getty_asset_id" not in config.field_map:
            raise ConfigError(
                "bynder needs field_map.getty_asset_id: the id of the metaproperty "
                "that holds the Getty asset id"
            )
        self.base = f"{config.api_url}/api/v4"
        self.properties = dict(config.field_map)
        self.id_name = config.field_map.get("bynder_id_name", "GettyImagesID")
        self.session = session or requests.Session()
        self.session.headers["Authorization"] = f"Bearer {config.api_secret}"
        self.secrets = config.secrets

    def _fail(self, what: str, response: requests.Response) -> WriteFailed:
        return WriteFailed(
            redact(
                f"Bynder {what}: HTTP {response.status_code} {response.text[:200]}", self.secrets
            )
        )

    def check(self) -> None:
        response = self.session.get(f"{self.base}/metaproperties/", timeout=30)
        if response.status_code in (401, 403):
            raise WriteFailed("Bynder refused the token: check api_secret (a permanent token)")
        if not response.ok:
            raise self._fail("metaproperties", response)

    def open(self) -> None:
        self.check()

    def find(self, asset_id: str) -> str | None:
        params: dict[str, str | int] = {"keyword": asset_id, "limit": 50}
        response = self.session.get(f"{self.base}/media/", params=params, timeout=60)
        if not response.ok:
            raise self._fail("media search", response)
        for media in response.json():
            value: Any = media.get(f"property_{self.id_name}")
            if value == asset_id or (isinstance(value, list) and asset_id in value):
                return str(media["id"])
        return None

    def write(self, m: AssetMetadata) -> None:
        media_id = self.find(m.asset_id)
        if media_id is None:
            raise BadRecord(
                "asset",
                m.asset_id,
                "not in Bynder (no media whose "
                f"{self.id_name} is {m.asset_id}); upload it to Bynder first",
            )
        values = dam_fields(m)
        form = {
            f"metaproperty.{self.properties[name]}": value
            for name, value in values.items()
            if name in self.properties
        }
        if not form:
            return
        response = self.session.post(f"{self.base}/media/{media_id}/", data=form, timeout=60)
        if not response.ok:
            raise self._fail(f"update of media {media_id}", response)

    def close(self) -> None:
        self.session.close()
