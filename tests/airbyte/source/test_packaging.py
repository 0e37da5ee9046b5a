"""The manifest, its inline schemas, the packaging files and the installed command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from source_getty_images import build_manifest
from source_getty_images.run import load_manifest
from source_getty_images.schemas import STREAMS, load_schema

CONNECTOR_DIR = Path(__file__).resolve().parents[3] / "source-getty-images"


def test_inline_schemas_match_the_schema_files():
    current = build_manifest.MANIFEST.read_text(encoding="utf-8")
    assert build_manifest.render(current) == current, (
        "manifest.yaml is out of date: run python -m source_getty_images.build_manifest"
    )
    assert load_manifest()["schemas"] == {s: load_schema(s) for s in STREAMS}


def test_builder_manifest_is_generated_from_the_manifest():
    current = build_manifest.MANIFEST.read_text(encoding="utf-8")
    builder = build_manifest.BUILDER_MANIFEST.read_text(encoding="utf-8")
    assert build_manifest.render_builder(current) == builder, (
        "manifest.builder.yaml is out of date: run python -m source_getty_images.build_manifest"
    )


def test_builder_manifest_has_no_custom_components():
    """The Connector Builder on Airbyte Cloud runs no custom code."""
    text = build_manifest.BUILDER_MANIFEST.read_text(encoding="utf-8")
    assert "source_declarative_manifest.components" not in text
    assert "class_name" not in text

    def component_types(node):
        if isinstance(node, dict):
            if isinstance(node.get("type"), str):
                yield node["type"]
            for value in node.values():
                yield from component_types(value)
        elif isinstance(node, list):
            for value in node:
                yield from component_types(value)

    types = set(component_types(yaml.safe_load(text)))
    assert not {t for t in types if t.startswith("Custom")}
    assert {"PageIncrement", "OAuthAuthenticator"} <= types


def test_a_custom_component_without_replacement_stops_the_builder_manifest():
    manifest = "paginator:\n  type: CustomPaginationStrategy\n  class_name: x.Other\n"
    with pytest.raises(ValueError, match=r"'x\.Other'.*BUILT_IN_REPLACEMENTS"):
        build_manifest.render_builder(manifest)


def test_manifest_streams_and_keys_are_the_shared_contract():
    manifest = load_manifest()
    streams = {s["name"]: s for s in manifest["streams"]}
    assert tuple(streams) == STREAMS
    assert streams["downloads"]["primary_key"] == ["id", "date_downloaded", "downloaded_by"]
    assert streams["purchased_assets"]["primary_key"] == ["order_id", "asset_id", "date_purchased"]
    for name in ("orders", "products", "images", "videos", "boards"):
        assert streams[name]["primary_key"] == ["id"]
    for name, stream in streams.items():
        required = load_schema(name)["required"]
        assert set(stream["primary_key"]) <= set(required), name


def test_spec_has_the_shared_config_keys_and_hides_secrets():
    spec = load_manifest()["spec"]["connection_specification"]
    props = spec["properties"]
    assert list(props) == [
        "api_key",
        "api_secret",
        "credentials",
        "start_date",
        "lookback_days",
        "company_wide",
        "product_types",
        "requests_per_second",
        "api_base_url",
        "auth_url",
    ]
    assert props["api_key"]["airbyte_secret"] and props["api_secret"]["airbyte_secret"]
    grants = {o["properties"]["auth_type"]["const"]: o for o in props["credentials"]["oneOf"]}
    assert set(grants) == {"password", "refresh_token", "client_credentials"}
    assert grants["password"]["properties"]["password"]["airbyte_secret"]
    assert grants["refresh_token"]["properties"]["refresh_token"]["airbyte_secret"]
    assert "403" in grants["client_credentials"]["description"]
    assert all(g["properties"]["auth_type"]["title"] for g in grants.values())


def test_spec_groups_fields_into_cards_with_examples():
    """Airbyte's form: `group` on top-level fields only, `groups` titles and orders the cards."""
    spec = load_manifest()["spec"]["connection_specification"]
    props = spec["properties"]
    assert [(g["id"], bool(g["title"])) for g in spec["groups"]] == [
        ("auth", True),
        ("sync", True),
        ("advanced", True),
    ]
    groups = {name: prop["group"] for name, prop in props.items()}
    assert groups == {
        "api_key": "auth",
        "api_secret": "auth",
        "credentials": "auth",
        "start_date": "sync",
        "lookback_days": "sync",
        "company_wide": "sync",
        "product_types": "sync",
        "requests_per_second": "advanced",
        "api_base_url": "advanced",
        "auth_url": "advanced",
    }
    for option in props["credentials"]["oneOf"]:
        assert all("group" not in field for field in option["properties"].values())
    for group in {g["id"] for g in spec["groups"]}:
        orders = [p["order"] for p in props.values() if p["group"] == group]
        assert len(orders) == len(set(orders)), f"order repeats within group {group}"
    # Every example must be a value the spec itself accepts.
    examples = {name: prop["examples"] for name, prop in props.items() if "examples" in prop}
    assert set(examples) == {
        "start_date",
        "lookback_days",
        "product_types",
        "requests_per_second",
        "api_base_url",
        "auth_url",
    }
    for name, values in examples.items():
        schema = {"type": "object", "properties": {name: props[name]}}
        for value in values:
            jsonschema.validate({name: value}, schema, format_checker=jsonschema.FormatChecker())
    assert props["api_base_url"]["examples"][0] == props["api_base_url"]["default"]
    assert props["auth_url"]["examples"][0] == props["auth_url"]["default"]


def test_manifest_uses_only_the_documented_custom_components():
    """Python only where the manifest cannot declare it; the README names each class."""
    text = (CONNECTOR_DIR / "source_getty_images" / "manifest.yaml").read_text()
    custom = {
        line.split("class_name:")[-1].strip() for line in text.splitlines() if "class_name:" in line
    }
    assert custom == {
        "source_declarative_manifest.components.ResultCountPageIncrement",
        "source_declarative_manifest.components.SharedTokenOAuthenticator",
        "source_declarative_manifest.components.NotFoundLoggingExtractor",
    }
    readme = (CONNECTOR_DIR / "README.md").read_text()
    assert all(name.rsplit(".", 1)[1] in readme for name in custom)
    assert (CONNECTOR_DIR / "source_getty_images" / "components.py").exists()


def test_metadata_allows_the_getty_hosts_and_the_configured_ones():
    metadata = yaml.safe_load((CONNECTOR_DIR / "metadata.yaml").read_text())["data"]
    hosts = metadata["allowedHosts"]["hosts"]
    assert {"api.gettyimages.com", "authentication.gettyimages.com"} <= set(hosts)
    assert "${api_base_url}" in hosts and "${auth_url}" in hosts
    assert (CONNECTOR_DIR / metadata["icon"]).exists()
    assert metadata["dockerRepository"] == "airbyte/source-getty-images"


def test_command_prints_the_spec():
    out = subprocess.run(
        [str(Path(sys.executable).parent / "source-getty-images"), "spec"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    specs = [json.loads(line) for line in out.splitlines() if '"SPEC"' in line]
    assert specs[0]["spec"]["connectionSpecification"]["title"] == "Getty Images"


def test_wheel_carries_the_manifest_and_schemas(tmp_path):
    """A non-editable install gets the package data the command needs."""
    source = tmp_path / "src"
    shutil.copytree(CONNECTOR_DIR, source, ignore=shutil.ignore_patterns("*.egg-info", "build"))
    subprocess.run(
        [sys.executable, "-c", "import setuptools.build_meta as b; b.build_wheel('dist')"],
        cwd=source,
        check=True,
        capture_output=True,
    )
    wheel = next((source / "dist").glob("getty_images_source-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "source_getty_images/manifest.yaml" in names
    assert "source_getty_images/manifest.builder.yaml" in names
    assert {f"source_getty_images/schemas/{s}.json" for s in STREAMS} <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "source-getty-images = source_getty_images.run:main" in (
        zipfile.ZipFile(wheel).read(entry_points).decode()
    )
