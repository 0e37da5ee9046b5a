"""The ids that the history streams meet in a run, for the streams that look them up.

`orders`, `images` and `videos` are read "through their parents": one call per distinct
order, 100 distinct assets a call, for the orders and assets of the downloads and purchases
read in this run (so an incremental run fetches only what is new). The parents are read
first; if one is not selected, it is read here without emitting anything or moving its state.
The ledger holds ids only (30,000 assets take a few MB whatever the number of downloads) and
adds nothing to the state.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from singer_sdk import Tap

ASSET_TYPES = ("image", "video")


class Ledger:
    def __init__(self, tap: Tap) -> None:
        self._tap = tap
        self._assets: dict[str, set[str]] = {kind: set() for kind in ASSET_TYPES}
        self._orders: set[str] = set()
        self._read: set[str] = set()
        self.logger = logging.getLogger(tap.name)

    def saw_asset(self, asset_type: str | None, asset_id: str | None) -> None:
        if asset_id and asset_type in self._assets:
            self._assets[asset_type].add(str(asset_id))

    def saw_order(self, order_id: str | int | None) -> None:
        if order_id is not None and order_id != "":
            self._orders.add(str(order_id))

    def finished(self, stream_name: str) -> None:
        """`stream_name` has been read to the end in this run."""
        self._read.add(stream_name)

    def asset_ids(self, asset_type: str) -> list[str]:
        self._require("downloads", "purchased_assets")
        return sorted(self._assets[asset_type])

    def order_ids(self) -> list[str]:
        self._require("purchased_assets")
        return sorted(self._orders)

    def _require(self, *stream_names: str) -> None:
        for name in stream_names:
            if name not in self._read:
                self.logger.info("Reading '%s' (not selected) for the ids it holds", name)
                for _ in self._tap.streams[name].get_records(None):
                    pass
