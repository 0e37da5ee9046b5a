"""Ground truth: what a complete, duplicate-free sync of a date range must return, per stream.

Keys are those the connectors use: downloads by (asset id, date_downloaded, username),
purchases by (order id, asset id, date_purchased); others by id.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time
from typing import Any

from .world import World, iso

STREAMS = ("downloads", "purchased_assets", "orders", "products", "images", "videos", "boards")


def _window(world: World, date_from: str | None, date_to: str | None) -> tuple[int, int]:
    start = (
        datetime.combine(date.fromisoformat(date_from), time.min, UTC).timestamp()
        if date_from
        else world.start
    )
    end = (
        datetime.combine(date.fromisoformat(date_to), time.max, UTC).timestamp()
        if date_to
        else world.now
    )
    return math.ceil(start), math.floor(end)


def ground_truth(
    world: World,
    stream: str,
    date_from: str | None = None,
    date_to: str | None = None,
    company: bool = True,
    product_type: str | None = None,
) -> dict[str, Any]:
    if stream not in STREAMS:
        raise ValueError(f"unknown stream '{stream}'; known: {list(STREAMS)}")
    ts_from, ts_to = _window(world, date_from, date_to)
    user = None if company else 0
    downloads = world.downloads_matching(ts_from, ts_to, user, product_type)
    purchases = world.purchases_matching(ts_from, ts_to, user)
    result: dict[str, Any] = {"stream": stream}
    if stream == "downloads":
        keys = []
        for i in downloads:
            k = world.download_key(i)
            keys.append([world.asset_id(k.asset), iso(k.ts), world.users[k.user].username])
        result["keys"] = sorted(keys)
    elif stream == "purchased_assets":
        result["keys"] = sorted(
            [
                world.order_id(world.order_of_purchase(j)),
                world.asset_id(world.purchase_asset(j)),
                iso(world.purchase_ts(j)),
            ]
            for j in purchases
        )
    elif stream == "orders":
        orders = sorted({world.order_of_purchase(j) for j in purchases})
        by_access: dict[str, list[str]] = {"ok": [], "forbidden": [], "missing": []}
        for o in orders:
            by_access[world.order_access(o)].append(world.order_id(o))
        result |= {
            "keys": by_access["ok"],
            "forbidden": by_access["forbidden"],
            "not_found": by_access["missing"],
        }
    elif stream in ("images", "videos"):
        assets = {world.download_key(i).asset for i in downloads}
        assets |= {world.purchase_asset(j) for j in purchases}
        wanted = [k for k in assets if world.asset_is_video(k) == (stream == "videos")]
        result |= {
            "keys": sorted(world.asset_id(k) for k in wanted if not world.asset_withdrawn(k)),
            "not_found": sorted(world.asset_id(k) for k in wanted if world.asset_withdrawn(k)),
        }
    elif stream == "products":
        result["keys"] = sorted(p["id"] for p in world.products)
    else:
        result["keys"] = sorted(b["id"] for b in world.boards)
    result["count"] = len(result["keys"])
    return result
