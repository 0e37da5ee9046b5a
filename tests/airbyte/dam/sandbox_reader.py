"""A small reader of the Getty API (run against the sandbox) that yields raw stream records.

It stands in for the Airbyte source where the test needs Getty-shaped records without a
source run; it never calls the download endpoint.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import requests


class SandboxReader:
    def __init__(self, url: str, config: dict[str, Any]) -> None:
        self.url = url
        self.session = requests.Session()
        self.session.headers["Api-Key"] = config["api_key"]
        token = self.session.post(
            f"{url}/oauth2/token",
            data={
                "grant_type": "password",
                "client_id": config["api_key"],
                "client_secret": config["api_secret"],
                "username": config["credentials"]["username"],
                "password": config["credentials"]["password"],
            },
            timeout=30,
        ).json()["access_token"]
        self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        response = self.session.get(f"{self.url}/v3/{path}", params=params, timeout=30)
        response.raise_for_status()
        return response.json()

    def records(self, purchases: int = 20, downloads: int = 20) -> Iterator[tuple[str, dict]]:
        """(stream, record) pairs: purchases, downloads, their orders and asset metadata."""
        bought = self.get("purchased-assets", page_size=purchases, company_purchases="true")
        got = self.get(
            "downloads",
            page_size=downloads,
            company_downloads="true",
            date_from="2026-09-01",
            date_to="2026-11-01",
        )
        for record in bought["previous_purchases"]:
            yield "purchased_assets", record
        for record in got["downloads"]:
            yield "downloads", record
        for order_id in sorted({r["order_id"] for r in bought["previous_purchases"]}):
            response = self.session.get(f"{self.url}/v3/orders/{order_id}", timeout=30)
            if response.ok:
                yield "orders", response.json()
        kinds: dict[str, set[str]] = {"images": set(), "videos": set()}
        for r in bought["previous_purchases"]:
            kinds[f"{r['asset_type']}s"].add(r["asset_id"])
        for r in got["downloads"]:
            kinds[f"{r['asset_type']}s"].add(r["id"])
        for kind, ids in kinds.items():
            if ids:
                body = self.get(
                    kind, ids=",".join(sorted(ids)), fields="detail_set,display_set,keywords"
                )
                yield from ((kind, record) for record in body[kind])
