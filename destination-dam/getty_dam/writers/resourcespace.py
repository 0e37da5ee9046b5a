"""ResourceSpace: its signed API (`/api/?user=…&function=…&sign=sha256(key + query)`).

An asset is found by its Getty id (`do_search` on the mapped field); when absent, one
`create_resource` call creates it with its file (`url`) and its Getty id (`metadata`, by
field id), so a crash can never leave a resource a re-run would not find. Its fields are then
set with `update_field`.

`create_resource` takes field ids while searches need the shortname
(`field_map.getty_asset_id`): the id is `field_map.getty_asset_id_ref` when given, else it is
looked up once with `get_resource_type_fields` (ResourceSpace 10.3+, permission `a`).
Where that fails, the id is set by `update_field` right after the create, and a crash
between the two calls can leave a resource without its Getty id (a re-run then creates a
second one): the log says so and how to close the gap.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any
from urllib.parse import urlencode

import requests

from ..config import DamConfig
from ..errors import ConfigError, WriteFailed, redact
from ..fetch import Fetcher
from ..metadata import AssetMetadata
from .fields import FIELD_NAMES, dam_fields, rendition_uri

DEFAULT_FIELDS = {name: name.replace("_", "") for name in FIELD_NAMES}
log = logging.getLogger("getty_dam")


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
        self.id_field_ref: str | None = None  # the Getty id field's numeric id

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
        self.id_field_ref = self._id_field_ref()

    def _id_field_ref(self) -> str | None:
        name = self.fields["getty_asset_id"]
        given = self.fields.get("getty_asset_id_ref", "")
        if given:
            if not given.isdigit():
                raise ConfigError(
                    f"field_map.getty_asset_id_ref must be a numeric field id, got {given!r}"
                )
            return given
        try:
            found = self.call("get_resource_type_fields", find=name)
        except WriteFailed:
            found = None
        refs = [str(f["ref"]) for f in found or [] if isinstance(f, dict) and f.get("name") == name]
        if len(refs) == 1:
            return refs[0]
        log.warning(
            "ResourceSpace: could not look up the id of field %r (get_resource_type_fields "
            "needs version 10.3+ and permission 'a'); new resources get their Getty id in a "
            "second call, so a crash between the two can duplicate one. Set "
            "field_map.getty_asset_id_ref to the field's numeric id to close this gap.",
            name,
        )
        return None

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
            ref = self._create(m)
        for name, value in values.items():
            if name != "getty_asset_id":
                self._set(ref, name, value)

    def _create(self, m: AssetMetadata) -> int:
        """A new resource with its file and Getty id, in one call where possible."""
        params: dict[str, Any] = {"resource_type": self.resource_type, "archive": 0}
        uri = rendition_uri(m, self.renditions) if m.asset_type == "image" else None
        if uri:
            self.fetcher.check_url(uri)
            params.update(url=uri, no_exif=1)
        if self.id_field_ref:
            params["metadata"] = json.dumps({self.id_field_ref: m.asset_id})
        answer = self.call("create_resource", **params)
        if isinstance(answer, bool) or not str(answer).isdigit():
            raise WriteFailed(f"ResourceSpace create_resource failed for {m.asset_id}: {answer}")
        ref = int(answer)
        if not self.id_field_ref:
            self._set(ref, "getty_asset_id", m.asset_id)
        return ref

    def _set(self, ref: int, name: str, value: str) -> None:
        answer = self.call("update_field", resource=ref, field=self.fields[name], value=value)
        self._ok(answer, f"update_field {self.fields[name]}")

    @staticmethod
    def _ok(answer: Any, what: str) -> None:
        if answer is False or (isinstance(answer, dict) and answer.get("status") is False):
            raise WriteFailed(f"ResourceSpace {what} failed: {answer}")

    def close(self) -> None:
        self.session.close()
