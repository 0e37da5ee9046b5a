"""One config for both connectors, and Meltano settings that match the tap's schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from tap_getty_images.settings import CONFIG_SCHEMA

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = ROOT / "source-getty-images" / "source_getty_images" / "manifest.yaml"
PLUGIN_FILES = [ROOT / "meltano.yml", ROOT / "source-getty-images/meltano-hub/tap-getty-images.yml"]
TAP_SCHEMA = CONFIG_SCHEMA  # the tap's own settings, before singer-sdk adds its built-ins


def flat_settings(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Setting name (dotted for credentials.*) to its JSON schema."""
    flat: dict[str, dict[str, Any]] = {}
    for name, prop in schema["properties"].items():
        for option in prop.get("oneOf", []):
            for sub, sub_prop in option["properties"].items():
                flat[f"{name}.{sub}"] = sub_prop
        if "oneOf" not in prop:
            flat[name] = prop
    return flat


def test_tap_accepts_the_airbyte_sources_config_keys_and_defaults() -> None:
    spec = yaml.safe_load(MANIFEST.read_text())["spec"]["connection_specification"]
    airbyte, tap = flat_settings(spec), flat_settings(TAP_SCHEMA)
    assert set(airbyte) == set(tap)
    assert set(spec["required"]) == set(TAP_SCHEMA["required"])
    for name, prop in airbyte.items():
        assert prop.get("default") == tap[name].get("default"), name
        assert bool(prop.get("airbyte_secret")) == bool(tap[name].get("secret")), name
        assert constraints(prop) == constraints(tap[name]), name  # one config.json for both
    assert credential_options(spec) == credential_options(TAP_SCHEMA)


def credential_options(schema: dict[str, Any]) -> dict[str, set[str]]:
    """auth_type to the fields that option requires."""
    return {
        option["properties"]["auth_type"]["const"]: set(option.get("required", [])) - {"auth_type"}
        for option in schema["properties"]["credentials"]["oneOf"]
    }


def constraints(prop: dict[str, Any]) -> dict[str, Any]:
    """What a value must satisfy: its type (null aside), bounds, format, allowed items."""
    if "const" in prop:  # credentials.auth_type: compared by credential_options
        return {}
    types = prop.get("type", [])
    return {
        "type": {types} - {"null"} if isinstance(types, str) else set(types) - {"null"},
        "minimum": prop.get("minimum"),
        "maximum": prop.get("maximum"),
        "format": prop.get("format"),
        "items": (prop.get("items") or {}).get("enum"),
    }


@pytest.mark.parametrize("path", PLUGIN_FILES, ids=lambda p: p.name)
def test_meltano_settings_match_the_tap(path: Path) -> None:
    document = yaml.safe_load(path.read_text())
    plugin = document["plugins"]["extractors"][0] if "plugins" in document else document
    assert plugin["namespace"] == "tap_getty_images"
    assert plugin["executable"] == "tap-getty-images"
    settings = {s["name"]: s for s in plugin["settings"]}
    tap = flat_settings(TAP_SCHEMA)
    assert set(settings) == set(tap)
    for name, setting in settings.items():
        assert bool(setting.get("sensitive")) == bool(tap[name].get("secret")), name
        assert setting.get("value", tap[name].get("default")) == tap[name].get("default"), name
    assert set(plugin["capabilities"]) >= {
        "about",
        "discover",
        "catalog",
        "state",
        "stream-maps",
        "schema-flattening",
        "batch",
        "structured-logging",
    }
