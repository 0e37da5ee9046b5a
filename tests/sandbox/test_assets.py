"""Image and video metadata: ids batches, not-found lists, field sets."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def image_ids(getty_sandbox):
    return getty_sandbox.truth("images")


@pytest.fixture(scope="module")
def video_ids(getty_sandbox):
    return getty_sandbox.truth("videos")


def test_summary_set_is_the_default(client, image_ids):
    image = client.get("/v3/images", ids=image_ids["keys"][0]).json()["images"][0]
    assert set(image) == {
        "id",
        "artist",
        "asset_family",
        "caption",
        "collection_code",
        "collection_id",
        "collection_name",
        "license_model",
        "max_dimensions",
        "title",
    }


def test_detail_set_has_rights_fields_but_not_keywords(client, image_ids):
    image = client.get("/v3/images", ids=image_ids["keys"][0], fields="detail_set").json()[
        "images"
    ][0]
    for field in (
        "allowed_use",
        "credit_line",
        "copyright",
        "artist",
        "caption",
        "license_model",
        "editorial_segments",
        "collection_name",
        "date_created",
    ):
        assert field in image
    assert "keywords" not in image
    with_keywords = client.get(
        "/v3/images", ids=image_ids["keys"][0], fields="detail_set,keywords"
    ).json()["images"][0]
    assert with_keywords["keywords"] and {"text", "keyword_id"} <= set(with_keywords["keywords"][0])


def test_single_fields_and_display_set(client, image_ids):
    image = client.get("/v3/images", ids=image_ids["keys"][0], fields="credit_line,thumb").json()[
        "images"
    ][0]
    assert set(image) == {"id", "credit_line", "display_sizes"}
    assert [d["name"] for d in image["display_sizes"]] == ["thumb"]
    display = client.get("/v3/images", ids=image_ids["keys"][0], fields="display_set").json()[
        "images"
    ][0]
    assert {d["name"] for d in display["display_sizes"]} == {"comp", "preview", "thumb"}


def test_unknown_field_is_rejected(client, image_ids):
    resp = client.get("/v3/images", ids=image_ids["keys"][0], fields="detail_set,price")
    assert resp.status_code == 400 and "fields" in resp.json()["ErrorMessage"]


def test_a_hundred_ids_a_call_with_withdrawn_ones_listed(client, image_ids):
    assert image_ids["not_found"], "the sandbox withdraws some licensed assets"
    ids = image_ids["keys"][:99] + image_ids["not_found"][:1]
    body = client.get("/v3/images", ids=",".join(ids), fields="detail_set").json()
    assert len(body["images"]) == 99
    assert body["images_not_found"] == image_ids["not_found"][:1]
    assert [i["id"] for i in body["images"]] == image_ids["keys"][:99]


def test_ids_are_required(client):
    resp = client.get("/v3/images")
    assert (resp.status_code, resp.json()["ErrorCode"]) == (400, "ImageIdMustBeSpecified")


def test_more_than_a_hundred_ids_is_a_400(client, image_ids):
    resp = client.get("/v3/images", ids=",".join(image_ids["keys"][:101]))
    assert resp.status_code == 400
    assert resp.json()["ErrorCode"] == "InvalidParameterValue"


def test_videos_are_not_images(client, image_ids, video_ids):
    video = video_ids["keys"][0]
    assert client.get("/v3/images", ids=video).json()["images_not_found"] == [video]
    body = client.get(
        "/v3/videos", ids=f"{video},{image_ids['keys'][0]}", fields="detail_set"
    ).json()
    assert [v["id"] for v in body["videos"]] == [video]
    assert body["videos_not_found"] == [image_ids["keys"][0]]
    assert "clip_length" in body["videos"][0]


def test_single_asset_endpoints(client, image_ids):
    found = client.get(f"/v3/images/{image_ids['keys'][0]}", fields="detail_set")
    assert found.json()["images"][0]["id"] == image_ids["keys"][0]
    gone = client.get(f"/v3/images/{image_ids['not_found'][0]}")
    assert (gone.status_code, gone.json()["ErrorCode"]) == (404, "ImageNotFound")


def test_metadata_is_realistic(client, image_ids):
    images = client.get(
        "/v3/images", ids=",".join(image_ids["keys"][:100]), fields="detail_set"
    ).json()["images"]
    assert {i["asset_family"] for i in images} == {"editorial", "creative"}
    assert {i["license_model"] for i in images} == {"royaltyfree", "rightsmanaged"}
    editorial = [i for i in images if i["asset_family"] == "editorial"]
    assert all(i["allowed_use"]["usage_restrictions"] for i in editorial)
    assert all(i["editorial_segments"] for i in editorial)
    assert any(i["artist"] is None for i in images) or any(i["caption"] is None for i in images)
    assert any(
        not (i["caption"] or "").isascii() or not (i["title"] or "").isascii() for i in images
    )


def test_download_history_of_an_asset(client):
    world = client.sandbox.world
    key = world.download_key(5)
    asset_id = world.asset_id(key.asset)
    kind = "videos" if world.asset_is_video(key.asset) else "images"
    body = client.get(f"/v3/{kind}/{asset_id}/downloadhistory", company_downloads="true").json()
    assert body["id"] == asset_id
    assert len(body["downloads"]) == len(world.downloads_of_asset(key.asset)) >= 1
