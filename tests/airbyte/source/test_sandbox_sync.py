"""Syncs against the Getty sandbox: completeness, incremental reads, checkpoints, check.

Faults and pacing: test_sandbox_faults.py."""

from __future__ import annotations

import logging
import math
import os
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from unittest import mock

import pytest
from airbyte_cdk.models import AirbyteStateMessage, AirbyteStateType, Status, SyncMode
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput, read
from airbyte_cdk.utils.constants import ENV_REQUEST_CACHE_PATH
from getty_sandbox.world import Scale
from source_getty_images.run import create_source

PARENT_STREAMS = ("downloads", "purchased_assets")
# The windows the manifest cuts the parents' history into (README, "How the manifest does it").
WINDOW_DAYS = {"downloads": 30, "purchased_assets": 90}
ONE_YEAR = Scale(downloads=150, purchases=80, orders=16, assets=120, users=3, boards=2, years=1)


def parse(ts: str) -> datetime:
    return datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def read_as(
    mode: SyncMode,
    config: dict,
    streams: tuple[str, ...],
    state: list[AirbyteStateMessage] | None = None,
) -> EntrypointOutput:
    """Read `streams`, every one configured in `mode` (children support both modes too)."""
    builder = CatalogBuilder()
    for name in streams:
        builder.with_stream(name, mode)
    catalog = builder.build()
    return read(create_source(config, catalog, state), config, catalog, state)


def windows_since(start: date, stream: str) -> int:
    """How many windows the stream's history from `start` until now takes."""
    if stream == "downloads":  # exact seconds, up to now
        span = datetime.now(UTC) - datetime.combine(start, time(), UTC)
    else:  # whole days, today included
        span = datetime.now(UTC).date() - start + timedelta(days=1)
    return math.ceil(span / timedelta(days=WINDOW_DAYS[stream]))


def final_states(output: EntrypointOutput) -> list[AirbyteStateMessage]:
    """The last state message of every stream: what the platform would persist."""
    last: dict[str, AirbyteStateMessage] = {}
    for message in output.state_messages:
        state = message.state
        assert state.type == AirbyteStateType.STREAM
        last[state.stream.stream_descriptor.name] = state
    return list(last.values())


@pytest.fixture(scope="module")
def full_sync(getty_sandbox, ab):
    """Every stream, the whole three-year account, company-wide."""
    config = getty_sandbox.config(company_wide=True, requests_per_second=100)
    return ab.Sync(config).read()


@pytest.mark.parametrize(
    "stream", ["downloads", "purchased_assets", "orders", "products", "images", "videos", "boards"]
)
def test_every_record_once_against_ground_truth(full_sync, getty_sandbox, ab, stream):
    got = ab.keys_of(full_sync, stream)
    expected = ab.truth_keys(getty_sandbox.truth(stream, company=True))
    assert len(got) == len(set(got)), f"{stream}: duplicated keys"
    assert got == expected


def test_records_match_their_schemas(full_sync, ab):
    import jsonschema
    from source_getty_images.schemas import load_schema

    for stream in ab.STREAMS:
        validator = jsonschema.Draft7Validator(load_schema(stream))
        for record in ab.records_of(full_sync, stream):
            errors = [e.message for e in validator.iter_errors(record)]
            assert not errors, (stream, errors[:3])


def test_metadata_carries_the_rights_fields(full_sync, ab):
    images = ab.records_of(full_sync, "images")
    assert images and all("keywords" in r and "allowed_use" in r for r in images)
    assert any(r["editorial_segments"] for r in images)
    assert all(r["credit_line"] for r in images)
    downloads = ab.records_of(full_sync, "downloads")
    assert all(r["downloaded_by"] == r["user"]["username"] for r in downloads)
    boards = ab.records_of(full_sync, "boards")
    assert all(r["board_relationship"] in ("owned", "invited") for r in boards)
    assert any(r["assets"] for r in boards)


def test_forbidden_and_missing_orders_are_skipped_with_a_message(full_sync, getty_sandbox):
    truth = getty_sandbox.truth("orders", company=True)
    skipped = truth["forbidden"] + truth["not_found"]
    assert skipped, "the sandbox account should hold inaccessible orders"
    for order_id in skipped:
        assert full_sync.is_in_logs(f"Skipped order {order_id}")
    assert not full_sync.errors


def test_calls_one_per_order_and_one_per_hundred_assets(getty_sandbox_factory, ab):
    sandbox = getty_sandbox_factory(scale="tiny")
    ab.Sync(sandbox.config(company_wide=True, requests_per_second=100)).read()
    routes = sandbox.stats()["by_route"]
    orders = sandbox.truth("orders")
    assert routes["GET /v3/orders/{order_id}"] == (
        len(orders["keys"]) + len(orders["forbidden"]) + len(orders["not_found"])
    )
    metadata_calls = 0
    for kind in ("images", "videos"):
        truth = sandbox.truth(kind)
        metadata_calls += math.ceil((len(truth["keys"]) + len(truth["not_found"])) / 100)
    assert routes["GET /v3/{kind}"] == metadata_calls


def test_full_refresh_twice_gives_the_same_records(getty_sandbox_factory, ab):
    sandbox = getty_sandbox_factory(scale="tiny")
    config = sandbox.config(company_wide=True, requests_per_second=100)
    first, second = (read_as(SyncMode.full_refresh, config, ab.STREAMS) for _ in range(2))
    for stream in ab.STREAMS:
        by_key = [
            {ab.key_of(stream, r): r for r in ab.records_of(out, stream)} for out in (first, second)
        ]
        assert by_key[0] == by_key[1], stream
        assert sorted(by_key[0]) == ab.truth_keys(sandbox.truth(stream)), stream


def test_second_incremental_read_returns_only_the_lookback(getty_sandbox_factory, ab):
    sandbox = getty_sandbox_factory(scale="tiny")
    sync = ab.Sync(sandbox.config(company_wide=True, lookback_days=2, requests_per_second=100))
    streams = ("downloads", "purchased_assets", "orders", "images", "videos")
    first = sync.read(streams)
    second = sync.read(streams, state=final_states(first))
    downloads = ab.records_of(first, "downloads")
    cursor = max(parse(r["date_downloaded"]) for r in downloads)
    expected = sorted(
        ab.key_of("downloads", r)
        for r in downloads
        if parse(r["date_downloaded"]) >= cursor - timedelta(days=2)
    )
    assert ab.keys_of(second, "downloads") == expected
    purchases = ab.records_of(first, "purchased_assets")
    newest_day = max(parse(r["date_purchased"]) for r in purchases).date()
    expected_purchases = sorted(
        ab.key_of("purchased_assets", r)
        for r in purchases
        if parse(r["date_purchased"]).date() >= newest_day - timedelta(days=2)
    )
    assert ab.keys_of(second, "purchased_assets") == expected_purchases
    # Children follow their parents' saved cursors: only orders of re-read purchases, and
    # metadata of assets re-read since each asset type's own last record.
    assert set(ab.keys_of(second, "orders")) == {k[0] for k in expected_purchases}
    recent_images = {k[0] for k in expected} | {k[1] for k in expected_purchases}
    second_images = set(ab.keys_of(second, "images"))
    assert second_images and second_images <= recent_images
    assert len(second_images) < len(ab.keys_of(first, "images"))
    assert set(ab.keys_of(second, "videos")) < set(ab.keys_of(first, "videos"))


@pytest.mark.parametrize("stream", ["downloads", "purchased_assets", "orders", "images", "videos"])
def test_resuming_from_any_checkpoint_loses_nothing(getty_sandbox_factory, ab, stream):
    """A sync killed right after any state message, then resumed from it, misses no record."""
    sandbox = getty_sandbox_factory(scale=ONE_YEAR)
    start = datetime.now(UTC).date() - timedelta(days=200)
    config = sandbox.config(
        company_wide=True, lookback_days=0, requests_per_second=100, start_date=f"{start}"
    )
    first = read_as(SyncMode.incremental, config, (stream,))
    expected = set(ab.truth_keys(sandbox.truth(stream, date_from=f"{start}")))
    assert expected
    seen: set = set()
    checkpoints = 0
    for message in first.records_and_state_messages:
        if message.record is not None:
            seen.add(ab.key_of(stream, message.record.data))
            continue
        checkpoints += 1
        resumed = read_as(SyncMode.incremental, config, (stream,), state=[message.state])
        missing = expected - (seen | set(ab.keys_of(resumed, stream)))
        assert not missing, f"resuming from checkpoint {checkpoints} lost {len(missing)} records"
    assert seen == expected
    if stream in PARENT_STREAMS:  # a checkpoint after every window
        assert checkpoints >= windows_since(start, stream) >= 3
    else:  # children checkpoint when their parents' reading starts and ends
        assert checkpoints >= 2


def test_state_in_the_future_reads_nothing_but_emits_state(getty_sandbox, ab):
    sync = ab.Sync(getty_sandbox.config(company_wide=True))
    state = ab.state_of("downloads", {"date_downloaded": "2031-01-01T00:00:00Z"})
    state += ab.state_of("purchased_assets", {"date_purchased": "2031-01-01"})
    output = sync.read(["downloads", "purchased_assets"], state=state)
    assert output.records == []
    streams_with_state = {m.state.stream.stream_descriptor.name for m in output.state_messages}
    assert streams_with_state == {"downloads", "purchased_assets"}


def check(config: dict) -> tuple[Status, str]:
    """Run `check` as the entrypoint would: with a request cache of its own."""
    with (
        tempfile.TemporaryDirectory() as cache_dir,
        mock.patch.dict(os.environ, {ENV_REQUEST_CACHE_PATH: cache_dir}),
    ):
        status = create_source(config).check(logging.getLogger("test"), config)
    return status.status, status.message or ""


def test_check_succeeds_with_a_user_token(getty_sandbox):
    assert check(getty_sandbox.config()) == (Status.SUCCEEDED, "")


def test_check_names_the_fix_for_a_client_credentials_token(getty_sandbox):
    config = getty_sandbox.config(credentials={"auth_type": "client_credentials"})
    status, message = check(config)
    assert status == Status.FAILED
    assert (
        "password" in message
        and "refresh_token" in message
        and "InsufficientPermissions" in message
    )


def test_check_names_company_wide_without_that_permission(getty_sandbox_factory):
    sandbox = getty_sandbox_factory(scale="tiny", company_access=False)
    status, message = check(sandbox.config(company_wide=True))
    assert status == Status.FAILED
    assert "company_wide" in message
    assert check(sandbox.config(company_wide=False))[0] == Status.SUCCEEDED


def test_check_fails_cleanly_on_a_wrong_secret(getty_sandbox):
    status, message = check(getty_sandbox.config(api_secret="wrong-secret"))
    assert status == Status.FAILED
    assert "wrong-secret" not in message
