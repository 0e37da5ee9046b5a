"""Helpers for the Getty source tests: build a catalog, run a read, project records to keys."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from types import SimpleNamespace
from typing import Any

import pytest
from airbyte_cdk.models import AirbyteStateMessage, SyncMode
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput, read
from airbyte_cdk.test.models.outcome import ExpectedOutcome
from airbyte_cdk.test.state_builder import StateBuilder
from source_getty_images.components import forget_tokens
from source_getty_images.run import create_source

os.environ.setdefault("AIRBYTE_OFFLINE_MODE", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")

STREAMS = ("downloads", "purchased_assets", "orders", "products", "images", "videos", "boards")
INCREMENTAL = ("downloads", "purchased_assets")
# The keys the sandbox's ground truth uses, in the same order.
KEYS: dict[str, tuple[str, ...]] = {
    "downloads": ("id", "date_downloaded", "downloaded_by"),
    "purchased_assets": ("order_id", "asset_id", "date_purchased"),
}


def pytest_configure(config: pytest.Config) -> None:
    # Markers of the CDK's standard tests (their Docker image tests skip: no Docker in CI).
    config.addinivalue_line("markers", "image_tests: the CDK standard tests' Docker image tests")
    config.addinivalue_line("markers", "requires_creds: CDK standard tests needing real secrets")


def key_of(stream: str, record: Mapping[str, Any]) -> Any:
    fields = KEYS.get(stream, ("id",))
    return tuple(record[f] for f in fields) if len(fields) > 1 else record[fields[0]]


def truth_keys(truth: Mapping[str, Any]) -> list[Any]:
    return sorted(tuple(k) if isinstance(k, list) else k for k in truth["keys"])


@pytest.fixture(autouse=True)
def fresh_tokens():
    """Each test fetches its own token: the source shares tokens process-wide."""
    forget_tokens()
    yield
    forget_tokens()


class Sync:
    """Runs the source in-process, as the platform would (read command through the entrypoint)."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = dict(config)

    def catalog(self, streams: Iterable[str]) -> Any:
        builder = CatalogBuilder()
        for name in streams:
            mode = SyncMode.incremental if name in INCREMENTAL else SyncMode.full_refresh
            builder.with_stream(name, mode)
        return builder.build()

    def read(
        self,
        streams: Iterable[str] = STREAMS,
        state: list[AirbyteStateMessage] | None = None,
        expect_failure: bool = False,
    ) -> EntrypointOutput:
        catalog = self.catalog(streams)
        source = create_source(self.config, catalog, state)
        outcome = (
            ExpectedOutcome.EXPECT_EXCEPTION if expect_failure else ExpectedOutcome.EXPECT_SUCCESS
        )
        return read(source, self.config, catalog, state, expected_outcome=outcome)


def records_of(output: EntrypointOutput, stream: str) -> list[dict[str, Any]]:
    return [m.record.data for m in output.records if m.record.stream == stream]


def keys_of(output: EntrypointOutput, stream: str) -> list[Any]:
    return sorted(key_of(stream, r) for r in records_of(output, stream))


def state_of(stream: str, value: Mapping[str, Any]) -> list[AirbyteStateMessage]:
    return StateBuilder().with_stream_state(stream, dict(value)).build()


@pytest.fixture(scope="session")
def ab() -> SimpleNamespace:
    """The helpers above, for test modules (conftest is not importable in importlib mode)."""
    return SimpleNamespace(
        Sync=Sync,
        STREAMS=STREAMS,
        key_of=key_of,
        keys_of=keys_of,
        records_of=records_of,
        truth_keys=truth_keys,
        state_of=state_of,
    )
