"""Unit tests per stream with the CDK's HttpMocker: exact requests, pages, errors, tokens, state."""

from __future__ import annotations

import json
from typing import Any

import pytest
from airbyte_cdk.models import FailureType
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
    "company_wide": True,
    "requests_per_second": 100,
    "api_base_url": API,
    "auth_url": TOKEN_URL,
}
PASSWORD_GRANT = (
    "grant_type=password&client_id=key-1&client_secret=secret-1&username=ann&password=pw-1"
)
DOWNLOADS_WINDOW = {
    "date_from": "2026-11-10T00:00:00Z",
    "date_to": NOW,
    "use_time": "true",
    "company_downloads": "true",
    "page_size": "100",
}
PURCHASES_WINDOW = {
    "date_from": "2026-11-10",
    "date_to": "2026-11-28",
    "company_purchases": "true",
    "page_size": "100",
}


def token_request(body: str = PASSWORD_GRANT) -> HttpRequest:
    return HttpRequest(TOKEN_URL, body=body)


def token_response(token: str = "tok-1") -> HttpResponse:  # noqa: S107 - a fake token
    return HttpResponse(
        json.dumps({"access_token": token, "token_type": "Bearer", "expires_in": "1800"})
    )


def api(path: str, **params: Any) -> HttpRequest:
    return HttpRequest(f"{API}/v3/{path}", query_params=params or None)


def ok(body: dict[str, Any]) -> HttpResponse:
    return HttpResponse(json.dumps(body), 200)


def error(status: int, code: str, message: str = "...") -> HttpResponse:
    return HttpResponse(json.dumps({"ErrorCode": code, "ErrorMessage": message}), status)


def download(n: int, asset_type: str = "image", day: int = 20) -> dict[str, Any]:
    return {
        "id": str(1_000_000_000 + n),
        "date_downloaded": f"2026-11-{day}T10:{n // 60 % 60:02d}:{n % 60:02d}Z",
        "asset_type": asset_type,
        "product_type": "premiumaccess",
        "product_id": 7,
        "user": {"username": "ann", "first_name": "Ann"},
    }


def purchase(n: int, order: int, asset_type: str = "image") -> dict[str, Any]:
    return {
        "asset_id": str(2_000_000_000 + n),
        "order_id": str(8_000_000 + order),
        "date_purchased": f"2026-11-21T09:00:{n % 60:02d}Z",
        "asset_type": asset_type,
    }


def downloads_page(records: list[dict[str, Any]], total: int) -> HttpResponse:
    return ok({"result_count": total, "downloads": records})


@pytest.fixture(autouse=True)
def frozen_clock():
    with freeze_time(NOW):
        yield


@pytest.fixture
def mocker():
    with HttpMocker() as http:
        http.post(token_request(), token_response())
        yield http


# ---------------------------------------------------------------------------------- downloads
def test_downloads_reads_every_page_of_an_explicit_window(mocker, ab):
    mocker.get(
        api("downloads", **DOWNLOADS_WINDOW, page="1"),
        downloads_page([download(n) for n in range(100)], 105),
    )
    mocker.get(
        api("downloads", **DOWNLOADS_WINDOW, page="2"),
        downloads_page([download(n) for n in range(100, 105)], 105),
    )
    output = ab.Sync(CONFIG).read(["downloads"])
    records = ab.records_of(output, "downloads")
    assert len(records) == 105
    assert {r["downloaded_by"] for r in records} == {"ann"}
    state = output.most_recent_state.stream_state.__dict__
    assert state == {"date_downloaded": "2026-11-20T10:01:44Z"}


def test_a_window_of_exactly_100_results_is_one_call(ab):
    with HttpMocker() as http:
        http.post(token_request(), token_response())
        first = api("downloads", **DOWNLOADS_WINDOW, page="1")
        http.get(first, downloads_page([download(n) for n in range(100)], 100))
        past_the_end = api("downloads", **DOWNLOADS_WINDOW, page="2")
        http.get(past_the_end, error(400, "InvalidPage"))
        output = ab.Sync(CONFIG).read(["downloads"])
        http.assert_number_of_calls(first, 1)
        http.assert_number_of_calls(past_the_end, 0)
    assert len(ab.records_of(output, "downloads")) == 100
    assert not output.errors


def test_downloads_stop_cleanly_on_invalid_page_after_a_full_page(mocker, ab):
    # result_count promises more than Getty then serves: InvalidPage still ends the window.
    mocker.get(
        api("downloads", **DOWNLOADS_WINDOW, page="1"),
        downloads_page([download(n) for n in range(100)], 150),
    )
    mocker.get(
        api("downloads", **DOWNLOADS_WINDOW, page="2"),
        error(400, "InvalidPage", "page must be less than or equal to 1, results count 100"),
    )
    output = ab.Sync(CONFIG).read(["downloads"])
    assert len(ab.records_of(output, "downloads")) == 100
    assert not output.errors


def test_downloads_filter_product_types(mocker, ab):
    config = CONFIG | {"product_types": ["imagepack"]}
    window = DOWNLOADS_WINDOW | {"product_type": "imagepack"}
    record = download(1) | {"product_type": "imagepack"}
    mocker.get(api("downloads", **window, page="1"), downloads_page([record], 1))
    assert len(ab.records_of(ab.Sync(config).read(["downloads"]), "downloads")) == 1


@pytest.mark.parametrize(
    "first",
    [
        HttpResponse(
            json.dumps({"message": "Too Many Requests"}),
            429,
            {"X-Error-Detail": "Account Over Queries Per Second Limit"},
        ),
        error(500, "InternalServerError"),
        error(503, "ServiceUnavailable"),
    ],
    ids=["429", "500", "503"],
)
def test_downloads_retry_throttling_and_server_errors(mocker, ab, first):
    mocker.get(
        api("downloads", **DOWNLOADS_WINDOW, page="1"), [first, downloads_page([download(1)], 1)]
    )
    output = ab.Sync(CONFIG).read(["downloads"])
    assert len(ab.records_of(output, "downloads")) == 1
    assert not output.errors


def test_an_expired_token_is_refreshed_once_then_the_call_retried(ab):
    with HttpMocker() as http:
        token = token_request()
        http.post(token, [token_response("tok-1"), token_response("tok-2")])
        expired = HttpResponse(
            json.dumps({"message": "Authorization has been denied"}),
            401,
            {"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
        http.get(
            api("downloads", **DOWNLOADS_WINDOW, page="1"),
            [expired, downloads_page([download(1)], 1)],
        )
        output = ab.Sync(CONFIG).read(["downloads"])
        http.assert_number_of_calls(token, 2)
    assert len(ab.records_of(output, "downloads")) == 1


def test_forbidden_is_a_config_error_that_says_what_to_change(mocker, ab):
    mocker.get(
        api("downloads", **DOWNLOADS_WINDOW, page="1"),
        error(403, "InsufficientPermissions", "company_downloads is not enabled"),
    )
    output = ab.Sync(CONFIG).read(["downloads"], expect_failure=True)
    traces = [e.trace.error for e in output.errors]
    assert {t.failure_type for t in traces} == {FailureType.config_error}
    assert any(
        "company_wide" in t.message and "403 InsufficientPermissions" in t.message for t in traces
    )


def test_downloads_resume_from_state_minus_the_lookback(mocker, ab):
    window = DOWNLOADS_WINDOW | {"date_from": "2026-11-18T08:00:00Z"}
    mocker.get(api("downloads", **window, page="1"), downloads_page([download(1, day=25)], 1))
    state = ab.state_of("downloads", {"date_downloaded": "2026-11-20T08:00:00Z"})
    output = ab.Sync(CONFIG | {"lookback_days": 2}).read(["downloads"], state=state)
    assert len(ab.records_of(output, "downloads")) == 1
    assert output.most_recent_state.stream_state.__dict__ == {
        "date_downloaded": "2026-11-25T10:00:01Z"
    }


def test_a_state_in_the_future_makes_no_call_and_keeps_the_state(ab):
    with HttpMocker():  # any request would fail: nothing is mocked
        state = ab.state_of("downloads", {"date_downloaded": "2027-03-01T00:00:00Z"})
        output = ab.Sync(CONFIG).read(["downloads"], state=state)
    assert output.records == []
    assert output.most_recent_state.stream_state.__dict__ == {
        "date_downloaded": "2027-03-01T00:00:00Z"
    }


def test_a_wrong_password_fails_as_a_config_error(ab):
    with HttpMocker() as http:
        http.post(
            token_request(),
            HttpResponse(
                json.dumps(
                    {
                        "error": "invalid_grant",
                        "error_description": "The user name or password is incorrect.",
                    }
                ),
                400,
            ),
        )
        output = ab.Sync(CONFIG).read(["downloads"], expect_failure=True)
    assert output.errors and output.errors[-1].trace.error.failure_type == FailureType.config_error
    assert "pw-1" not in json.dumps([e.trace.error.message for e in output.errors])


# ---------------------------------------------------------------------- purchases and orders
def test_purchased_assets_use_whole_day_windows(mocker, ab):
    mocker.get(
        api("purchased-assets", **PURCHASES_WINDOW, page="1"),
        ok({"result_count": 2, "previous_purchases": [purchase(1, 1), purchase(2, 1)]}),
    )
    output = ab.Sync(CONFIG).read(["purchased_assets"])
    assert ab.keys_of(output, "purchased_assets") == [
        ("8000001", "2000000001", "2026-11-21T09:00:01Z"),
        ("8000001", "2000000002", "2026-11-21T09:00:02Z"),
    ]


def test_orders_one_call_per_distinct_order_and_inaccessible_ones_skipped(mocker, ab):
    lines = [purchase(1, 1), purchase(2, 1), purchase(3, 2), purchase(4, 3), purchase(5, 3)]
    mocker.get(
        api("purchased-assets", **PURCHASES_WINDOW, page="1"),
        ok({"result_count": 5, "previous_purchases": lines}),
    )
    orders = {n: api(f"orders/800000{n}") for n in (1, 2, 3)}
    mocker.get(
        orders[1],
        ok(
            {
                "id": "8000001",
                "order_date": "2026-11-21T09:00:00Z",
                "assets": [{"id": "2000000001"}],
            }
        ),
    )
    mocker.get(orders[2], error(403, "NoAccessToOrderMetadata"))
    mocker.get(orders[3], error(404, "OrderNotFound"))
    output = ab.Sync(CONFIG).read(["orders"])
    assert ab.keys_of(output, "orders") == ["8000001"]
    assert output.is_in_logs("Skipped order 8000002")
    assert output.is_in_logs("Skipped order 8000003")
    for request in orders.values():
        mocker.assert_number_of_calls(request, 1)


# ----------------------------------------------------------------------- products and boards
def test_products_ask_for_download_requirements(mocker, ab):
    mocker.get(
        api("products", fields="download_requirements"),
        ok({"products": [{"id": 4, "type": "imagepack", "downloads_remaining": 3}]}),
    )
    assert ab.keys_of(ab.Sync(CONFIG).read(["products"]), "products") == [4]


def test_boards_are_board_details_with_their_relationship(mocker, ab):
    mocker.get(
        api("boards", page="1", pageSize="100"),
        ok(
            {
                "board_count": 2,
                "boards": [
                    {"id": "b1", "board_relationship": "owned"},
                    {"id": "b2", "board_relationship": "invited"},
                ],
            }
        ),
    )
    for board in ("b1", "b2"):
        mocker.get(api(f"boards/{board}"), ok({"id": board, "assets": [{"id": "1"}]}))
    records = ab.records_of(ab.Sync(CONFIG).read(["boards"]), "boards")
    assert sorted((r["id"], r["board_relationship"]) for r in records) == [
        ("b1", "owned"),
        ("b2", "invited"),
    ]


# ------------------------------------------------------------------------- images, videos
def test_images_100_distinct_ids_a_call_from_both_parents(mocker, ab):
    downloads = [download(n) for n in range(80)] + [download(n) for n in range(10)]  # repeats
    downloads.append(download(500, asset_type="video"))
    mocker.get(api("downloads", **DOWNLOADS_WINDOW, page="1"), downloads_page(downloads, 91))
    purchases = [purchase(n, 1) for n in range(70)]
    mocker.get(
        api("purchased-assets", **PURCHASES_WINDOW, page="1"),
        ok({"result_count": 70, "previous_purchases": purchases}),
    )
    image_ids = list(
        dict.fromkeys(
            [d["id"] for d in downloads if d["asset_type"] == "image"]
            + [p["asset_id"] for p in purchases]
        )
    )
    assert len(image_ids) == 150
    fields = "detail_set,display_set,keywords"
    mocker.get(
        api("images", ids=",".join(image_ids[:100]), fields=fields),
        ok({"images": [{"id": i} for i in image_ids[:99]], "images_not_found": [image_ids[99]]}),
    )
    mocker.get(
        api("images", ids=",".join(image_ids[100:]), fields=fields),
        ok({"images": [{"id": i} for i in image_ids[100:]], "images_not_found": []}),
    )
    output = ab.Sync(CONFIG).read(["images"])
    assert sorted(ab.keys_of(output, "images")) == sorted(image_ids[:99] + image_ids[100:])
    assert not output.errors


def test_videos_ask_for_video_ids_only(mocker, ab):
    downloads = [download(1), download(2, asset_type="video")]
    mocker.get(api("downloads", **DOWNLOADS_WINDOW, page="1"), downloads_page(downloads, 2))
    mocker.get(
        api("purchased-assets", **PURCHASES_WINDOW, page="1"),
        ok({"result_count": 1, "previous_purchases": [purchase(9, 1, "video")]}),
    )
    mocker.get(
        api("videos", ids="1000000002,2000000009", fields="detail_set,keywords"),
        ok({"videos": [{"id": "1000000002"}], "videos_not_found": ["2000000009"]}),
    )
    output = ab.Sync(CONFIG).read(["videos"])
    assert ab.keys_of(output, "videos") == ["1000000002"]
