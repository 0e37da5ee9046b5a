"""Asset-change notifications (at-least-once) and usage batches (all-or-nothing)."""

from __future__ import annotations

import uuid

import pytest


@pytest.fixture
def fresh(getty_sandbox_factory, make_client):
    return make_client(getty_sandbox_factory())


def test_change_sets_are_redelivered_until_confirmed(fresh):
    channels = fresh.get("/v3/asset-changes/channels").json()
    channel = channels[0]["ChannelId"]
    pending = channels[0]["NotificationCount"]
    first = fresh.request(
        "PUT", "/v3/asset-changes/change-sets", params={"channel_id": channel, "batch_size": 25}
    )
    assert first.status_code == 201 and len(first.json()["changed_assets"]) == 25
    again = fresh.request(
        "PUT", "/v3/asset-changes/change-sets", params={"channel_id": channel, "batch_size": 25}
    )
    assert again.status_code == 200 and again.json() == first.json()
    set_id = first.json()["change_set_id"]
    assert fresh.request("DELETE", f"/v3/asset-changes/change-sets/{set_id}").status_code == 200
    assert fresh.request("DELETE", f"/v3/asset-changes/change-sets/{set_id}").status_code == 404
    after = fresh.get("/v3/asset-changes/channels").json()[0]["NotificationCount"]
    assert after == pending - 25
    following = fresh.request(
        "PUT", "/v3/asset-changes/change-sets", params={"channel_id": channel, "batch_size": 25}
    ).json()
    assert following["change_set_id"] != set_id
    assert following["changed_assets"][0] != first.json()["changed_assets"][0]


def test_draining_a_channel_ends_with_an_empty_set(fresh):
    channel = fresh.get("/v3/asset-changes/channels").json()[1]
    seen, lifecycles, types = 0, set(), set()
    while True:
        resp = fresh.request(
            "PUT", "/v3/asset-changes/change-sets", params={"channel_id": channel["ChannelId"]}
        )
        if not resp.content:  # Getty: an empty body when nothing is pending
            break
        body = resp.json()
        seen += len(body["changed_assets"])
        lifecycles |= {c["asset_lifecycle"] for c in body["changed_assets"]}
        types |= {c["asset_type"] for c in body["changed_assets"]}
        fresh.request("DELETE", f"/v3/asset-changes/change-sets/{body['change_set_id']}")
    assert seen == channel["NotificationCount"]
    assert resp.status_code == 200 and resp.headers["Content-Length"] == "0"
    assert lifecycles == {"New", "Update", "Delete"}
    assert types == {channel["AssetType"], None}, "some Delete notifications carry no type"


def test_four_channels_one_per_family_and_type(fresh):
    channels = fresh.get("/v3/asset-changes/channels").json()
    assert {(c["AssetFamily"], c["AssetType"]) for c in channels} == {
        ("Creative", "Image"),
        ("Editorial", "Image"),
        ("Creative", "Film"),
        ("Editorial", "Film"),
    }


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({}, 400, "InvalidChannelIdException"),
        ({"channel_id": 77}, 404, "ChannelNotFound"),
        ({"channel_id": "²"}, 400, "InvalidChannelIdException"),
    ],
)
def test_change_set_errors(fresh, params, status, code):
    resp = fresh.request("PUT", "/v3/asset-changes/change-sets", params=params)
    assert (resp.status_code, resp.json()["ErrorCode"]) == (status, code)


def usages(sandbox, n, bad=()):
    ids = sandbox.truth("images")["keys"]
    rows = [
        {"asset_id": ids[i % len(ids)], "quantity": 1, "usage_date": "2026-10-01"} for i in range(n)
    ]
    return rows + [{"asset_id": b, "quantity": 1, "usage_date": "2026-10-01"} for b in bad]


def test_usage_batch_is_recorded_once(fresh):
    batch = f"/v3/usage-batches/{uuid.uuid4()}"
    body = {"asset_usages": usages(fresh.sandbox, 3)}
    first = fresh.request("PUT", batch, json=body)
    assert first.status_code == 201
    assert first.json() == {"invalid_assets": [], "total_asset_usages_processed": 3}
    again = fresh.request("PUT", batch, json=body)
    assert (again.status_code, again.json()["ErrorCode"]) == (409, "TransactionIdDuplicated")


def test_one_invalid_id_fails_the_whole_batch_and_records_nothing(fresh):
    batch = f"/v3/usage-batches/{uuid.uuid4()}"
    resp = fresh.request("PUT", batch, json={"asset_usages": usages(fresh.sandbox, 5, ["42"])})
    assert resp.status_code == 400
    assert resp.json()["invalid_assets"] == ["42"]
    retry = fresh.request("PUT", batch, json={"asset_usages": usages(fresh.sandbox, 5)})
    assert retry.status_code == 201, "nothing was recorded, so the id is still free"


@pytest.mark.parametrize("n", [0, 1001])
def test_a_batch_holds_1_to_1000_usages(fresh, n):
    resp = fresh.request(
        "PUT", f"/v3/usage-batches/{uuid.uuid4()}", json={"asset_usages": usages(fresh.sandbox, n)}
    )
    assert (resp.status_code, resp.json()["ErrorCode"]) == (400, "InvalidRequest")
    ok = fresh.request(
        "PUT",
        f"/v3/usage-batches/{uuid.uuid4()}",
        json={"asset_usages": usages(fresh.sandbox, 1000)},
    )
    assert ok.json()["total_asset_usages_processed"] == 1000
