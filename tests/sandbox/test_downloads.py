"""Download history: inclusive dates, use_time, Getty's 30-day default window, scope, filters."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

COMPANY = {"company_downloads": "true"}


def keys(records):
    return {(r["id"], r["date_downloaded"], r["user"]["username"]) for r in records}


def truth_keys(sandbox, date_from, date_to, company=True, product_type=None):
    found = sandbox.truth(
        "downloads",
        date_from=date_from,
        date_to=date_to,
        company=company,
        product_type=product_type,
    )
    return {tuple(k) for k in found["keys"]}


def test_an_explicit_window_returns_exactly_its_downloads(client):
    got = client.all_pages(
        "/v3/downloads", "downloads", date_from="2025-03-01", date_to="2025-04-15", **COMPANY
    )
    assert got and keys(got) == truth_keys(client.sandbox, "2025-03-01", "2025-04-15")
    assert all("2025-03-01" <= r["date_downloaded"][:10] <= "2025-04-15" for r in got)


def test_date_to_is_inclusive_of_the_whole_day(client):
    world = client.sandbox.world
    newest_day = world.download_key(world.scale.downloads // 2)
    day = datetime.fromtimestamp(newest_day.ts, UTC).date().isoformat()
    same_day = client.get("/v3/downloads", date_from=day, date_to=day, **COMPANY).json()
    assert same_day["result_count"] >= 1
    assert all(r["date_downloaded"].startswith(day) for r in same_day["downloads"])


@pytest.mark.parametrize("date_from", ["2024-02-10", "2025-06-01"])
def test_without_date_to_the_window_ends_30_days_after_date_from(client, date_from):
    """The trap: a client paging only by date_from silently misses everything later."""
    got = client.all_pages("/v3/downloads", "downloads", date_from=date_from, **COMPANY)
    end = (date.fromisoformat(date_from) + timedelta(days=30)).isoformat()
    assert keys(got) == truth_keys(client.sandbox, date_from, end)
    later = truth_keys(
        client.sandbox, (date.fromisoformat(end) + timedelta(days=1)).isoformat(), None
    )
    assert later and not keys(got) & later


def test_without_any_dates_only_the_last_30_days_come_back(client):
    world = client.sandbox.world
    today = datetime.fromtimestamp(world.now, UTC).date()
    got = client.all_pages("/v3/downloads", "downloads", **COMPANY)
    start = (today - timedelta(days=30)).isoformat()
    assert keys(got) == truth_keys(client.sandbox, start, today.isoformat())
    assert len(got) < world.scale.downloads / 10


def test_without_date_from_the_window_starts_30_days_before_date_to(client):
    got = client.all_pages("/v3/downloads", "downloads", date_to="2025-05-31", **COMPANY)
    assert keys(got) == truth_keys(client.sandbox, "2025-05-01", "2025-05-31")


def test_use_time_uses_the_time_part(client):
    body = client.get(
        "/v3/downloads",
        date_from="2025-05-01T00:00:00",
        date_to="2025-05-31T23:59:59",
        use_time="true",
        page_size=100,
        **COMPANY,
    ).json()
    assert body["result_count"] >= 2
    middle = sorted(r["date_downloaded"] for r in body["downloads"])[body["result_count"] // 2]
    cut = middle.replace("Z", "")
    after = client.all_pages(
        "/v3/downloads",
        "downloads",
        date_from=cut,
        date_to="2025-05-31T23:59:59",
        use_time="true",
        **COMPANY,
    )
    assert after and min(r["date_downloaded"] for r in after) == middle
    without_time = client.get(
        "/v3/downloads", date_from=cut, date_to="2025-05-31", **COMPANY
    ).json()
    assert without_time["result_count"] > len(after)  # the time part was ignored


def test_without_company_downloads_only_the_users_own_come_back(client):
    me = client.sandbox.credentials.username
    mine = client.all_pages(
        "/v3/downloads", "downloads", date_from="2025-01-01", date_to="2025-01-31"
    )
    everyone = client.all_pages(
        "/v3/downloads", "downloads", date_from="2025-01-01", date_to="2025-01-31", **COMPANY
    )
    assert mine and {r["user"]["username"] for r in mine} == {me}
    assert len({r["user"]["username"] for r in everyone}) > 1
    assert keys(mine) == truth_keys(client.sandbox, "2025-01-01", "2025-01-31", company=False)


def test_company_scope_can_be_refused(getty_sandbox_factory, make_client):
    sandbox = getty_sandbox_factory(company_access=False)
    resp = make_client(sandbox).get("/v3/downloads", **COMPANY)
    assert resp.status_code == 403
    assert resp.json()["ErrorCode"] == "InsufficientPermissions"


def test_product_type_filters(client):
    got = client.all_pages(
        "/v3/downloads",
        "downloads",
        date_from="2025-01-01",
        date_to="2025-01-31",
        product_type="premiumaccess",
        **COMPANY,
    )
    assert got and {r["product_type"] for r in got} == {"premiumaccess"}
    assert keys(got) == truth_keys(
        client.sandbox, "2025-01-01", "2025-01-31", product_type="premiumaccess"
    )
    bad = client.get("/v3/downloads", product_type="everything")
    assert bad.status_code == 400 and "product_type" in bad.json()["ErrorMessage"]


@pytest.mark.parametrize("value", ["yesterday", "2025-05-01garbage", "2025-13-01"])
def test_bad_dates_name_the_parameter(client, value):
    resp = client.get("/v3/downloads", date_from=value)
    assert resp.status_code == 400
    assert resp.json()["ErrorCode"] == "InvalidParameterValue"
    assert "date_from" in resp.json()["ErrorMessage"]


def test_a_time_part_is_ignored_without_use_time(client):
    dates = {"date_from": "2025-05-01", "date_to": "2025-05-02"}
    timed = {"date_from": "2025-05-01T13:00:00", "date_to": "2025-05-02T01:00:00"}
    plain = client.get("/v3/downloads", **dates, **COMPANY).json()
    assert plain["result_count"] > 0
    assert client.get("/v3/downloads", **timed, **COMPANY).json() == plain


def test_download_records_carry_what_license_tracking_needs(client):
    records = client.all_pages(
        "/v3/downloads", "downloads", date_from="2025-01-01", date_to="2025-03-31", **COMPANY
    )
    fields = {
        "date_downloaded",
        "id",
        "asset_type",
        "product_type",
        "thumb_uri",
        "agreement_name",
        "product_id",
        "download_details",
        "download_source",
        "user",
        "size_name",
        "dimensions",
        "license_model",
        "generated_asset_id",
    }
    assert all(set(r) == fields for r in records)
    assert {r["asset_type"] for r in records} == {"image", "video"}
    assert {r["license_model"] for r in records} == {"royaltyfree", "rightsmanaged"}
    codes = [r["download_details"]["project_code"] for r in records]
    assert any(codes) and None in codes
    assert any(not r["user"]["first_name"].isascii() for r in records)
    ids = [r["id"] for r in records]
    assert len(set(ids)) < len(ids)  # the same asset is downloaded more than once


def test_purchase_window_is_inclusive_and_unbounded_by_default(client):
    everything = client.all_pages(
        "/v3/purchased-assets", "previous_purchases", company_purchases="true"
    )
    assert len(everything) == client.sandbox.world.scale.purchases
    some = client.all_pages(
        "/v3/purchased-assets",
        "previous_purchases",
        date_from="2025-01-01",
        date_to="2025-06-30",
        company_purchases="true",
    )
    expected = client.sandbox.truth(
        "purchased_assets", date_from="2025-01-01", date_to="2025-06-30"
    )
    assert (
        sorted([r["order_id"], r["asset_id"], r["date_purchased"]] for r in some)
        == expected["keys"]
    )
    mine = client.all_pages("/v3/purchased-assets", "previous_purchases")
    assert {r["purchased_by"] for r in mine} == {client.sandbox.credentials.username}
