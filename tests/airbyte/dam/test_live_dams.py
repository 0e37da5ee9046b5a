"""Live runs against real DAMs, only where their credentials are set in the environment
(CI has none, so these skip there, naming the variables that would enable them).

Each writes one test asset (Getty id `LIVE-TEST-901` unless told otherwise) twice and reads it
back through the DAM's own API: one asset, the mapped fields as written.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import requests
from getty_dam import DamConfig, DamLoader
from getty_dam.writers.bynder import BynderWriter
from getty_dam.writers.resourcespace import ResourceSpaceWriter

LIVE_ID = os.environ.get("GETTY_DAM_LIVE_ASSET_ID", "LIVE-TEST-901")


def env(*names: str) -> dict[str, str]:
    """The variables' values, or a skip that names the missing ones."""
    missing = [n for n in names if not os.environ.get(n)]
    if missing:
        pytest.skip(f"live DAM test: set {', '.join(missing)} to run it against a real portal")
    return {n: os.environ[n] for n in names}


def live_records(unicode_records: list[tuple[str, dict[str, Any]]]) -> list[Any]:
    image, purchase, order = (dict(r) for _, r in unicode_records)
    image["id"] = purchase["asset_id"] = LIVE_ID
    order["assets"] = [{"id": LIVE_ID}]
    return [("images", image), ("purchased_assets", purchase), ("orders", order)]


def write_twice(config: dict[str, Any], records: list[Any]) -> None:
    ok, message = DamLoader(DamConfig.from_mapping(config)).check()
    assert ok, message
    for _ in range(2):
        loader = DamLoader(DamConfig.from_mapping(config))
        for stream, data in records:
            loader.add(stream, data)
        loader.close()
        assert loader.counts["assets_written"] == 1


def test_resourcespace_live(unicode_records):
    e = env("GETTY_DAM_RS_URL", "GETTY_DAM_RS_USER", "GETTY_DAM_RS_KEY")
    config = {
        "dam_type": "resourcespace",
        "api_url": e["GETTY_DAM_RS_URL"],
        "api_user": e["GETTY_DAM_RS_USER"],
        "api_key": e["GETTY_DAM_RS_KEY"],
        "field_map": {"getty_asset_id": os.environ.get("GETTY_DAM_RS_ID_FIELD", "gettyassetid")},
    }
    write_twice(config, live_records(unicode_records))
    writer = ResourceSpaceWriter(DamConfig.from_mapping(config))
    found = writer.call("do_search", search=f"{writer.fields['getty_asset_id']}:{LIVE_ID}")
    assert len(found) == 1, found
    fields = writer.call("get_resource_field_data", resource=found[0]["ref"])
    values = {f.get("name"): f.get("value") for f in fields}
    assert values.get(writer.fields["licensee"]) == "Nørthwind Mediå"


def test_cloudinary_live(unicode_records):
    e = env("GETTY_DAM_CLOUDINARY_CLOUD", "GETTY_DAM_CLOUDINARY_KEY", "GETTY_DAM_CLOUDINARY_SECRET")
    config = {
        "dam_type": "cloudinary",
        "cloud_name": e["GETTY_DAM_CLOUDINARY_CLOUD"],
        "api_key": e["GETTY_DAM_CLOUDINARY_KEY"],
        "api_secret": e["GETTY_DAM_CLOUDINARY_SECRET"],
        # an image the test may upload (Cloudinary fetches it itself)
        "fetch_renditions": ["comp"],
        "allowed_hosts": ["res.cloudinary.com"],
    }
    records = live_records(unicode_records)
    records[0][1]["display_sizes"] = [
        {"name": "comp", "uri": "https://res.cloudinary.com/demo/image/upload/sample.jpg"}
    ]
    write_twice(config, records)
    base = f"https://api.cloudinary.com/v1_1/{config['cloud_name']}"
    response = requests.get(
        f"{base}/resources/image/upload/getty/{LIVE_ID}",
        params={"context": "true"},
        auth=(config["api_key"], config["api_secret"]),
        timeout=60,
    )
    response.raise_for_status()
    assert response.json()["context"]["custom"]["licensee"] == "Nørthwind Mediå"


def test_bynder_live(unicode_records):
    e = env("GETTY_DAM_BYNDER_URL", "GETTY_DAM_BYNDER_TOKEN", "GETTY_DAM_BYNDER_ID_PROPERTY")
    config = {
        "dam_type": "bynder",
        "api_url": e["GETTY_DAM_BYNDER_URL"],
        "api_secret": e["GETTY_DAM_BYNDER_TOKEN"],
        # Bynder updates assets already there: an asset whose Getty id property is LIVE_ID.
        "field_map": {"getty_asset_id": e["GETTY_DAM_BYNDER_ID_PROPERTY"]},
    }
    write_twice(config, live_records(unicode_records))
    writer = BynderWriter(DamConfig.from_mapping(config))
    assert writer.find(LIVE_ID) is not None
