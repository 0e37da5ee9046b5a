"""One OAuth token for a whole sync, renewed 60 s before it expires (components.py)."""

from __future__ import annotations

import time
from datetime import timedelta
from types import SimpleNamespace

import getty_sandbox.auth
import source_getty_images.components as components
from airbyte_cdk.utils.datetime_helpers import ab_datetime_now


def tokens_issued(sandbox) -> int:
    return sandbox.admin("stats")["tokens_issued"]


def unauthorized(sandbox) -> int:
    return int(sandbox.stats()["by_status"].get("401", 0))


def test_a_full_sync_of_every_stream_takes_one_token(getty_sandbox_factory, ab):
    sandbox = getty_sandbox_factory(scale="tiny")
    output = ab.Sync(sandbox.config(company_wide=True, requests_per_second=100)).read()
    assert ab.keys_of(output, "downloads") == ab.truth_keys(sandbox.truth("downloads"))
    assert {m.record.stream for m in output.records} == set(ab.STREAMS)
    assert tokens_issued(sandbox) == 1
    assert unauthorized(sandbox) == 0


def test_the_token_is_renewed_60_seconds_before_it_expires(getty_sandbox_factory, ab, monkeypatch):
    """Getty's clock and ours move on together; the token lives 90 s, so it is renewed at 30 s."""
    sandbox = getty_sandbox_factory(scale="tiny", token_ttl=90)
    sync = ab.Sync(sandbox.config(company_wide=True, requests_per_second=100))

    def clocks_ahead_by(seconds: float) -> None:
        real_monotonic = time.monotonic
        monkeypatch.setattr(
            getty_sandbox.auth,
            "time",
            SimpleNamespace(monotonic=lambda: real_monotonic() + seconds),
        )
        monkeypatch.setattr(
            components, "ab_datetime_now", lambda: ab_datetime_now() + timedelta(seconds=seconds)
        )

    sync.read(["downloads"])
    assert tokens_issued(sandbox) == 1

    clocks_ahead_by(20)  # 70 s left: reused
    sync.read(["downloads"])
    assert tokens_issued(sandbox) == 1

    clocks_ahead_by(45)  # 45 s left, inside the 60 s margin: renewed before Getty rejects it
    output = sync.read()
    assert tokens_issued(sandbox) == 2
    assert unauthorized(sandbox) == 0
    assert ab.keys_of(output, "downloads") == ab.truth_keys(sandbox.truth("downloads"))
