"""Every response type the sandbox serves validates against Getty's own OpenAPI contract."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path

import pytest

OPENAPI = Path(__file__).resolve().parents[3] / "shared" / "getty-api" / "openapi.json"
if not OPENAPI.exists():
    pytest.skip(
        f"Getty's OpenAPI document is not at {OPENAPI} (shared material absent)",
        allow_module_level=True,
    )

from openapi_core import OpenAPI  # noqa: E402
from openapi_core.contrib.requests import (  # noqa: E402
    RequestsOpenAPIRequest,
    RequestsOpenAPIResponse,
)
from openapi_schema_validator import OAS30Validator  # noqa: E402

GETTY_ERROR = "application/vnd.getty.error+json"
TEXT = {"type": "string", "nullable": True}
# The image/video detail set's download_sizes: not described in Getty's contract; the sandbox
# serves Getty's documented shape (name, width, height, bytes and a media or content type).
DOWNLOAD_SIZES = {
    "type": "array",
    "items": {"type": "object", "required": ["name", "width", "height"]},
}
# Detail-set fields that Getty's search-item schemas (used for items here) do not list.
IMAGE_DETAIL_EXTRAS = dict.fromkeys(
    (
        "artist_title",
        "city",
        "country",
        "credit_line",
        "date_submitted",
        "editorial_source",
        "object_name",
        "state_province",
    ),
    TEXT,
) | {"download_sizes": DOWNLOAD_SIZES}
VIDEO_DETAIL_EXTRAS = {
    "quality_rank": {"type": "integer"},
    "call_for_image": {"type": "boolean"},
    "source": TEXT,
    "download_sizes": DOWNLOAD_SIZES,
}


@pytest.fixture(scope="module")
def document():
    return json.loads(OPENAPI.read_text())


@pytest.fixture(scope="module")
def spec():
    return OpenAPI.from_file_path(str(OPENAPI))


@pytest.fixture
def conforms(spec):
    def check(resp):
        assert resp.status_code < 500, resp.text
        spec.validate_response(RequestsOpenAPIRequest(resp.request), RequestsOpenAPIResponse(resp))
        return resp.json() if resp.content else None

    return check


def item_validator(document, name, extras=None):
    schema = copy.deepcopy(document["components"]["schemas"][name])
    schema["properties"] |= extras or {}
    return OAS30Validator({**schema, "components": document["components"]})


def test_account_listings(client, conforms):
    conforms(client.get("/v3/customers/current"))
    wide = {"date_from": "2025-01-01", "date_to": "2025-01-31", "company_downloads": "true"}
    assert conforms(client.get("/v3/downloads", page_size=100, **wide))["downloads"]
    assert conforms(client.get("/v3/purchased-assets", page_size=100, company_purchases="true"))[
        "previous_purchases"
    ]
    conforms(client.get("/v3/products"))
    conforms(client.get("/v3/products", fields="download_requirements"))


def test_orders(client, conforms):
    truth = client.sandbox.truth("orders")
    for order_id in truth["keys"][:20]:
        conforms(client.get(f"/v3/orders/{order_id}"))


def test_image_details(client, conforms, document):
    ids = client.sandbox.truth("images")
    body = conforms(
        client.get(
            "/v3/images",
            ids=",".join(ids["keys"][:60] + ids["not_found"][:2]),
            fields="detail_set,keywords,display_set",
        )
    )
    validator = item_validator(document, "ImageSearchItem", IMAGE_DETAIL_EXTRAS)
    for image in body["images"]:
        validator.validate(image)
    assert body["images_not_found"] == ids["not_found"][:2]
    single = conforms(client.get(f"/v3/images/{ids['keys'][0]}", fields="detail_set"))
    validator.validate(single["images"][0])


def test_video_details(client, conforms, document):
    ids = client.sandbox.truth("videos")["keys"][:40]
    body = conforms(client.get("/v3/videos", ids=",".join(ids), fields="detail_set,keywords"))
    creative = item_validator(document, "CreativeVideoSearchItem", VIDEO_DETAIL_EXTRAS)
    editorial = item_validator(document, "EditorialVideoSearchItem", VIDEO_DETAIL_EXTRAS)
    assert {v["asset_family"] for v in body["videos"]} == {"creative", "editorial"}
    for video in body["videos"]:
        (editorial if video["asset_family"] == "editorial" else creative).validate(video)


def test_download_history(client, conforms):
    world = client.sandbox.world
    key = world.download_key(0)
    kind = "videos" if world.asset_is_video(key.asset) else "images"
    conforms(client.get(f"/v3/{kind}/{world.asset_id(key.asset)}/downloadhistory"))


def test_boards(client, conforms):
    boards = conforms(client.get("/v3/boards", pageSize=100))["boards"]
    for board in boards:
        conforms(client.get(f"/v3/boards/{board['id']}"))
        conforms(client.get(f"/v3/boards/{board['id']}/comments"))


def test_asset_changes(getty_sandbox_factory, make_client, conforms):
    client = make_client(getty_sandbox_factory())
    channel = conforms(client.get("/v3/asset-changes/channels"))[0]["ChannelId"]
    created = conforms(
        client.request(
            "PUT", "/v3/asset-changes/change-sets", params={"channel_id": channel, "batch_size": 10}
        )
    )
    conforms(
        client.request(
            "PUT", "/v3/asset-changes/change-sets", params={"channel_id": channel, "batch_size": 10}
        )
    )
    conforms(client.request("DELETE", f"/v3/asset-changes/change-sets/{created['change_set_id']}"))


def test_usage_batches(client, conforms, spec):
    image = client.sandbox.truth("images")["keys"][0]
    resp = client.request(
        "PUT",
        f"/v3/usage-batches/{uuid.uuid4()}",
        json={
            "asset_usages": [
                {"asset_id": image, "quantity": 2, "usage_date": "2026-10-01T00:00:00Z"}
            ]
        },
    )
    spec.validate_request(RequestsOpenAPIRequest(resp.request))
    assert conforms(resp)["total_asset_usages_processed"] == 1


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/v3/downloads", {"page": 999}),
        ("/v3/downloads", {"page_size": 7}),
        ("/v3/orders/1", {}),
        ("/v3/images", {"ids": ",".join(str(n) for n in range(101))}),
        ("/v3/boards/unknown", {}),
        ("/v3/products", {"fields": "prices"}),
    ],
)
def test_application_errors_use_getty_error_envelope(client, conforms, path, params):
    resp = client.get(path, **params)
    conforms(resp)
    assert resp.status_code >= 400
    assert resp.headers["Content-Type"] == GETTY_ERROR
    assert set(resp.json()) == {"ErrorCode", "ErrorMessage"}


def test_gateway_errors_are_plain_messages(client, getty_sandbox):
    resp = client.http.get(f"{getty_sandbox.url}/v3/downloads", timeout=5)
    assert resp.status_code == 401
    assert resp.headers["Content-Type"].startswith("application/json")
    assert set(resp.json()) == {"message"}
