"""The generated account: deterministic per seed, lazy at any scale, truthful ground truth."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, datetime

import pytest
from getty_sandbox import SCALES, World
from getty_sandbox.truth import ground_truth

NOW = datetime(2026, 11, 1, tzinfo=UTC)
BASE = "http://sandbox"


def sample(world: World) -> list:
    n = world.scale.downloads
    return (
        [world.download(i, BASE) for i in (0, n // 2, n - 1)]
        + [world.purchase(j, BASE) for j in (0, world.scale.purchases - 1)]
        + [world.order_detail(3), world.asset_detail(7, BASE)]
        + world.products
        + world.boards
    )


def test_same_seed_same_account():
    assert sample(World(7, SCALES["tiny"], NOW)) == sample(World(7, SCALES["tiny"], NOW))


def test_another_seed_another_account():
    assert sample(World(7, SCALES["tiny"], NOW)) != sample(World(8, SCALES["tiny"], NOW))


def test_a_million_downloads_are_generated_only_when_asked_for():
    huge = World(1, dataclasses.replace(SCALES["huge"], downloads=1_000_000), NOW)
    calls = 0
    original = huge.download_ts

    def counting(i):
        nonlocal calls
        calls += 1
        return original(i)

    huge.download_ts = counting  # type: ignore[method-assign]
    window = huge.download_range(huge.end - 30 * 86_400, huge.end)
    page = [
        huge.download(i, BASE)
        for i in huge.downloads_matching(huge.end - 30 * 86_400, huge.end, None, None)[:100]
    ]
    assert len(window) > 20_000 and len(page) == 100
    assert calls < 500, f"{calls} timestamps computed for one page of a 30-day window"


def test_timestamps_strictly_increase_so_download_keys_are_unique():
    world = World(3, SCALES["small"], NOW)
    stamps = [world.download_ts(i) for i in range(world.scale.downloads)]
    assert all(a < b for a, b in itertools.pairwise(stamps))
    keys = ground_truth(world, "downloads")["keys"]
    assert len({tuple(k) for k in keys}) == len(keys) == world.scale.downloads


def test_purchase_lines_are_unique_per_order():
    world = World(3, SCALES["small"], NOW)
    keys = ground_truth(world, "purchased_assets")["keys"]
    assert len({(k[0], k[1]) for k in keys}) == len(keys) == world.scale.purchases


def test_every_download_is_inside_the_history_and_before_now():
    world = World(5, SCALES["tiny"], NOW)
    assert world.start <= world.download_ts(0)
    assert world.download_ts(world.scale.downloads - 1) <= world.end < world.now


def test_products_are_only_used_before_they_expire():
    world = World(5, SCALES["small"], NOW)
    for i in range(0, world.scale.downloads, 7):
        key = world.download_key(i)
        assert key.ts < world.products[key.product]["_expires"]


def test_truth_splits_orders_and_assets_as_the_api_answers():
    world = World(11, SCALES["small"], NOW)
    orders = ground_truth(world, "orders")
    total = len({world.order_of_purchase(j) for j in range(world.scale.purchases)})
    assert orders["count"] + len(orders["forbidden"]) + len(orders["not_found"]) == total
    images, videos = ground_truth(world, "images"), ground_truth(world, "videos")
    assert not set(images["keys"]) & set(videos["keys"])
    assert all(not world.asset_is_video(world.asset_index(i)) for i in images["keys"])


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"years": 0}, "years"),
        ({"downloads": 200_000_000}, "downloads"),
        ({"purchases": 20_000_000, "orders": 100_000, "years": 1}, "purchases per order"),
    ],
)
def test_impossible_scales_are_refused_with_the_setting_named(change, named):
    with pytest.raises(ValueError, match=named):
        World(1, dataclasses.replace(SCALES["tiny"], **change), NOW)


def test_a_user_filter_over_a_million_downloads_is_kept_compact():
    huge = World(1, SCALES["huge"], NOW)
    mine = huge.downloads_matching(huge.end - 90 * 86_400, huge.end, 0, None)
    assert 20_000 < len(mine) < 82_000
    assert mine.itemsize == 8, "indices are kept as a compact array, not a list of ints"


def test_purchase_times_never_go_backwards_even_when_orders_are_dense():
    dense = dataclasses.replace(SCALES["tiny"], orders=50_000, purchases=400_000, years=1)
    world = World(1, dense, NOW)
    stamps = [world.purchase_ts(j) for j in range(dense.purchases)]
    assert all(a < b for a, b in itertools.pairwise(stamps))
