"""Ids Getty answers it has no asset for (`images_not_found`, `videos_not_found`) are reported.

Getty answers 200 with the assets it has and lists the other ids: the found ones are records,
the others one warning per call naming them, and the sync goes on.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from airbyte_cdk.models import Level
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse
from freezegun import freeze_time

API = "https://api.example.test"
TOKEN_URL = "https://auth.example.test/oauth2/token"
NOW = "2026-11-28T12:00:00Z"
CONFIG: dict[str, Any] = {
    "api_key": "key-1",
    "api_secret": "secret-1",
    "credentials": {"auth_type": "password", "username": "ann", "password": "pw-1"},
    "start_date": "2026-11-10",
    "requests_per_second": 100,
    "api_base_url": API,
    "auth_url": TOKEN_URL,
}
TOKEN = HttpRequest(
    TOKEN_URL,
    body="grant_type=password&client_id=key-1&client_secret=secret-1&username=ann&password=pw-1",
)
DOWNLOADS = HttpRequest(
    f"{API}/v3/downloads",
    query_params={
        "date_from": "2026-11-10T00:00:00Z",
        "date_to": NOW,
        "use_time": "true",
        "company_downloads": "false",
        "page": "1",
        "page_size": "100",
    },
)
PURCHASES = HttpRequest(
    f"{API}/v3/purchased-assets",
    query_params={
        "date_from": "2026-11-10",
        "date_to": "2026-11-28",
        "company_purchases": "false",
        "page": "1",
        "page_size": "100",
    },
)
FIELDS = {"images": "detail_set,display_set,keywords", "videos": "detail_set,keywords"}


def ok(body: dict[str, Any]) -> HttpResponse:
    return HttpResponse(json.dumps(body))


def downloads(asset_type: str, ids: list[str]) -> HttpResponse:
    records = [
        {
            "id": asset_id,
            "date_downloaded": f"2026-11-20T10:00:{n:02d}Z",
            "asset_type": asset_type,
            "product_type": "premiumaccess",
            "user": {"username": "ann"},
        }
        for n, asset_id in enumerate(ids)
    ]
    return ok({"result_count": len(records), "downloads": records})


def warnings_of(output: EntrypointOutput) -> list[str]:
    return [m.log.message for m in output.logs if m.log.level == Level.WARN]


@pytest.mark.parametrize("stream", ["images", "videos"])
def test_ids_getty_has_no_asset_for_are_logged_and_the_others_emitted(stream, ab):
    asset_type = stream[:-1]
    ids = ["101", "102", "103", "104"]
    with freeze_time(NOW), HttpMocker() as http:
        http.post(TOKEN, ok({"access_token": "tok", "token_type": "Bearer", "expires_in": "1800"}))
        http.get(DOWNLOADS, downloads(asset_type, ids))
        http.get(PURCHASES, ok({"result_count": 0, "previous_purchases": []}))
        metadata = HttpRequest(
            f"{API}/v3/{stream}", query_params={"ids": ",".join(ids), "fields": FIELDS[stream]}
        )
        http.get(
            metadata,
            ok({stream: [{"id": "101"}, {"id": "103"}], f"{stream}_not_found": ["102", "104"]}),
        )
        output = ab.Sync(CONFIG).read([stream])
        http.assert_number_of_calls(metadata, 1)
    assert ab.keys_of(output, stream) == ["101", "103"]
    assert f"Getty has no {asset_type} for ids 102, 104: skipped." in warnings_of(output)
    assert not output.errors


def test_a_call_with_every_id_found_logs_no_warning(ab):
    with freeze_time(NOW), HttpMocker() as http:
        http.post(TOKEN, ok({"access_token": "tok", "token_type": "Bearer", "expires_in": "1800"}))
        http.get(DOWNLOADS, downloads("image", ["101"]))
        http.get(PURCHASES, ok({"result_count": 0, "previous_purchases": []}))
        http.get(
            HttpRequest(
                f"{API}/v3/images", query_params={"ids": "101", "fields": FIELDS["images"]}
            ),
            ok({"images": [{"id": "101"}], "images_not_found": []}),
        )
        output = ab.Sync(CONFIG).read(["images"])
    assert ab.keys_of(output, "images") == ["101"]
    assert not [w for w in warnings_of(output) if "Getty has no" in w]
