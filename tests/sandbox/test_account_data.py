"""Orders, products, customers and boards."""

from __future__ import annotations


def test_orders_ok_forbidden_and_missing(client):
    truth = client.sandbox.truth("orders")
    assert truth["keys"] and truth["forbidden"] and truth["not_found"]
    order = client.get(f"/v3/orders/{truth['keys'][0]}").json()
    assert order["id"] == truth["keys"][0]
    assert set(order) == {"id", "invoice_number", "order_date", "end_client", "notes", "assets"}
    assert set(order["notes"]) == {
        "licensee_name",
        "purchase_order_number",
        "project_title",
        "ordered_by",
    }
    forbidden = client.get(f"/v3/orders/{truth['forbidden'][0]}")
    assert (forbidden.status_code, forbidden.json()["ErrorCode"]) == (
        403,
        "NoAccessToOrderMetadata",
    )
    missing = client.get(f"/v3/orders/{truth['not_found'][0]}")
    assert (missing.status_code, missing.json()["ErrorCode"]) == (404, "OrderNotFound")
    assert client.get("/v3/orders/999").json()["ErrorCode"] == "OrderNotFound"
    assert client.get("/v3/orders/abc").json()["ErrorCode"] == "InvalidParameterValue"
    assert client.get("/v3/orders/²").json()["ErrorCode"] == "InvalidParameterValue"


def test_order_assets_match_its_purchases(client):
    purchases = client.all_pages(
        "/v3/purchased-assets", "previous_purchases", company_purchases="true"
    )
    order_id = client.sandbox.truth("orders")["keys"][3]
    order = client.get(f"/v3/orders/{order_id}").json()
    assert sorted(a["id"] for a in order["assets"]) == sorted(
        p["asset_id"] for p in purchases if p["order_id"] == order_id
    )


def test_po_numbers_are_sometimes_missing_or_reused(client):
    orders = [client.get(f"/v3/orders/{o}").json() for o in client.sandbox.truth("orders")["keys"]]
    pos = [o["notes"]["purchase_order_number"] for o in orders]
    assert None in pos
    present = [p for p in pos if p]
    assert len(set(present)) < len(present)
    assert any(o["invoice_number"] for o in orders)


def test_products_cover_every_state_alerts_need(client):
    products = client.get("/v3/products", fields="download_requirements").json()["products"]
    assert {p["type"] for p in products} == {
        "easyaccess",
        "editorialsubscription",
        "imagepack",
        "premiumaccess",
        "royaltyfreesubscription",
        "creditpack",
        "aigen",
    }
    assert {p["status"] for p in products} == {"active", "inactive"}
    assert any(p["downloads_remaining"] == 0 for p in products)
    now = client.sandbox.world.now
    from datetime import datetime

    def days_left(p):
        return (
            datetime.fromisoformat(p["expiration_utc_date"].replace("Z", "+00:00")).timestamp()
            - now
        ) / 86400

    assert any(0 < days_left(p) <= 30 for p in products)
    assert any(p["download_requirements"]["is_project_code_required"] for p in products)
    plain = client.get("/v3/products").json()["products"]
    assert all("download_requirements" not in p for p in plain)


def test_customer_is_the_authenticated_user(client):
    me = client.sandbox.world.users[0]
    assert client.get("/v3/customers/current").json() == {
        "first_name": me.first_name,
        "middle_name": me.middle_name,
        "last_name": me.last_name,
    }


def test_board_detail_and_comments(client):
    boards = client.get("/v3/boards", pageSize=100).json()["boards"]
    board = next(b for b in boards if b["asset_count"])
    detail = client.get(f"/v3/boards/{board['id']}").json()
    assert len(detail["assets"]) == detail["asset_count"] == board["asset_count"]
    comments = client.get(f"/v3/boards/{board['id']}/comments").json()
    assert len(comments["comments"]) == detail["comment_count"]
    assert client.get("/v3/boards/nope").json()["ErrorCode"] == "BoardNotFound"
    owned = client.get("/v3/boards", board_relationship="owned", pageSize=100).json()
    assert all(b["board_relationship"] == "owned" for b in owned["boards"])
    by_name = client.get("/v3/boards", sort_order="name_ascending", pageSize=100).json()
    names = [b["name"] for b in by_name["boards"]]
    assert names == sorted(names)
