"""Full and incremental syncs against the sandbox, checked against its ground truth."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from tap_getty_images.windows import day_windows, instant_windows, parse_instant

STREAMS = ("downloads", "purchased_assets", "orders", "images", "videos", "products", "boards")


@pytest.fixture(scope="module")
def full_sync(getty_sandbox: Any, run: Any) -> Any:
    getty_sandbox.set_faults()
    getty_sandbox.reset()
    output = run(getty_sandbox.config(company_wide=True, requests_per_second=100))
    return output, getty_sandbox.stats()


@pytest.mark.parametrize("stream", STREAMS)
def test_full_sync_matches_ground_truth_over_three_years(
    getty_sandbox: Any, full_sync: Any, stream: str, truth: Any
) -> None:
    output, _ = full_sync
    expected = truth(getty_sandbox, stream)
    assert len(expected) > 5
    assert sorted(output.keys(stream)) == sorted(expected)
    assert output.duplicates(stream) == []


def test_calls_are_the_minimum(getty_sandbox: Any, full_sync: Any) -> None:
    """One call per distinct order, 100 ids a metadata call, no page past the end.

    Each asset type may take one short call more than the minimum: the ids still waiting for
    a full call when `downloads` ends are fetched then, so its last window can settle."""
    _, stats = full_sync
    routes = stats["by_route"]
    orders = getty_sandbox.truth("orders")
    assert routes["GET /v3/orders/{order_id}"] == (
        orders["count"] + len(orders["forbidden"]) + len(orders["not_found"])
    )
    metadata_calls = sum(
        math.ceil((t["count"] + len(t["not_found"])) / 100)
        for t in (getty_sandbox.truth("images"), getty_sandbox.truth("videos"))
    )
    assert metadata_calls <= routes["GET /v3/{kind}"] <= metadata_calls + 2
    assert routes["POST /oauth2/token"] == 1  # one token for every stream and thread
    assert "400" not in stats["by_status"]  # never a page past the end (InvalidPage)


def test_final_state_has_a_bookmark_per_history_stream_and_nothing_per_parent(
    full_sync: Any,
) -> None:
    output, _ = full_sync
    bookmarks = output.final_state["bookmarks"]
    for stream, key in (("downloads", "date_downloaded"), ("purchased_assets", "date_purchased")):
        newest = max(r[key] for r in output.records[stream])
        assert bookmarks[stream] == {"replication_key": key, "replication_key_value": newest}
    for stream in ("orders", "images", "videos", "products", "boards"):
        assert bookmarks[stream] == {}  # no partitions: state does not grow with parents


@pytest.mark.parametrize(
    ("stream", "key"), [("downloads", "date_downloaded"), ("purchased_assets", "date_purchased")]
)
def test_incremental_from_injected_state(
    getty_sandbox: Any, fast: dict[str, Any], stream: str, key: str, run: Any, truth: Any
) -> None:
    bookmark = "2026-06-15T10:00:00Z"
    state = {"bookmarks": {stream: {"replication_key": key, "replication_key_value": bookmark}}}
    output = run(fast | {"lookback_days": 2}, state=state, streams=[stream])
    since = parse_instant(bookmark) - timedelta(days=2)
    since_day = since.date().isoformat()
    expected = truth(getty_sandbox, stream, date_from=since_day)
    got = output.keys(stream)
    dates = [r[key] for r in output.records[stream]]
    assert min(dates) >= (
        since_day if stream == "purchased_assets" else since.strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    # everything from the lookback start on, nothing lost; nothing older than it
    assert set(got) == {k for k in expected if k[KEY_DATE[stream]] >= min(dates)}
    assert max(dates) == output.final_state["bookmarks"][stream]["replication_key_value"]


KEY_DATE = {"downloads": 1, "purchased_assets": 2}


def test_state_in_the_future_gives_no_records_and_keeps_the_state(
    fast: dict[str, Any], run: Any
) -> None:
    future = (datetime.now(UTC) + timedelta(days=400)).strftime("%Y-%m-%dT%H:%M:%SZ")
    state = {
        "bookmarks": {
            "downloads": {"replication_key": "date_downloaded", "replication_key_value": future}
        }
    }
    output = run(fast, state=state, streams=["downloads"])
    assert output.records["downloads"] == []
    assert output.final_state["bookmarks"]["downloads"]["replication_key_value"] == future


def test_second_sync_resumes_from_the_first_ones_state(
    getty_sandbox: Any, fast: dict[str, Any], run: Any
) -> None:
    first = run(fast, streams=["purchased_assets", "orders"])
    second = run(fast, state=first.final_state, streams=["purchased_assets", "orders"])
    newest = first.final_state["bookmarks"]["purchased_assets"]["replication_key_value"]
    # only the lookback day(s) again, and the orders of those purchases only
    assert 0 < len(second.records["purchased_assets"]) < len(first.records["purchased_assets"])
    lookback_start = (parse_instant(newest) - timedelta(days=1)).date().isoformat()
    assert min(r["date_purchased"] for r in second.records["purchased_assets"]) >= lookback_start
    assert {r["order_id"] for r in second.records["purchased_assets"]} >= {
        r["id"] for r in second.records["orders"]
    }
    assert len(second.records["orders"]) < len(first.records["orders"])


def test_images_alone_reads_its_parents_without_emitting_them(
    getty_sandbox: Any, fast: dict[str, Any], run: Any, truth: Any
) -> None:
    output = run(fast, streams=["images"])
    assert set(output.records) == {"images"}
    assert sorted(output.keys("images")) == truth(getty_sandbox, "images")
    assert output.final_state["bookmarks"].get("downloads", {}) == {}


def test_windows_cover_the_range_exactly() -> None:
    start = datetime(2023, 3, 1, 7, 30, 15, tzinfo=UTC)
    end = datetime(2026, 11, 1, 12, 0, 0, tzinfo=UTC)
    windows = list(instant_windows(start, end))
    bounds = [(parse_instant(w.date_from), parse_instant(w.date_to)) for w in windows]
    assert bounds[0][0] == start and bounds[-1][1] == end
    for (_, a_to), (b_from, _) in pairwise(bounds):
        assert b_from - a_to == timedelta(seconds=1)  # no gap, no overlap, to the second
    assert all(to - frm < timedelta(days=30) for frm, to in bounds)
    days = list(day_windows(start.date(), end.date(), days=90))
    assert days[0].date_from == "2023-03-01" and days[-1].date_to == "2026-11-01"
    assert all(
        (datetime.fromisoformat(b.date_from) - datetime.fromisoformat(a.date_to)).days == 1
        for a, b in pairwise(days)
    )


def test_company_wide_false_reads_only_the_users_history(
    getty_sandbox: Any, fast: dict[str, Any], run: Any, truth: Any
) -> None:
    output = run(fast | {"company_wide": False}, streams=["downloads"])
    assert sorted(output.keys("downloads")) == truth(getty_sandbox, "downloads", company=False)
    assert {r["downloaded_by"] for r in output.records["downloads"]} == {"sandbox-user"}


def test_product_types_one_pass_per_type(
    getty_sandbox: Any, fast: dict[str, Any], run: Any, truth: Any
) -> None:
    types = ["premiumaccess", "imagepack"]
    output = run(fast | {"product_types": types}, streams=["downloads"])
    expected = sorted(k for t in types for k in truth(getty_sandbox, "downloads", product_type=t))
    assert sorted(output.keys("downloads")) == expected
