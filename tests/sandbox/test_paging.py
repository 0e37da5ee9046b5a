"""Getty paging: allowed sizes, per-endpoint defaults, result_count, InvalidPage."""

from __future__ import annotations

import math

import pytest

ALLOWED = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 25, 30, 50, 60, 75, 100]
WIDE = {"date_from": "2025-01-01", "date_to": "2025-01-31", "company_downloads": "true"}


def test_default_page_sizes_are_30_for_downloads_and_75_for_purchases(client):
    downloads = client.get("/v3/downloads", **WIDE).json()
    purchases = client.get("/v3/purchased-assets", company_purchases="true").json()
    assert downloads["result_count"] > 30 and len(downloads["downloads"]) == 30
    assert purchases["result_count"] > 75 and len(purchases["previous_purchases"]) == 75


@pytest.mark.parametrize("size", ALLOWED)
def test_every_allowed_page_size_is_accepted(client, size):
    body = client.get("/v3/downloads", page_size=size, **WIDE).json()
    assert len(body["downloads"]) == min(size, body["result_count"])


@pytest.mark.parametrize("size", [0, 7, 40, 101, 500])
def test_other_page_sizes_are_rejected_with_getty_error(client, size):
    resp = client.get("/v3/downloads", page_size=size, **WIDE)
    assert resp.status_code == 400
    assert resp.headers["Content-Type"] == "application/vnd.getty.error+json"
    assert resp.json()["ErrorCode"] == "InvalidPageSize"
    assert "page_size" in resp.json()["ErrorMessage"]


@pytest.mark.parametrize("value", ["a", "²", "1.5"])
def test_non_integer_paging_values_are_invalid_requests(client, value):
    resp = client.get("/v3/downloads", page=value)
    assert resp.status_code == 400
    assert resp.json() == {
        "ErrorCode": "InvalidRequest",
        "ErrorMessage": f"Field: page, Message: The value '{value}' is not valid for Int32.",
    }


def test_page_past_the_end_is_invalid_page_with_counts(client):
    total = client.get("/v3/downloads", **WIDE).json()["result_count"]
    last = math.ceil(total / 100)
    assert client.get("/v3/downloads", page=last, page_size=100, **WIDE).status_code == 200
    resp = client.get("/v3/downloads", page=last + 1, page_size=100, **WIDE)
    assert resp.status_code == 400
    assert resp.json() == {
        "ErrorCode": "InvalidPage",
        "ErrorMessage": f"page must be less than or equal to {last}, results count {total}",
    }


def test_a_full_last_page_is_followed_by_invalid_page(client):
    """A client that asks for the next page whenever a page is full gets a 400 here."""
    total = client.get("/v3/downloads", **WIDE).json()["result_count"]
    size = next(s for s in reversed(ALLOWED) if total % s == 0)
    pages = total // size
    full = client.get("/v3/downloads", page=pages, page_size=size, **WIDE).json()
    assert len(full["downloads"]) == size
    assert client.get("/v3/downloads", page=pages + 1, page_size=size, **WIDE).status_code == 400


def test_empty_result_has_a_page_one(client):
    body = client.get("/v3/downloads", date_from="2001-01-01", date_to="2001-01-02").json()
    assert body == {"result_count": 0, "downloads": []}
    assert (
        client.get("/v3/downloads", date_from="2001-01-01", date_to="2001-01-02", page=2).json()[
            "ErrorCode"
        ]
        == "InvalidPage"
    )


def test_page_zero_is_rejected(client):
    resp = client.get("/v3/purchased-assets", page=0)
    assert (resp.status_code, resp.json()["ErrorCode"]) == (400, "PageNumberLessThanOne")


def test_paging_returns_every_record_once_newest_first(client):
    records = client.all_pages(
        "/v3/purchased-assets", "previous_purchases", company_purchases="true"
    )
    keys = [(r["order_id"], r["asset_id"], r["date_purchased"]) for r in records]
    assert len(keys) == len(set(keys)) == client.sandbox.world.scale.purchases
    dates = [r["date_purchased"] for r in records]
    assert dates == sorted(dates, reverse=True)


def test_boards_page_with_pagesize_and_board_count(client):
    total = client.get("/v3/boards").json()["board_count"]
    seen = []
    for page in range(1, total + 1):
        body = client.get("/v3/boards", page=page, pageSize=1).json()
        assert body["board_count"] == total
        seen += [b["id"] for b in body["boards"]]
    assert len(set(seen)) == total == len(client.sandbox.world.boards)
    assert client.get("/v3/boards", page=total + 1, pageSize=1).json()["ErrorCode"] == "InvalidPage"
