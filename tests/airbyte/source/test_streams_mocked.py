"""Unit tests per stream with the CDK's HttpMocker: exact requests, pages, errors, tokens, state.

The error, token, paging and state tests are tables over the streams: each case names the
stream's own call, its answer, and the other calls the read makes (parents, board list).
Backoff waits are recorded instead of slept (fixture `backoff_waits`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from types import SimpleNamespace
from typing import Any

import pytest
from airbyte_cdk.models import FailureType, Level
from airbyte_cdk.sources.streams.http import rate_limiting
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
IMAGE_FIELDS = "detail_set,display_set,keywords"
VIDEO_FIELDS = "detail_set,keywords"


# ------------------------------------------------------------------------ requests, answers
def token_request(body: str = PASSWORD_GRANT) -> HttpRequest:
    return HttpRequest(TOKEN_URL, body=body)


def token_response(token: str = "tok-1") -> HttpResponse:  # noqa: S107 - a fake token
    return HttpResponse(
        json.dumps({"access_token": token, "token_type": "Bearer", "expires_in": "1800"})
    )


def api(path: str, **params: Any) -> HttpRequest:
    return HttpRequest(f"{API}/v3/{path}", query_params=params or None)


def downloads_request(page: int = 1, **window: str) -> HttpRequest:
    return api("downloads", **(DOWNLOADS_WINDOW | window), page=str(page))


def purchases_request(page: int = 1, **window: str) -> HttpRequest:
    return api("purchased-assets", **(PURCHASES_WINDOW | window), page=str(page))


def boards_request(page: int = 1) -> HttpRequest:
    return api("boards", page=str(page), pageSize="100")


def ok(body: dict[str, Any]) -> HttpResponse:
    return HttpResponse(json.dumps(body), 200)


def error(status: int, code: str, message: str = "...") -> HttpResponse:
    """An application error in Getty's envelope."""
    return HttpResponse(json.dumps({"ErrorCode": code, "ErrorMessage": message}), status)


def edge_error(status: int, message: str, headers: dict[str, str] | None = None) -> HttpResponse:
    """An error from Getty's gateway (429, 502, 503, 504): `{"message": ...}`."""
    return HttpResponse(json.dumps({"message": message}), status, headers or {})


THROTTLED = edge_error(
    429,
    "Account Over Queries Per Second Limit",
    {"X-Error-Detail": "Account Over Queries Per Second Limit"},
)
EXPIRED_TOKEN = HttpResponse(
    json.dumps({"message": "Authorization has been denied for this request."}),
    401,
    {"WWW-Authenticate": 'Bearer realm="Download",error="invalid_token"'},
)
RETRIED_ANSWERS = {
    "429": THROTTLED,
    "500": error(500, "InternalServerError", "An error has occurred."),
    "502": edge_error(502, "Bad Gateway"),
    "503": edge_error(503, "Service Unavailable"),
    "504": edge_error(504, "Gateway Timeout"),
}


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


def board(n: int) -> dict[str, Any]:
    return {"id": f"b{n}", "board_relationship": "owned"}


def downloads_page(records: list[dict[str, Any]], total: int | None = None) -> HttpResponse:
    return ok({"result_count": len(records) if total is None else total, "downloads": records})


def purchases_page(records: list[dict[str, Any]], total: int | None = None) -> HttpResponse:
    count = len(records) if total is None else total
    return ok({"result_count": count, "previous_purchases": records})


def boards_page(records: list[dict[str, Any]], total: int | None = None) -> HttpResponse:
    return ok({"board_count": len(records) if total is None else total, "boards": records})


def download_key(n: int, **kwargs: Any) -> tuple[str, str, str]:
    record = download(n, **kwargs)
    return record["id"], record["date_downloaded"], record["user"]["username"]


def purchase_key(n: int, order: int) -> tuple[str, str, str]:
    record = purchase(n, order)
    return record["order_id"], record["asset_id"], record["date_purchased"]


def stream_state(output: Any) -> dict[str, Any]:
    state = output.most_recent_state.stream_state.__dict__
    return json.loads(json.dumps(state, default=lambda o: o.__dict__))


def traced_errors(output: Any) -> list[Any]:
    return [message.trace.error for message in output.errors]


# ---------------------------------------------------------------------------------- fixtures
@pytest.fixture(autouse=True)
def frozen_clock():
    with freeze_time(NOW):
        yield


@pytest.fixture(autouse=True)
def backoff_waits(monkeypatch) -> list[float]:
    """The waits the CDK's backoff asked for (429 and 5xx retries), recorded, not slept."""
    waits: list[float] = []
    monkeypatch.setattr(rate_limiting, "time", SimpleNamespace(sleep=waits.append))
    return waits


@pytest.fixture
def mocker():
    with HttpMocker() as http:
        http.post(token_request(), token_response())
        yield http


# ------------------------------------------------------------------ one call of each stream
@dataclass(frozen=True)
class StreamCall:
    """A read of `stream` whose own call is `request`, answered by `answer` with `keys`."""

    id: str
    stream: str
    request: HttpRequest
    answer: HttpResponse
    keys: list[Any]
    others: tuple[tuple[HttpRequest, HttpResponse], ...] = ()  # parents, the board list ...

    def mock(self, http: HttpMocker, *answers: HttpResponse) -> None:
        """Mock the other calls, and this stream's call answered by `answers` in turn."""
        for request, response in self.others:
            http.get(request, response)
        http.get(self.request, list(answers) or self.answer)


NO_PURCHASES = (purchases_request(), purchases_page([]))
STREAM_CALLS = [
    StreamCall(
        "downloads", "downloads", downloads_request(), downloads_page([download(1)]),
        [download_key(1)],
    ),
    StreamCall(
        "purchased_assets", "purchased_assets", purchases_request(),
        purchases_page([purchase(1, 1)]), [purchase_key(1, 1)],
    ),
    StreamCall(
        "orders", "orders", api("orders/8000001"), ok({"id": "8000001", "assets": []}),
        ["8000001"], others=((purchases_request(), purchases_page([purchase(1, 1)])),),
    ),
    StreamCall(
        "products", "products", api("products", fields="download_requirements"),
        ok({"products": [{"id": 4, "type": "imagepack"}]}), [4],
    ),
    StreamCall(
        "images", "images", api("images", ids="1000000001", fields=IMAGE_FIELDS),
        ok({"images": [{"id": "1000000001"}], "images_not_found": []}), ["1000000001"],
        others=((downloads_request(), downloads_page([download(1)])), NO_PURCHASES),
    ),
    StreamCall(
        "videos", "videos", api("videos", ids="1000000002", fields=VIDEO_FIELDS),
        ok({"videos": [{"id": "1000000002"}], "videos_not_found": []}), ["1000000002"],
        others=((downloads_request(), downloads_page([download(2, "video")])), NO_PURCHASES),
    ),
    StreamCall(
        "boards", "boards", api("boards/b1"), ok({"id": "b1", "assets": []}), ["b1"],
        others=((boards_request(), boards_page([board(1)])),),
    ),
    StreamCall(
        "boards-list", "boards", boards_request(), boards_page([board(1)]), ["b1"],
        others=((api("boards/b1"), ok({"id": "b1", "assets": []})),),
    ),
]  # fmt: skip
CALLS = [pytest.param(call, id=call.id) for call in STREAM_CALLS]


@pytest.mark.parametrize("call", CALLS)
def test_throttling_and_server_errors_are_retried_with_a_growing_backoff(
    mocker, ab, backoff_waits, call
):
    # 429, 500, 502, 503 and 504 in turn, then the answer: five retries of the same call.
    call.mock(mocker, *RETRIED_ANSWERS.values(), call.answer)
    output = ab.Sync(CONFIG).read([call.stream])
    assert ab.keys_of(output, call.stream) == call.keys
    assert not output.errors
    mocker.assert_number_of_calls(call.request, len(RETRIED_ANSWERS) + 1)
    # Never sooner than Getty's one-second rate window, then growing exponentially
    # (0.5 s * 2 ** retry): the fifth retry waits at least 16 s.
    assert len(backoff_waits) == len(RETRIED_ANSWERS)
    assert backoff_waits[0] >= 1 and backoff_waits[-1] >= 16
    assert all(earlier < later for earlier, later in pairwise(backoff_waits))


def test_backoff_waits_are_those_the_readme_states(mocker, ab, backoff_waits):
    """2, 3, 5, 9 s: the manifest's 0.5 * 2^n plus up to 0.5 s of jitter, plus the 1 s the CDK
    adds to every manifest backoff (rate_limiting.user_defined_backoff_handler)."""
    call = STREAM_CALLS[0]
    call.mock(mocker, *[THROTTLED] * 4, call.answer)
    ab.Sync(CONFIG).read([call.stream])
    assert len(backoff_waits) == 4
    for retry, wait in enumerate(backoff_waits, start=1):
        assert 2 ** (retry - 1) + 1 <= wait <= 2 ** (retry - 1) + 1.5, backoff_waits


@pytest.mark.parametrize("call", CALLS)
def test_an_expired_token_is_refreshed_once_then_the_call_retried(ab, call):
    with HttpMocker() as http:
        token = token_request()
        http.post(token, [token_response("tok-1"), token_response("tok-2")])
        call.mock(http, EXPIRED_TOKEN, call.answer)
        output = ab.Sync(CONFIG).read([call.stream])
        http.assert_number_of_calls(token, 2)
        http.assert_number_of_calls(call.request, 2)
    assert ab.keys_of(output, call.stream) == call.keys
    assert not output.errors


@pytest.mark.parametrize("call", CALLS)
def test_a_token_still_rejected_after_one_refresh_fails_the_stream(ab, call):
    with HttpMocker() as http:
        token = token_request()
        http.post(token, [token_response("tok-1"), token_response("tok-2"), token_response()])
        call.mock(http, EXPIRED_TOKEN)
        output = ab.Sync(CONFIG).read([call.stream], expect_failure=True)
        http.assert_number_of_calls(token, 2)
        http.assert_number_of_calls(call.request, 2)
    assert FailureType.config_error in {e.failure_type for e in traced_errors(output)}
    assert "pw-1" not in json.dumps([e.message for e in traced_errors(output)])


@pytest.mark.parametrize("call", CALLS)
def test_forbidden_is_a_config_error_that_says_what_to_change(mocker, ab, call):
    call.mock(mocker, error(403, "InsufficientPermissions", "company_downloads is not enabled"))
    output = ab.Sync(CONFIG).read([call.stream], expect_failure=True)
    traces = traced_errors(output)
    assert {t.failure_type for t in traces} == {FailureType.config_error}
    assert any(
        "403 InsufficientPermissions" in t.message
        and "company_wide" in t.message
        and '"password" or "refresh_token"' in t.message
        for t in traces
    ), [t.message for t in traces]
    mocker.assert_number_of_calls(call.request, 1)  # a permission is not retried


def test_orders_one_call_per_distinct_order_and_inaccessible_ones_skipped(mocker, ab):
    lines = [purchase(1, 1), purchase(2, 1), purchase(3, 2), purchase(4, 3), purchase(5, 3)]
    mocker.get(purchases_request(), purchases_page(lines))
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
    assert not output.errors
    for request in orders.values():
        mocker.assert_number_of_calls(request, 1)


# ------------------------------------------------------------------------------------ pages
@dataclass(frozen=True)
class PagedStream:
    """A paged list: its request for page p, a page of records numbered ns, and their keys."""

    stream: str
    request: Callable[[int], HttpRequest]
    page: Callable[[list[int], int], HttpResponse]
    key: Callable[[int], Any]
    per_record: Callable[[int], tuple[HttpRequest, HttpResponse]] | None = None

    def mock(
        self, http: HttpMocker, pages: list[HttpResponse], records: range
    ) -> list[HttpRequest]:
        """Mock the pages (and each record's detail call); the page requests, in order."""
        requests = [self.request(number) for number in range(1, len(pages) + 1)]
        for request, answer in zip(requests, pages, strict=True):
            http.get(request, answer)
        for n in records if self.per_record else ():
            http.get(*self.per_record(n))
        return requests


PAGED_STREAMS = [
    PagedStream(
        "downloads",
        downloads_request,
        lambda ns, total: downloads_page([download(n) for n in ns], total),
        download_key,
    ),
    PagedStream(
        "purchased_assets",
        purchases_request,
        lambda ns, total: purchases_page([purchase(n, 1) for n in ns], total),
        lambda n: purchase_key(n, 1),
    ),
    # The board list pages with `pageSize`; every listed board is then read in detail.
    PagedStream(
        "boards",
        boards_request,
        lambda ns, total: boards_page([board(n) for n in ns], total),
        lambda n: f"b{n}",
        per_record=lambda n: (api(f"boards/b{n}"), ok({"id": f"b{n}"})),
    ),
]
PAGED = [pytest.param(paged, id=paged.stream) for paged in PAGED_STREAMS]


@pytest.mark.parametrize("paged", PAGED)
def test_every_page_is_read_up_to_the_short_last_page(mocker, ab, paged):
    pages = [paged.page(range(100), 105), paged.page(range(100, 105), 105)]
    requests = paged.mock(mocker, pages, range(105))
    output = ab.Sync(CONFIG).read([paged.stream])
    assert ab.keys_of(output, paged.stream) == sorted(paged.key(n) for n in range(105))
    for request in requests:
        mocker.assert_number_of_calls(request, 1)
    assert not output.errors


@pytest.mark.parametrize("paged", PAGED)
def test_a_full_last_page_makes_no_call_past_the_end(mocker, ab, paged):
    past_the_end = error(400, "InvalidPage", "page must be less than or equal to 1")
    requests = paged.mock(mocker, [paged.page(range(100), 100), past_the_end], range(100))
    output = ab.Sync(CONFIG).read([paged.stream])
    assert len(ab.records_of(output, paged.stream)) == 100
    mocker.assert_number_of_calls(requests[1], 0)
    assert not output.errors


@pytest.mark.parametrize("paged", PAGED)
def test_invalid_page_ends_the_pagination_cleanly(mocker, ab, paged):
    # result_count promises more than Getty then serves: InvalidPage still ends the list.
    past_the_end = error(400, "InvalidPage", "page must be less than or equal to 1")
    requests = paged.mock(mocker, [paged.page(range(100), 150), past_the_end], range(100))
    output = ab.Sync(CONFIG).read([paged.stream])
    assert ab.keys_of(output, paged.stream) == sorted(paged.key(n) for n in range(100))
    mocker.assert_number_of_calls(requests[1], 1)
    assert not output.errors


@pytest.mark.parametrize(
    ("stream", "fields", "not_found"),
    [("images", IMAGE_FIELDS, "images_not_found"), ("videos", VIDEO_FIELDS, "videos_not_found")],
)
def test_metadata_asks_100_distinct_ids_a_call_from_both_parents(
    mocker, ab, stream, fields, not_found
):
    """Ids Getty has no asset for are one warning per call naming them, not an error."""
    kind = stream[:-1]
    downloads = [download(n, kind) for n in range(80)] + [download(n, kind) for n in range(10)]
    downloads.append(download(500, "video" if kind == "image" else "image"))  # the other kind
    mocker.get(downloads_request(), downloads_page(downloads))
    purchases = [purchase(n, 1, kind) for n in range(70)]
    mocker.get(purchases_request(), purchases_page(purchases))
    ids = list(
        dict.fromkeys(
            [d["id"] for d in downloads if d["asset_type"] == kind]
            + [p["asset_id"] for p in purchases]
        )
    )
    assert len(ids) == 150
    first = api(stream, ids=",".join(ids[:100]), fields=fields)
    second = api(stream, ids=",".join(ids[100:]), fields=fields)
    mocker.get(first, ok({stream: [{"id": i} for i in ids[:99]], not_found: [ids[99]]}))
    mocker.get(second, ok({stream: [{"id": i} for i in ids[100:]], not_found: []}))
    output = ab.Sync(CONFIG).read([stream])
    assert ab.keys_of(output, stream) == sorted(ids[:99] + ids[100:])  # not found: not fatal
    mocker.assert_number_of_calls(first, 1)
    mocker.assert_number_of_calls(second, 1)
    assert not output.errors
    reported = [m.log.message for m in output.logs if "Getty has no" in m.log.message]
    assert reported == [f"Getty has no {kind} for ids {ids[99]}: skipped."]
    assert {m.log.level for m in output.logs if "Getty has no" in m.log.message} == {Level.WARN}


# ---------------------------------------------------------------------------------- windows
def windows(start: str, end: str, step: timedelta, granularity: timedelta) -> list[tuple]:
    """Consecutive windows [from, to] of at most `step`, as a cursor with that step cuts them."""
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    low, high = datetime.strptime(start, fmt), datetime.strptime(end, fmt)
    cut = []
    while low <= high:
        cut.append((low, min(low + step - granularity, high)))
        low += step
    return cut


def test_downloads_ask_windows_of_at_most_30_days_with_both_bounds(mocker, ab):
    # Getty cuts a downloads window silently at 30 days: every call must name both bounds.
    expected = windows("2026-09-19T00:00:00Z", NOW, timedelta(days=30), timedelta(seconds=1))
    assert len(expected) == 3
    requests = []
    for n, (low, high) in enumerate(expected):
        assert high - low < timedelta(days=30)
        bounds = {"date_from": f"{low:%Y-%m-%dT%H:%M:%SZ}", "date_to": f"{high:%Y-%m-%dT%H:%M:%SZ}"}
        requests.append(downloads_request(**bounds))
        mocker.get(requests[-1], downloads_page([download(n, day=20 + n)]))
    output = ab.Sync(CONFIG | {"start_date": "2026-09-19"}).read(["downloads"])
    assert not output.errors
    for request in requests:
        mocker.assert_number_of_calls(request, 1)
    assert len(ab.records_of(output, "downloads")) == 3
    assert len(output.state_messages) >= 3  # a checkpoint after every window


def test_purchased_assets_ask_windows_of_90_whole_days(mocker, ab):
    expected = windows("2026-05-01T00:00:00Z", NOW, timedelta(days=90), timedelta(days=1))
    assert [(f"{a:%m-%d}", f"{b:%m-%d}") for a, b in expected] == [
        ("05-01", "07-29"),
        ("07-30", "10-27"),
        ("10-28", "11-28"),
    ]
    requests = []
    for low, high in expected:
        bounds = {"date_from": f"{low:%Y-%m-%d}", "date_to": f"{high:%Y-%m-%d}"}
        requests.append(purchases_request(**bounds))
        mocker.get(requests[-1], purchases_page([]))
    output = ab.Sync(CONFIG | {"start_date": "2026-05-01"}).read(["purchased_assets"])
    assert not output.errors
    for request in requests:
        mocker.assert_number_of_calls(request, 1)


# ------------------------------------------------------------------------- other parameters
def test_downloads_filter_product_types(mocker, ab):
    config = CONFIG | {"product_types": ["imagepack"]}
    record = download(1) | {"product_type": "imagepack"}
    mocker.get(downloads_request(product_type="imagepack"), downloads_page([record]))
    assert len(ab.records_of(ab.Sync(config).read(["downloads"]), "downloads")) == 1


def test_products_ask_for_download_requirements(mocker, ab):
    mocker.get(
        api("products", fields="download_requirements"),
        ok({"products": [{"id": 4, "type": "imagepack", "downloads_remaining": 3}]}),
    )
    assert ab.keys_of(ab.Sync(CONFIG).read(["products"]), "products") == [4]


def test_boards_are_board_details_with_their_relationship(mocker, ab):
    mocker.get(
        boards_request(),
        boards_page([board(1), {"id": "b2", "board_relationship": "invited"}]),
    )
    for name in ("b1", "b2"):
        mocker.get(api(f"boards/{name}"), ok({"id": name, "assets": [{"id": "1"}]}))
    records = ab.records_of(ab.Sync(CONFIG).read(["boards"]), "boards")
    assert sorted((r["id"], r["board_relationship"]) for r in records) == [
        ("b1", "owned"),
        ("b2", "invited"),
    ]


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
    assert "pw-1" not in json.dumps([e.message for e in traced_errors(output)])


# ----------------------------------------------------------------------- resume, future state
@dataclass(frozen=True)
class Resume:
    """A read from `state` (lookback 2 days): the calls it must make, then the state it saves."""

    id: str
    stream: str
    state: dict[str, Any]
    calls: tuple[tuple[HttpRequest, HttpResponse], ...]
    keys: list[Any]
    saved: dict[str, Any]
    future: dict[str, Any] = field(default_factory=dict)  # the same state, in 2027


def child_state(**parents: str) -> dict[str, Any]:
    """A child stream's state: the cursors of its parents (named as the parent streams)."""
    cursors = {
        "downloads": lambda v: {"date_downloaded": v},
        "purchased_assets": lambda v: {"date_purchased": v},
    }
    return {
        "use_global_cursor": True,
        "lookback_window": 0,
        "parent_state": {name: cursors[name](value) for name, value in parents.items()},
    }


FROM_STATE_DOWNLOADS = downloads_request(date_from="2026-11-18T08:00:00Z")
FROM_STATE_PURCHASES = purchases_request(date_from="2026-11-18")
RESUMES = [
    Resume(
        "downloads", "downloads", {"date_downloaded": "2026-11-20T08:00:00Z"},
        ((FROM_STATE_DOWNLOADS, downloads_page([download(1, day=25)])),),
        [download_key(1, day=25)], {"date_downloaded": "2026-11-25T10:00:01Z"},
        future={"date_downloaded": "2027-03-01T00:00:00Z"},
    ),
    Resume(
        "purchased_assets", "purchased_assets", {"date_purchased": "2026-11-20"},
        ((FROM_STATE_PURCHASES, purchases_page([purchase(1, 1)])),),
        [purchase_key(1, 1)], {"date_purchased": "2026-11-21"},
        future={"date_purchased": "2027-03-01"},
    ),
    Resume(
        "orders", "orders", child_state(purchased_assets="2026-11-20"),
        (
            (FROM_STATE_PURCHASES, purchases_page([purchase(1, 1)])),
            (api("orders/8000001"), ok({"id": "8000001", "order_date": "2026-11-21T09:00:00Z"})),
        ),
        ["8000001"], child_state(purchased_assets="2026-11-21"),
        future=child_state(purchased_assets="2027-03-01"),
    ),
    Resume(
        "images", "images",
        child_state(downloads="2026-11-20T08:00:00Z", purchased_assets="2026-11-20"),
        (
            (FROM_STATE_DOWNLOADS, downloads_page([download(1, day=25)])),
            (FROM_STATE_PURCHASES, purchases_page([purchase(1, 1)])),
            (api("images", ids="1000000001,2000000001", fields=IMAGE_FIELDS),
             ok({"images": [{"id": "1000000001"}, {"id": "2000000001"}]})),
        ),
        ["1000000001", "2000000001"],
        child_state(downloads="2026-11-25T10:00:01Z", purchased_assets="2026-11-21"),
        future=child_state(downloads="2027-03-01T00:00:00Z", purchased_assets="2027-03-01"),
    ),
    Resume(
        "videos", "videos",
        child_state(downloads="2026-11-20T08:00:00Z", purchased_assets="2026-11-20"),
        (
            (FROM_STATE_DOWNLOADS, downloads_page([download(2, "video", day=25)])),
            (FROM_STATE_PURCHASES, purchases_page([purchase(2, 1, "video")])),
            (api("videos", ids="1000000002,2000000002", fields=VIDEO_FIELDS),
             ok({"videos": [{"id": "1000000002"}, {"id": "2000000002"}]})),
        ),
        ["1000000002", "2000000002"],
        child_state(downloads="2026-11-25T10:00:02Z", purchased_assets="2026-11-21"),
        future=child_state(downloads="2027-03-01T00:00:00Z", purchased_assets="2027-03-01"),
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", [pytest.param(r, id=r.id) for r in RESUMES])
def test_a_read_resumes_from_state_minus_the_lookback(mocker, ab, case):
    for request, answer in case.calls:
        mocker.get(request, answer)
    state = ab.state_of(case.stream, case.state)
    output = ab.Sync(CONFIG | {"lookback_days": 2}).read([case.stream], state=state)
    assert ab.keys_of(output, case.stream) == sorted(case.keys)
    for request, _ in case.calls:
        mocker.assert_number_of_calls(request, 1)
    saved = stream_state(output)
    if "parent_state" in case.saved:  # children: the parents' cursors moved on
        assert saved["parent_state"] == case.saved["parent_state"]
    else:
        assert saved == case.saved


@pytest.mark.parametrize("case", [pytest.param(r, id=r.id) for r in RESUMES])
def test_a_state_in_the_future_makes_no_call_and_keeps_the_state(ab, case):
    with HttpMocker():  # any request would fail: nothing is mocked
        state = ab.state_of(case.stream, case.future)
        output = ab.Sync(CONFIG).read([case.stream], state=state)
    assert output.records == []
    assert not output.errors
    saved = stream_state(output)
    if "parent_state" in case.future:
        assert saved["parent_state"] == case.future["parent_state"]
    else:
        assert saved == case.future
