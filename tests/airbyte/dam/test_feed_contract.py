"""The dbt feeds and destination-dam agree on column names: every column of `dam_assets` and
`newsroom_pictures` (their enforced contracts in transformations/) is one the destination
reads, or one it knowingly ignores; a rename on either side fails here."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from getty_dam.records import ASSET_FIELDS, LICENSE_FIELDS, ORDER_FIELDS, upserts_for

FEEDS = Path(__file__).resolve().parents[3] / "transformations" / "models" / "feeds" / "_feeds.yml"
READ = {"asset_id", *ASSET_FIELDS, *LICENSE_FIELDS, *ORDER_FIELDS}
# Feed columns with no IPTC/PLUS/ninjs property: the register's first license date (PLUS
# license dates follow the current license) and its computed status.
IGNORED = {"first_licensed_at", "license_status"}


def feed_columns(name: str) -> dict[str, str]:
    if not FEEDS.exists():
        pytest.skip(f"{FEEDS} is absent (the dbt project is not in this checkout)")
    models = {m["name"]: m for m in yaml.safe_load(FEEDS.read_text("utf-8"))["models"]}
    return {c["name"]: c.get("data_type", "") for c in models[name]["columns"]}


@pytest.mark.parametrize("feed", ["dam_assets", "newsroom_pictures"])
def test_every_feed_column_is_read_or_knowingly_ignored(feed):
    columns = feed_columns(feed)
    assert not set(columns) - READ - IGNORED, "feed columns destination-dam does not know"
    assert "asset_id" in columns


def test_dam_assets_carries_the_license_event_and_its_order():
    columns = feed_columns("dam_assets")
    wanted = {"licensed_at", "license_source", "order_id", "project_code", "license_end_date"}
    assert wanted | set(ORDER_FIELDS) - {"order_date"} <= set(columns)


def test_a_row_shaped_like_the_contract_maps(tmp_path):
    """One row with every contract column, values typed as the warehouse gives them."""
    samples = {
        "date": "2027-01-31",
        "timestamp": "2026-10-02 03:04:05",
        "integer": 4000,
    }
    columns = feed_columns("dam_assets")
    row = {
        name: samples.get(data_type.split("(")[0].lower(), f"{name} text")
        for name, data_type in columns.items()
    }
    row.update(
        asset_id="901",
        asset_type="image",
        license_source="purchase",
        usage_restrictions='["NO SALES IN FRANCE."]',
        keywords='["Straße"]',
    )
    (upsert,) = upserts_for("dam_assets", row)
    assert upsert.fields["keywords"] == ["Straße"]
    assert upsert.fields["license_end_date"] == "2027-01-31"
    assert upsert.license and upsert.license["licensed_at"] == "2026-10-02T03:04:05Z"
    assert upsert.license["order"]["purchase_order_number"] == "purchase_order_number text"
