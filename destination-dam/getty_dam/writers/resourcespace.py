"""ResourceSpace: its signed API (`/api/?user=…&function=…&sign=sha256(key + query)`).

An asset is found by its Getty id (`do_search` on the mapped field), created with
`create_resource` when absent (the Getty id is its first field, so a re-run finds it), its
fields set with `update_field`, and its file added once with `upload_file_by_url`.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlencode

import requests

from ..config import DamConfig
from ..errors import WriteFailed, redact
from ..fetch import Fetcher
from ..metadata import AssetMetadata
from .fields import FIELD_NAMES, dam_fields, rendition_uri

DEFAULT_FIELDS = {name: name.replace("_", "") for name in FIELD_NAMES}


class ResourceSpaceWriter:
    def __init__(self, config: DamConfig, session: requests.Session | None = None) -> None:
        assert config.api_url and config.api_user and config.api_key
        self.base = config.api_url if config.api_url.endswith("/api") else f"{config.api_url}/api"
        self.user, self._key = config.api_user, config.api_key
        self.resource_type = config.resource_type
        self.fields = {**DEFAULT_FIELDS, **config.field_map}
        self.renditions = config.fetch_renditions
        self.fetcher = Fetcher(config.allowed_hosts)
        self.session = session or requests.Session()
        self.secrets = config.secrets

    def call(self, function: str, **params: Any) -> Any:
        """One signed API call; returns the decoded JSON answer."""
        query = urlencode({"user": self.user, "function": function, **params})
        sign = hashlib.sha256((self._key + query).encode("utf-8")).hexdigest()
        response = self.session.post(
            f"{self.base}/",
            data=f"{query}&sign={sign}",
            timeout=60,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if not response.ok:
            raise WriteFailed(
                redact(
                    f"ResourceSpace {function}: HTTP {response.status_code} {response.text[:200]}",
                    self.secrets,
                )
            )
        try:
            return response.json()
        except ValueError as exc:
            raise WriteFailed(
                f"ResourceSpace {function}: answer is not JSON ({response.text[:100]!r})"
            ) from exc

    def check(self) -> None:
        types = self.call("get_resource_types")
        if not isinstance(types, list):
            raise WriteFailed("ResourceSpace refused the credentials: check api_user and api_key")

    def open(self) -> None:
        self.check()

    def find(self, asset_id: str) -> int | None:
        found = self.call(
            "do_search", search=f"{self.fields['getty_asset_id']}:{asset_id}", fetchrows=2
        )
        refs = sorted(int(r["ref"]) for r in found or [] if isinstance(r, dict) and "ref" in r)
        return refs[0] if refs else None

    def write(self, m: AssetMetadata) -> None:
        ref = self.find(m.asset_id)
        values = dam_fields(m)
        if ref is None:
            ref = int(self.call("create_resource", resource_type=self.resource_type, archive=0))
            self._set(ref, "getty_asset_id", values["getty_asset_id"])
            uri = rendition_uri(m, self.renditions)
            if uri and m.asset_type == "image":
                self.fetcher.check_url(uri)
                self._ok(
                    self.call("upload_file_by_url", ref=ref, url=uri, no_exif=1),
                    "upload_file_by_url",
                )
        for name, value in values.items():
            if name != "getty_asset_id":
                self._set(ref, name, value)

    def _set(self, ref: int, name: str, value: str) -> None:
        answer = self.call("update_field", resource=ref, field=self.fields[name], value=value)
        self._ok(answer, f"update_field {self.fields[name]}")

    @staticmethod
    def _ok(answer: Any, what: str) -> None:
        if answer is False or (isinstance(answer, dict) and answer.get("status") is False):
            raise WriteFailed(f"ResourceSpace {what} failed: {answer}")

    def close(self) -> None:
        self.session.close()
