"""Cloudinary: signed Upload API calls; one asset per Getty id (public id `getty/<id>`).

Metadata goes into contextual metadata (every mapped field) and, for fields named in
`field_map`, structured metadata (by external id). `explicit` updates an existing asset;
an absent one is uploaded from an allowed rendition URL with `upload`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

import requests

from ..config import DamConfig
from ..errors import BadRecord, WriteFailed, redact
from ..fetch import Fetcher
from ..metadata import AssetMetadata
from .fields import dam_fields, rendition_uri

DEFAULT_API = "https://api.cloudinary.com/v1_1"
UNSIGNED = {"file", "cloud_name", "resource_type", "api_key"}


def escape_value(value: str) -> str:
    """Cloudinary's context/metadata escaping: backslash before '=' and '|'."""
    return value.replace("\\", "\\\\").replace("=", "\\=").replace("|", "\\|")


def pairs(values: dict[str, str]) -> str:
    return "|".join(f"{k}={escape_value(v)}" for k, v in sorted(values.items()))


def signature(params: dict[str, Any], secret: str) -> str:
    """SHA-1 of the sorted `name=value` pairs joined by '&', followed by the API secret."""
    payload = "&".join(f"{k}={params[k]}" for k in sorted(params) if k not in UNSIGNED)
    return hashlib.sha1((payload + secret).encode("utf-8")).hexdigest()  # noqa: S324 - Cloudinary's scheme


class CloudinaryWriter:
    def __init__(
        self,
        config: DamConfig,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        assert config.cloud_name and config.api_key and config.api_secret
        self.base = f"{config.api_url or DEFAULT_API}/{config.cloud_name}"
        self._key, self._secret = config.api_key, config.api_secret
        self.structured = dict(config.field_map)
        self.renditions = config.fetch_renditions
        self.fetcher = Fetcher(config.allowed_hosts)
        self.session = session or requests.Session()
        self.clock = clock
        self.secrets = config.secrets

    def _post(self, path: str, params: dict[str, Any]) -> requests.Response:
        signed = {**params, "timestamp": int(self.clock())}
        signed["signature"] = signature(signed, self._secret)
        signed["api_key"] = self._key
        return self.session.post(f"{self.base}/{path}", data=signed, timeout=120)

    def check(self) -> None:
        response = self.session.get(
            f"{self.base}/usage", auth=(self._key, self._secret), timeout=30
        )
        if response.status_code in (401, 403):
            raise WriteFailed(
                "Cloudinary refused the credentials: check cloud_name, api_key and api_secret"
            )
        if not response.ok:
            raise WriteFailed(f"Cloudinary check: HTTP {response.status_code}")

    def open(self) -> None:
        self.check()

    def write(self, m: AssetMetadata) -> None:
        values = dam_fields(m)
        params: dict[str, Any] = {
            "public_id": f"getty/{m.asset_id}",
            "type": "upload",
            "context": pairs(values),
        }
        if m.keywords:
            params["tags"] = ",".join(k.replace(",", " ") for k in m.keywords)
        structured = {ext: values[name] for name, ext in self.structured.items() if name in values}
        if structured:
            params["metadata"] = pairs(structured)
        response = self._post("image/explicit", params)
        if response.status_code == 404:
            uri = rendition_uri(m, self.renditions)
            if not uri:
                raise BadRecord(
                    "asset",
                    m.asset_id,
                    "not in Cloudinary and no rendition to "
                    "upload; add a rendition to fetch_renditions",
                )
            self.fetcher.check_url(uri)
            del params["type"]
            response = self._post("image/upload", {**params, "file": uri, "overwrite": "true"})
        if not response.ok:
            raise WriteFailed(
                redact(
                    f"Cloudinary: HTTP {response.status_code} for asset "
                    f"{m.asset_id}: {response.text[:200]}",
                    self.secrets,
                )
            )

    def close(self) -> None:
        self.session.close()
