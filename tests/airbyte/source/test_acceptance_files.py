"""The checks Airbyte's Connector Acceptance Tests ran with integration_tests/, on the sandbox.

The CDK's standard tests (test_standard_suite.py) read acceptance-test-config.yml but compare no
records and run no incremental read; the CDK rejects `expect_records` in the file. So this module
checks the files themselves: a basic read returns exactly expected_records.jsonl (written by
integration_tests/record_expected.py from a fixed sandbox account), a read from
abnormal_state.json returns nothing and keeps every state, and that file covers every
incremental stream.
"""

from __future__ import annotations

import json
import runpy
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from airbyte_cdk.models import AirbyteStateMessageSerializer, SyncMode
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import read
from source_getty_images.components import forget_tokens
from source_getty_images.run import create_source

CONNECTOR_DIR = Path(__file__).resolve().parents[3] / "source-getty-images"
INTEGRATION = CONNECTOR_DIR / "integration_tests"
ACCEPTANCE = yaml.safe_load((CONNECTOR_DIR / "acceptance-test-config.yml").read_text())
RECORDER = runpy.run_path(str(INTEGRATION / "record_expected.py"))


@pytest.fixture(scope="module")
def account():
    """The recorder's sandbox account, its config and its discovered catalog."""
    sandbox = RECORDER["start_account"]()
    config = RECORDER["config_for"](sandbox)
    yield sandbox, config, RECORDER["discovered"](config)
    sandbox.server.stop()


def future_state_test() -> dict[str, Any]:
    (test,) = ACCEPTANCE["acceptance_tests"]["incremental"]["tests"]
    return test["future_state"]


def future_state_messages() -> list[dict[str, Any]]:
    path = INTEGRATION.parent / future_state_test()["future_state_path"]
    return json.loads(path.read_text())


def by_key(records: list[tuple[str, Any]], keys: dict[str, list[str]]) -> dict[str, dict]:
    """stream -> primary key -> record; a key seen twice fails."""
    streams: dict[str, dict] = {}
    for stream, data in records:
        key = RECORDER["key_of"](data, keys[stream])
        assert key not in streams.setdefault(stream, {}), f"{stream}: key {key} twice"
        streams[stream][key] = data
    return streams


def test_acceptance_config_declares_every_test_at_high_strictness():
    assert ACCEPTANCE["test_strictness_level"] == "high"
    tests = ACCEPTANCE["acceptance_tests"]
    for section in ("spec", "connection", "discovery", "basic_read", "full_refresh"):
        assert tests[section].get("tests") or tests[section].get("bypass_reason"), section
    for entry in tests["basic_read"]["tests"]:
        assert "configured_catalog_path" not in entry  # high reads the discovered catalog
        assert all(s.get("bypass_reason") for s in entry.get("empty_streams", []))
    assert all(s.get("bypass_reason") for s in future_state_test().get("missing_streams", []))


def test_basic_read_returns_the_expected_records(account):
    sandbox, config, catalog = account
    keys = RECORDER["primary_keys"](catalog)
    lines = RECORDER["EXPECTED_RECORDS"].read_text(encoding="utf-8").splitlines()
    expected = by_key([(r["stream"], r["data"]) for r in map(json.loads, lines)], keys)
    read_records = [
        (stream, RECORDER["canonical"](data, sandbox.url))
        for stream, data in RECORDER["full_refresh_read"](config, keys)
    ]
    actual = by_key(read_records, keys)

    assert set(actual) == set(keys), "every stream returns records from the sandbox account"
    assert set(expected) == set(keys), "expected_records.jsonl covers every stream"
    for stream in keys:
        missing = expected[stream].keys() - actual[stream].keys()
        extra = actual[stream].keys() - expected[stream].keys()
        changed = [
            k
            for k in expected[stream].keys() & actual[stream].keys()
            if expected[stream][k] != actual[stream][k]
        ]
        assert not (missing or extra or changed), (
            f"{stream}: {len(missing)} expected records not read (e.g. {sorted(missing)[:3]}), "
            f"{len(extra)} extra (e.g. {sorted(extra)[:3]}), {len(changed)} changed "
            f"(e.g. {sorted(changed)[:3]}); if the change is intended, regenerate with "
            "integration_tests/record_expected.py"
        )


def test_future_state_reads_nothing_and_keeps_every_state(account):
    _, config, _ = account
    messages = future_state_messages()
    state = [AirbyteStateMessageSerializer.load(m) for m in messages]
    given = {
        m["stream"]["stream_descriptor"]["name"]: m["stream"]["stream_state"] for m in messages
    }
    builder = CatalogBuilder()
    for name in given:
        builder.with_stream(name, SyncMode.incremental)
    configured = builder.build()
    forget_tokens()

    output = read(create_source(config, configured, state), config, configured, state)

    assert not output.errors
    assert Counter(r.record.stream for r in output.records) == Counter()
    emitted: dict[str, Any] = {}
    for message in output.state_messages:
        stream = message.state.stream
        emitted[stream.stream_descriptor.name] = stream.stream_state.__dict__
    assert set(emitted) == set(given), "a state for every stream, even without records"
    for name, value in given.items():
        kept = {k: v for k, v in emitted[name].items() if k != "lookback_window"}
        assert kept == value, f"{name}: the future state must come back unchanged"


def test_future_state_covers_every_incremental_stream(account):
    _, _, catalog = account
    incremental = {
        s.name: s.default_cursor_field[0]
        for s in catalog.streams
        if SyncMode.incremental in s.supported_sync_modes
    }
    assert {"downloads", "purchased_assets", "orders", "images", "videos"} <= set(incremental)
    given = {
        m["stream"]["stream_descriptor"]["name"]: m["stream"]["stream_state"]
        for m in future_state_messages()
    }
    bypassed = {s["name"] for s in future_state_test().get("missing_streams", [])}
    assert set(incremental) == set(given) | bypassed
    for name, cursor in incremental.items():
        if name in given:
            # Children keep a global cursor and their parents' states beside it.
            value = given[name].get("state", given[name])
            assert value[cursor] > "2099", f"{name}: {cursor} must be in the far future"
