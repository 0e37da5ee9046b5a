"""Records to merged assets to IPTC/PLUS fields: order independence, feeds vs raw, bad records."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from getty_dam import BadRecord, DamConfig, DamLoader
from getty_dam.metadata import PLUS_VOCAB, AssetMetadata, describe, release_status
from getty_dam.records import upserts_for
from getty_dam.store import merge


def merged_assets(records: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The metadata every asset ends with, merging in memory in the given order."""
    state: dict[tuple[str, str], dict[str, Any]] = {}
    for stream, record in records:
        for upsert in upserts_for(stream, record):
            key = (upsert.kind, upsert.key)
            state[key] = merge(state.get(key), upsert)
    out = {}
    for (kind, key), asset in state.items():
        if kind == "asset":
            order_id = (asset.get("license") or {}).get("order_id")
            out[key] = describe(asset, state.get(("order", order_id or ""))).as_dict()
    return out


def test_merge_does_not_depend_on_arrival_order(sandbox_records):
    expected = merged_assets(sandbox_records)
    assert len(expected) >= 30
    for seed in range(3):
        shuffled = list(sandbox_records)
        random.Random(seed).shuffle(shuffled)
        assert merged_assets(shuffled) == expected


def test_every_stream_contributes_its_fields(sandbox_records):
    assets = merged_assets(sandbox_records)
    purchased = {r["asset_id"] for s, r in sandbox_records if s == "purchased_assets"}
    orders = {r["id"]: r for s, r in sandbox_records if s == "orders"}
    with_order = [
        a
        for a in assets.values()
        if a["asset_id"] in purchased and (a["licensor_transaction_ids"] or [""])[0] in orders
    ]
    assert with_order, "the sandbox sample has purchases with readable orders"
    for asset in with_order:
        order = orders[asset["licensor_transaction_ids"][0]]
        assert asset["license_id"].startswith(order["id"] + "-")
        assert asset["licensee"] == order["notes"]["licensee_name"]
        assert asset["end_user"] == order["end_client"]
        if order["invoice_number"]:
            assert asset["licensor_transaction_ids"] == [order["id"], order["invoice_number"]]
        if order["notes"]["purchase_order_number"]:
            assert asset["licensee_transaction_ids"] == [order["notes"]["purchase_order_number"]]
    images = {r["id"]: r for s, r in sandbox_records if s == "images"}
    for asset_id, image in images.items():
        assert assets[asset_id]["caption"] == image["caption"]
        assert assets[asset_id]["credit_line"] == image["credit_line"]
        assert assets[asset_id]["creator"] == image["artist"]


def test_most_recent_license_event_wins_in_any_order():
    older = {
        "asset_id": "5",
        "asset_type": "image",
        "order_id": "1",
        "date_purchased": "2026-01-01T00:00:00Z",
    }
    newer = {
        "id": "5",
        "asset_type": "image",
        "date_downloaded": "2026-02-01T00:00:00Z",
        "product_id": 77,
        "download_details": {"project_code": "MKT-2026"},
    }
    for records in (
        [("purchased_assets", older), ("downloads", newer)],
        [("downloads", newer), ("purchased_assets", older)],
    ):
        asset = merged_assets(records)["5"]
        assert asset["license_id"] == "77-5-20260201000000"
        assert asset["license_start_date"] == "2026-02-01"
        assert asset["licensee_project_references"] == ["MKT-2026"]
        assert asset["licensor_transaction_ids"] == []


def test_feed_row_gives_the_same_metadata_as_raw_streams(unicode_records):
    from_raw = merged_assets(unicode_records)["901"]
    image = unicode_records[0][1]
    feed_row = {
        "asset_id": "901",
        "asset_type": "image",
        "title": image["title"],
        "caption": image["caption"],
        "artist": image["artist"],
        "credit_line": image["credit_line"],
        "copyright": image["copyright"],
        "collection_name": image["collection_name"],
        "asset_family": "editorial",
        "license_model": "rightsmanaged",
        "usage_terms": image["allowed_use"]["how_can_i_use_it"],
        "usage_restrictions": '["NO SALES IN FRANCE.", "Mandatory credit line required."]',
        "release_info": image["allowed_use"]["release_info"],
        "date_created": "2025-03-04 05:06:07",  # a warehouse timestamp without zone
        "city": "Zürich",
        "state_province": "Zürich",
        "country": "Schweiz",
        "keywords": ["Straße", "東京"],
        "referral_uri": "https://www.gettyimages.com/detail/901",
        "licensed_at": "2026-10-02T03:04:05+00:00",
        "license_source": "purchase",
        "order_id": "7001",
        "licensed_by": "zoë",
        "size_name": "large",
        "invoice_number": "INV-Ü1",
        "purchase_order_number": "PO-ß-42",
        "project_title": "Été campaign",
        "licensee_name": "Nørthwind Mediå",
        "end_client": "Café Größe GmbH",
        "ordered_by": "Zoë",
        "unknown_extra_column": "ignored",
    }
    assert merged_assets([("dam_assets", feed_row)])["901"] == from_raw
    # A schema-prefixed stream name (tap-postgres style) is the same feed.
    assert merged_assets([("analytics-dam_assets", feed_row)])["901"] == from_raw


def test_plus_fields_derived_from_getty_text(unicode_records):
    asset = merged_assets(unicode_records)["901"]
    assert asset["region_constraints"] == "NO SALES IN FRANCE."
    assert asset["instructions"] == "NO SALES IN FRANCE. Mandatory credit line required."
    assert asset["copyright_owner"] == "Zoë Ødegaard"
    assert asset["model_release_status"] == PLUS_VOCAB + "MR-NON"
    assert release_status("Model and property released") == (
        PLUS_VOCAB + "MR-UMR",
        PLUS_VOCAB + "PR-UPR",
    )
    assert release_status("Property released") == (None, PLUS_VOCAB + "PR-UPR")


@pytest.mark.parametrize(
    ("stream", "record", "reason"),
    [
        ("images", {"id": "../../etc/passwd"}, "field 'id' must be 1-128 letters"),
        ("purchased_assets", {"asset_id": "1/2", "date_purchased": "2026-01-01"}, "asset_id"),
        ("downloads", {"id": "12"}, "'date_downloaded' is missing"),
        ("images", {"id": "12", "date_created": "yesterday"}, "not an ISO 8601 date-time"),
        ("dam_assets", {"asset_id": "12", "keywords": "[broken"}, "not a JSON array"),
        ("dam_assets", {"asset_id": "12", "license_end_date": "soon"}, "not a date"),
        ("boards", {"id": "12"}, "unknown stream"),
        ("images", {"id": "12", "title": {"nested": 1}}, "field 'title' must be text"),
    ],
)
def test_bad_records_name_the_field_and_the_fix(stream, record, reason):
    with pytest.raises(BadRecord) as caught:
        upserts_for(stream, record)
    assert reason in str(caught.value)


def test_bad_record_policy_fail_or_skip_and_count(tmp_path: Path):
    bad = ("images", {"id": "../evil", "title": "x"})
    good = ("images", {"id": "42", "title": "fine"})
    strict = DamLoader(
        DamConfig.from_mapping(
            {"dam_type": "folder", "path": str(tmp_path / "a"), "embed_metadata": False}
        )
    )
    strict.add(*good)
    with pytest.raises(BadRecord, match="evil"):
        strict.add(*bad)
    lenient = DamLoader(
        DamConfig.from_mapping(
            {
                "dam_type": "folder",
                "path": str(tmp_path / "b"),
                "embed_metadata": False,
                "on_bad_record": "skip",
            }
        )
    )
    lenient.add(*bad)
    lenient.add(*good)
    lenient.close()
    assert lenient.counts == {"records": 2, "bad_records": 1, "assets_written": 1}
    assert lenient.bad[0].key == "../evil"
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [".getty-dam", "42.xmp"]
    assert not list(tmp_path.rglob("evil*"))


def test_iim_values_are_cut_to_iim_lengths_at_character_boundaries():
    from getty_dam.iim import cut, datasets

    assert cut("ééé", 5) == "éé"
    tags = datasets(AssetMetadata(asset_id="1", creator="Ø" * 40, keywords=["東" * 30]))
    assert tags["IPTC:By-line"] == ["Ø" * 16]  # 32 bytes
    assert tags["IPTC:Keywords"] == ["東" * 21]  # 63 of 64 bytes


def test_a_stream_without_a_shared_value_keeps_the_other_streams_value():
    """images and downloads both carry license_model/asset_type: a null never wins."""
    image = ("images", {"id": "8", "title": "t", "license_model": "royaltyfree"})
    download = (
        "downloads",
        {"id": "8", "date_downloaded": "2026-02-01T00:00:00Z", "license_model": None},
    )
    for records in ([image, download], [download, image]):
        asset = merged_assets(records)["8"]
        assert asset["license_model"] == "royaltyfree"
        assert asset["asset_type"] == "image"
        assert asset["license_start_date"] == "2026-02-01"
