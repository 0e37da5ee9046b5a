"""manifest.builder.yaml run as Airbyte Cloud runs it: the Connector Builder, no custom code.

The Builder sends every request through `airbyte_cdk.connector_builder.main` (`read` with the
manifest and the command inside the config); a connector published from it runs in
`source-declarative-manifest` with the manifest in the config. Neither may run custom code
unless AIRBYTE_ENABLE_UNSAFE_CODE=true, which Airbyte Cloud never sets.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from airbyte_cdk.connector_builder.main import handle_request
from airbyte_cdk.models import ConfiguredAirbyteCatalogSerializer, SyncMode
from airbyte_cdk.sources.declarative.concurrent_declarative_source import (
    ConcurrentDeclarativeSource,
)
from airbyte_cdk.sources.declarative.parsers.custom_code_compiler import (
    AirbyteCustomCodeNotPermittedError,
)
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput, read
from getty_sandbox.world import Scale
from source_getty_images import build_manifest
from source_getty_images.run import create_source

STREAMS = ("downloads", "purchased_assets", "orders", "products", "images", "videos", "boards")
INCREMENTAL = ("downloads", "purchased_assets")
REFUSAL = "Custom connector code is not permitted in this environment"
# A year whose 30-day windows hold 99 to 101 downloads each: most of them exactly 100.
HUNDRED_A_WINDOW = Scale(
    downloads=1217, purchases=80, orders=16, assets=600, users=3, boards=2, years=1
)


def load(path: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return manifest


def catalog(streams: tuple[str, ...]) -> Any:
    builder = CatalogBuilder()
    for name in streams:
        builder.with_stream(
            name, SyncMode.incremental if name in INCREMENTAL else SyncMode.full_refresh
        )
    return builder.build()


@pytest.fixture(autouse=True)
def no_custom_code(monkeypatch):
    """Airbyte Cloud: custom code is never allowed."""
    monkeypatch.delenv("AIRBYTE_ENABLE_UNSAFE_CODE", raising=False)


@pytest.fixture
def builder(tmp_path):
    """Send one Connector Builder request; returns the message it prints, parsed."""

    def request(
        manifest: dict[str, Any],
        config: dict[str, Any],
        command: str,
        stream: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        config_path = tmp_path / "config.json"
        config_path.write_text(
            json.dumps(
                config | {"__injected_declarative_manifest": manifest, "__command": command} | extra
            )
        )
        # The read command always takes a catalog; only test_read uses it.
        catalog_path = tmp_path / "catalog.json"
        catalog_json = ConfiguredAirbyteCatalogSerializer.dump(catalog((stream or STREAMS[0],)))
        catalog_path.write_text(json.dumps(catalog_json))
        args = ["read", "--config", str(config_path), "--catalog", str(catalog_path)]
        message: dict[str, Any] = json.loads(handle_request(args))
        return message

    return request


def component_types(node: Any) -> set[str]:
    if isinstance(node, dict):
        own = {node["type"]} if isinstance(node.get("type"), str) else set()
        return own.union(*(component_types(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(component_types(v) for v in node))
    return set()


def test_the_builder_resolves_it_like_the_manifest_without_custom_components(
    builder, getty_sandbox
):
    config = getty_sandbox.config()
    message = builder(load(build_manifest.BUILDER_MANIFEST), config, "resolve_manifest")
    assert message["type"] == "RECORD", message
    resolved = message["record"]["data"]["manifest"]
    assert [s["name"] for s in resolved["streams"]] == list(STREAMS)
    assert not {t for t in component_types(resolved) if t.startswith("Custom")}

    # The same components as manifest.yaml once resolved, but for the two replaced ones.
    main = builder(load(build_manifest.MANIFEST), config, "resolve_manifest")
    main_resolved = main["record"]["data"]["manifest"]
    assert resolved == build_manifest.without_custom_components(main_resolved)


@pytest.mark.parametrize("stream", STREAMS)
def test_the_builder_test_reads_every_stream(builder, getty_sandbox, stream):
    config = getty_sandbox.config(company_wide=True, requests_per_second=100)
    message = builder(load(build_manifest.BUILDER_MANIFEST), config, "test_read", stream)
    assert message["type"] == "RECORD", message
    stream_read = message["record"]["data"]
    errors = [log for log in stream_read["logs"] if log["level"] in ("ERROR", "FATAL")]
    assert not errors
    records = [
        record for s in stream_read["slices"] for page in s["pages"] for record in page["records"]
    ]
    assert records
    expected = getty_sandbox.truth(stream, company=True)
    wanted = {tuple(k) if isinstance(k, list) else k for k in expected["keys"]}
    key = {
        "downloads": lambda r: (r["id"], r["date_downloaded"], r["downloaded_by"]),
        "purchased_assets": lambda r: (r["order_id"], r["asset_id"], r["date_purchased"]),
    }.get(stream, lambda r: r["id"])
    assert {key(r) for r in records} <= wanted


def test_the_builder_refuses_manifest_yaml_without_custom_code(builder, getty_sandbox):
    """What README and docs.md say: manifest.yaml needs self-managed Airbyte with custom code on."""
    manifest, config = load(build_manifest.MANIFEST), getty_sandbox.config()
    message = builder(manifest, config, "test_read", "downloads")
    assert message["type"] == "TRACE"
    assert REFUSAL in message["trace"]["error"]["message"]

    components = (build_manifest.MANIFEST.parent / "components.py").read_text(encoding="utf-8")
    checksum = {"md5": hashlib.md5(components.encode()).hexdigest()}  # noqa: S324 - the CDK's
    with pytest.raises(AirbyteCustomCodeNotPermittedError, match=REFUSAL):
        builder(
            manifest,
            config,
            "test_read",
            "downloads",
            __injected_components_py=components,
            __injected_components_py_checksums=checksum,
        )


def published(manifest: dict[str, Any], config: dict[str, Any]) -> EntrypointOutput:
    """A full sync as Airbyte runs a connector published from the Builder."""
    config = config | {"__injected_declarative_manifest": manifest}
    configured = catalog(STREAMS)
    source = ConcurrentDeclarativeSource(
        catalog=configured,
        config=config,
        state=[],
        source_config=manifest,
        custom_components_trusted=False,  # as source-declarative-manifest does
    )
    return read(source, config, configured)


@pytest.fixture(scope="module")
def full_sync(getty_sandbox):
    config = getty_sandbox.config(company_wide=True, requests_per_second=100)
    return published(load(build_manifest.BUILDER_MANIFEST), config)


@pytest.mark.parametrize("stream", STREAMS)
def test_a_published_sync_is_complete(full_sync, getty_sandbox, ab, stream):
    assert not full_sync.errors
    got = ab.keys_of(full_sync, stream)
    assert len(got) == len(set(got)), f"{stream}: duplicated keys"
    assert got == ab.truth_keys(getty_sandbox.truth(stream, company=True))


def windows_of_exactly_hundreds(sandbox, config) -> int:
    """Downloads windows (30 days from start_date) holding a non-zero multiple of 100."""
    stamps = [
        datetime.strptime(k[1], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        for k in sandbox.truth("downloads")["keys"]
    ]
    start = datetime.strptime(config["start_date"], "%Y-%m-%d").replace(tzinfo=UTC)
    found = 0
    while start < max(stamps):
        end = start + timedelta(days=30) - timedelta(seconds=1)
        count = sum(start <= t <= end for t in stamps)
        found += count > 0 and count % 100 == 0
        start += timedelta(days=30)
    return found


def test_what_the_builder_manifest_costs_more(getty_sandbox_factory, ab):
    """A token per requester, and a 400 InvalidPage after each window of exactly 100.

    The 400 is not cached, so each of the three streams reading downloads (downloads and the
    images and videos parents) asks for it.
    """
    runs = {}
    for name in ("manifest", "builder"):
        sandbox = getty_sandbox_factory(scale=HUNDRED_A_WINDOW)
        config = sandbox.config(company_wide=True, requests_per_second=100)
        if name == "manifest":
            output = read(create_source(config, catalog(STREAMS)), config, catalog(STREAMS))
        else:
            output = published(load(build_manifest.BUILDER_MANIFEST), config)
        assert not output.errors
        assert ab.keys_of(output, "downloads") == ab.truth_keys(sandbox.truth("downloads"))
        runs[name] = (sandbox.admin("stats")["tokens_issued"], sandbox.stats()["by_status"])

    (main_tokens, main_status), (builder_tokens, builder_status) = runs.values()
    assert main_tokens == 1 and "400" not in main_status
    assert builder_tokens > 1
    exact = windows_of_exactly_hundreds(sandbox, config)  # the same account for both runs
    assert exact > 0, "the sandbox account should hold windows of exactly 100 downloads"
    assert builder_status["400"] == 3 * exact
