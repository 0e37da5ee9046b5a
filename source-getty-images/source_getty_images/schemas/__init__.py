"""The stream schemas: one JSON Schema file per stream, the single source of truth.

The Airbyte manifest carries copies inline (Airbyte Cloud has no package files); `python -m
source_getty_images.build_manifest` writes them, and a test fails when they drift. The Singer
tap loads the same files through `load_schema`.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

STREAMS = (
    "downloads",
    "purchased_assets",
    "orders",
    "products",
    "images",
    "videos",
    "boards",
)


def load_schema(stream: str) -> dict[str, Any]:
    """The JSON Schema of `stream` (a fresh dict each call)."""
    if stream not in STREAMS:
        raise KeyError(f"unknown stream {stream!r}; the streams are {list(STREAMS)}")
    text = files(__name__).joinpath(f"{stream}.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
