"""`source-getty-images`: run the manifest with the Airbyte CDK (spec, check, discover, read).

For PyAirbyte, scripts and local tests; the Airbyte platform runs manifest.yaml itself.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

import yaml
from airbyte_cdk.entrypoint import AirbyteEntrypoint, launch
from airbyte_cdk.models import AirbyteStateMessage, ConfiguredAirbyteCatalog
from airbyte_cdk.sources.declarative.concurrent_declarative_source import (
    ConcurrentDeclarativeSource,
)

from . import components
from .memory import release_freed_memory_periodically

# The manifest names its components as a manifest-only connector's: this module name.
COMPONENTS_MODULE = "source_declarative_manifest.components"


def load_manifest() -> dict[str, Any]:
    text = files(__package__).joinpath("manifest.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 4x faster
    manifest: dict[str, Any] = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    return manifest


def create_source(
    config: Mapping[str, Any] | None = None,
    catalog: ConfiguredAirbyteCatalog | None = None,
    state: list[AirbyteStateMessage] | None = None,
) -> ConcurrentDeclarativeSource:
    """The declarative source for this manifest; catalog and state size its concurrency."""
    sys.modules[COMPONENTS_MODULE] = components  # as source-declarative-manifest would
    return ConcurrentDeclarativeSource(
        catalog=catalog,
        config=config,
        state=state or [],
        source_config=load_manifest(),
    )


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    parsed = AirbyteEntrypoint.parse_args(args)
    config = ConcurrentDeclarativeSource.read_config(parsed.config) if "config" in parsed else None
    catalog = (
        ConcurrentDeclarativeSource.read_catalog(parsed.catalog) if "catalog" in parsed else None
    )
    state = ConcurrentDeclarativeSource.read_state(parsed.state) if "state" in parsed else []
    if parsed.command == "read":
        release_freed_memory_periodically()
    launch(create_source(config, catalog, state), args)


if __name__ == "__main__":
    main()
