"""The destination's settings: one JSON schema for both adapters, parsed into `DamConfig`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

DAM_TYPES = ("folder", "newsroom", "resourcespace", "cloudinary", "bynder")
RENDITIONS = ("licensed_file", "comp", "preview", "thumb")
DEFAULT_ALLOWED_HOSTS = ("media.gettyimages.com", "delivery.gettyimages.com")

CONFIG_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Getty Images to DAM",
    "type": "object",
    "required": ["dam_type"],
    "properties": {
        "dam_type": {
            "type": "string",
            "enum": list(DAM_TYPES),
            "description": "Where assets go: a folder of images with XMP sidecars, ninjs for a "
            "newsroom, or a REST DAM.",
            "order": 0,
        },
        "path": {
            "type": "string",
            "description": "folder / newsroom: the output folder (created if missing); or give "
            "s3_bucket_name instead.",
            "order": 1,
        },
        "embed_metadata": {
            "type": "boolean",
            "default": True,
            "description": "folder: also embed XMP and IPTC IIM into JPEG/PNG/TIFF files that are "
            "present or fetched (needs exiftool on PATH).",
            "order": 2,
        },
        "fetch_renditions": {
            "type": "array",
            "items": {"type": "string", "enum": list(RENDITIONS)},
            "default": [],
            "description": "Image files to fetch, first available wins (empty: sidecars only). "
            "Getty's download endpoint is never called.",
            "order": 3,
        },
        "allowed_hosts": {
            "type": "array",
            "items": {"type": "string"},
            "default": list(DEFAULT_ALLOWED_HOSTS),
            "description": "Hosts files may be fetched from.",
            "order": 4,
        },
        "ninjs_version": {"type": "string", "enum": ["3.1", "2.2"], "default": "3.1", "order": 5},
        "newsroom_endpoint": {
            "type": "string",
            "description": "newsroom: POST each ninjs item here instead of writing files.",
            "order": 6,
        },
        "newsroom_token": {
            "type": "string",
            "airbyte_secret": True,
            "description": "newsroom: bearer token for the endpoint.",
            "order": 7,
        },
        "licensee_name": {
            "type": "string",
            "description": "Licensee when the data names none (downloads carry no licensee).",
            "order": 8,
        },
        "on_bad_record": {
            "type": "string",
            "enum": ["fail", "skip"],
            "default": "fail",
            "description": "A record that cannot be mapped: stop the sync, or skip and count it.",
            "order": 9,
        },
        "batch_size": {"type": "integer", "minimum": 1, "default": 500, "order": 10},
        "work_dir": {
            "type": "string",
            "description": "REST DAMs: folder that keeps merged asset records between syncs "
            "(default: a temporary folder per sync).",
            "order": 11,
        },
        "api_url": {
            "type": "string",
            "description": "resourcespace: base URL (…/api/); bynder: portal URL; "
            "cloudinary: API base (default https://api.cloudinary.com/v1_1).",
            "order": 12,
        },
        "api_user": {"type": "string", "description": "resourcespace: user name.", "order": 13},
        "api_key": {
            "type": "string",
            "airbyte_secret": True,
            "description": "resourcespace: private key; cloudinary: API key.",
            "order": 14,
        },
        "api_secret": {
            "type": "string",
            "airbyte_secret": True,
            "description": "cloudinary: API secret; bynder: permanent token.",
            "order": 15,
        },
        "cloud_name": {"type": "string", "description": "cloudinary: cloud name.", "order": 16},
        "resource_type": {
            "type": "integer",
            "default": 1,
            "description": "resourcespace: resource type of new resources (1 = Photo).",
            "order": 17,
        },
        "s3_bucket_name": {
            "type": "string",
            "description": "folder / newsroom: write to this S3 or S3-compatible bucket instead "
            "of a local path.",
            "order": 19,
        },
        "s3_bucket_path": {
            "type": "string",
            "description": "Folder (key prefix) inside the bucket, e.g. getty/assets.",
            "order": 20,
        },
        "s3_bucket_region": {
            "type": "string",
            "default": "us-east-1",
            "description": "The bucket's region (the SigV4 signing region).",
            "order": 21,
        },
        "s3_endpoint": {
            "type": "string",
            "description": "S3-compatible store (MinIO, Ceph, Garage, R2...): its URL, e.g. "
            "http://minio:9000. Empty for AWS S3.",
            "order": 22,
        },
        "s3_path_style": {
            "type": "boolean",
            "description": "Address the bucket in the path (default: yes when s3_endpoint is "
            "set, virtual-hosted for AWS).",
            "order": 23,
        },
        "access_key_id": {
            "type": "string",
            "airbyte_secret": True,
            "description": "S3 access key id.",
            "order": 24,
        },
        "secret_access_key": {
            "type": "string",
            "airbyte_secret": True,
            "description": "S3 secret access key.",
            "order": 25,
        },
        "field_map": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "REST DAMs: DAM field per mapped field (resourcespace field shortname "
            "or id, bynder metaproperty id, cloudinary structured metadata external id).",
            "order": 18,
        },
    },
}


@dataclass(frozen=True)
class DamConfig:
    dam_type: str
    path: Path | None = None
    embed_metadata: bool = True
    fetch_renditions: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = DEFAULT_ALLOWED_HOSTS
    ninjs_version: str = "3.1"
    newsroom_endpoint: str | None = None
    newsroom_token: str | None = field(default=None, repr=False)
    licensee_name: str | None = None
    on_bad_record: str = "fail"
    batch_size: int = 500
    work_dir: Path | None = None
    api_url: str | None = None
    api_user: str | None = None
    api_key: str | None = field(default=None, repr=False)
    api_secret: str | None = field(default=None, repr=False)
    cloud_name: str | None = None
    resource_type: int = 1
    field_map: dict[str, str] = field(default_factory=dict)
    s3_bucket_name: str | None = None
    s3_bucket_path: str = ""
    s3_bucket_region: str = "us-east-1"
    s3_endpoint: str | None = None
    s3_path_style: bool | None = None
    access_key_id: str | None = field(default=None, repr=False)
    secret_access_key: str | None = field(default=None, repr=False)

    @classmethod
    def from_mapping(cls, raw: dict[str, Any]) -> DamConfig:
        dam_type = raw.get("dam_type")
        if dam_type not in DAM_TYPES:
            raise ConfigError(f"dam_type must be one of {', '.join(DAM_TYPES)}; got {dam_type!r}")
        for name in raw.get("fetch_renditions") or []:
            if name not in RENDITIONS:
                raise ConfigError(
                    f"fetch_renditions: {name!r} is not one of {', '.join(RENDITIONS)}"
                )
        if raw.get("on_bad_record", "fail") not in ("fail", "skip"):
            raise ConfigError("on_bad_record must be 'fail' or 'skip'")
        if raw.get("ninjs_version", "3.1") not in ("3.1", "2.2"):
            raise ConfigError("ninjs_version must be '3.1' or '2.2'")
        config = cls(
            dam_type=dam_type,
            path=Path(raw["path"]) if raw.get("path") else None,
            embed_metadata=bool(raw.get("embed_metadata", True)),
            fetch_renditions=tuple(raw.get("fetch_renditions") or ()),
            allowed_hosts=tuple(raw.get("allowed_hosts") or DEFAULT_ALLOWED_HOSTS),
            ninjs_version=raw.get("ninjs_version", "3.1"),
            newsroom_endpoint=raw.get("newsroom_endpoint") or None,
            newsroom_token=raw.get("newsroom_token") or None,
            licensee_name=raw.get("licensee_name") or None,
            on_bad_record=raw.get("on_bad_record", "fail"),
            batch_size=int(raw.get("batch_size") or 500),
            work_dir=Path(raw["work_dir"]) if raw.get("work_dir") else None,
            api_url=(raw.get("api_url") or "").rstrip("/") or None,
            api_user=raw.get("api_user") or None,
            api_key=raw.get("api_key") or None,
            api_secret=raw.get("api_secret") or None,
            cloud_name=raw.get("cloud_name") or None,
            resource_type=int(raw.get("resource_type") or 1),
            field_map=dict(raw.get("field_map") or {}),
            s3_bucket_name=raw.get("s3_bucket_name") or None,
            s3_bucket_path=raw.get("s3_bucket_path") or "",
            s3_bucket_region=raw.get("s3_bucket_region") or "us-east-1",
            s3_endpoint=(raw.get("s3_endpoint") or "").rstrip("/") or None,
            s3_path_style=raw.get("s3_path_style"),
            access_key_id=raw.get("access_key_id") or None,
            secret_access_key=raw.get("secret_access_key") or None,
        )
        config._require()
        return config

    def _require(self) -> None:
        if self.s3_bucket_name and self.dam_type in ("folder", "newsroom"):
            if self.path:
                raise ConfigError(
                    "give either path (a local folder) or s3_bucket_name (a bucket), not both"
                )
            needs = ["access_key_id", "secret_access_key"]
        else:
            needs = self._needs()
        missing = [name for name in needs if not getattr(self, name)]
        if missing == ["path"]:
            missing = ["path (or s3_bucket_name and its keys)"]
        if missing:
            raise ConfigError(
                f"dam_type {self.dam_type!r} needs {', '.join(missing)} in the config"
            )

    def _needs(self) -> list[str]:
        return {
            "folder": ["path"],
            "newsroom": [] if self.newsroom_endpoint else ["path"],
            "resourcespace": ["api_url", "api_user", "api_key"],
            "cloudinary": ["cloud_name", "api_key", "api_secret"],
            "bynder": ["api_url", "api_secret"],
        }[self.dam_type]

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in logs or errors."""
        values = (
            self.newsroom_token,
            self.api_key,
            self.api_secret,
            self.access_key_id,
            self.secret_access_key,
        )
        return tuple(v for v in values if v)
