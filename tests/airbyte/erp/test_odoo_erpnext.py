"""Odoo (JSON-2 and JSON-RPC) and ERPNext clients against mocks of their documented formats."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
import requests_mock
from getty_erp.config import Settings
from getty_erp.loader import Loader
from getty_erp.testing import feed

ODOO = "https://odoo.example.com"
ERPNEXT = "https://erp.example.com"


def load(config: dict[str, Any], rows: list[dict[str, Any]]) -> Loader:
    loader = Loader(Settings.parse(config))
    for r in rows:
        loader.add("procurement_invoice_lines", r)
    loader.finish()
    return loader


class FakeOdoo:
    """Answers `/json/2/<model>/<method>` (Odoo 19) and `/jsonrpc` execute_kw (Odoo <= 18)."""

    def __init__(self) -> None:
        self.moves: list[dict[str, Any]] = []
        self.lines: dict[int, dict[str, Any]] = {}
        self.analytic = {"MKT": 11, "EDIT": 12}
        self.partners: list[str] = []

    def handle(self, model: str, method: str, ids: list[int] | None, kw: dict[str, Any]) -> Any:
        domain = {tuple(c[:2]): c[2] for c in kw.get("domain", [])}
        if model == "res.company":
            return [{"id": 1}] if domain[("name", "=")] == "Northwind GmbH" else []
        if model == "account.journal":  # company 1's purchase journal BILL
            found = domain.get(("code", "=")) == "BILL" and domain.get(("type", "=")) == "purchase"
            return [{"id": 3}] if found and domain.get(("company_id", "="), 1) == 1 else []
        if model == "res.currency":
            return [{"id": 1}]
        if model == "res.partner" and method == "search_read":
            return [{"id": 42}] if domain[("name", "=")] in self.partners else []
        if model == "res.partner" and method == "create":
            self.partners += [v["name"] for v in kw["vals_list"]]
            return [42]
        if model == "account.analytic.account":
            code = domain[("code", "=")]
            return [{"id": self.analytic[code]}] if code in self.analytic else []
        if model == "account.move" and method == "search_read":
            return [m for m in self.moves if m["ref"] == domain[("ref", "=")]][:1]
        if model == "account.move" and method == "create":
            created = []
            for vals in kw["vals_list"]:
                assert vals["move_type"] == "in_invoice" and vals["partner_id"] == 42
                move = {
                    "id": len(self.moves) + 1,
                    "state": "draft",
                    "ref": vals["ref"],
                    "invoice_line_ids": self._lines(vals["invoice_line_ids"]),
                    "vals": vals,
                }
                self.moves.append(move)
                created.append(move["id"])
            return created
        if model == "account.move" and method == "write":
            (move,) = [m for m in self.moves if m["id"] in ids]
            move["invoice_line_ids"] += self._lines(kw["vals"]["invoice_line_ids"])
            return True
        if model == "account.move.line" and method == "read":
            return [{"id": i, "name": self.lines[i]["name"]} for i in ids]
        raise AssertionError(f"unexpected call {model}.{method}")

    def _lines(self, commands: list[list[Any]]) -> list[int]:
        new = []
        for command, _, vals in commands:
            assert command == 0
            key = len(self.lines) + 1
            self.lines[key] = vals
            new.append(key)
        return new

    def json2(self, request, context) -> Any:
        assert request.headers["Authorization"] == "bearer odoo-key"
        assert request.headers["X-Odoo-Database"] == "prod"
        _, _, _, model, method = request.path.split("/")
        body = request.json()
        return self.handle(model, method, body.pop("ids", None), body)

    def jsonrpc(self, request, context) -> Any:
        params = request.json()["params"]
        if params["service"] == "common":
            assert params["args"] == ["prod", "ap-bot", "odoo-key"]
            return {"jsonrpc": "2.0", "id": 1, "result": 7}
        db, uid, key, model, method, args, kwargs = params["args"]
        assert (db, uid, key) == ("prod", 7, "odoo-key")
        return {
            "jsonrpc": "2.0",
            "id": 1,
            "result": self.handle(model, method, args[0] if args else None, kwargs),
        }


@pytest.mark.parametrize("protocol", ["json2", "jsonrpc"])
def test_odoo_vendor_bills_with_analytic_distribution(config, protocol) -> None:
    odoo = FakeOdoo()
    config["output"] = {
        "type": "odoo",
        "url": ODOO,
        "database": "prod",
        "api_key": "odoo-key",
        "protocol": protocol,
        "username": "ap-bot",
    }
    rows = feed.invoices(2)
    with requests_mock.Mocker() as mock:
        mock.post(requests_mock.ANY, json=odoo.jsonrpc if protocol == "jsonrpc" else odoo.json2)
        first = load(config, [r for r in rows if not r["invoice_line_id"].endswith(":2")])
        again = load(config, rows)
    assert first.counts["invoices_created"] == 2
    assert again.counts["invoices_extended"] == 2 and len(odoo.moves) == 2
    assert odoo.partners == ["Getty Images International U.C."]  # created once, then found
    bill = odoo.moves[0]
    assert bill["vals"]["ref"] == "56000000" and bill["vals"]["journal_id"] == 3
    assert bill["vals"]["invoice_origin"] == "PO-56000000 / ORD-56000000"
    lines = [odoo.lines[i] for i in bill["invoice_line_ids"]]
    assert [ln["analytic_distribution"] for ln in lines] == [
        {"11": 100.0},
        {"11": 60.0, "12": 40.0},
        {"11": 100.0},
    ]
    assert [ln["name"].split("]")[0] for ln in lines] == [
        "[56000000:0",
        "[56000000:1",
        "[56000000:2",
    ]


def test_odoo_check_proves_key_company_and_journal_and_creates_nothing(config) -> None:
    from destination_erp import DestinationErp

    odoo = FakeOdoo()
    output = {"type": "odoo", "url": ODOO, "database": "prod", "api_key": "odoo-key"}

    def check(**extra: str) -> str | None:
        status = DestinationErp().check(None, config | {"output": output | extra})
        return status.message

    with requests_mock.Mocker() as mock:
        mock.post(requests_mock.ANY, json=odoo.json2)
        assert check(company="Northwind GmbH") is None
        assert "output.company: company 'Contoso'" in check(company="Contoso")
        assert "output.journal_code: purchase journal 'MISC'" in check(journal_code="MISC")
        mock.post(requests_mock.ANY, status_code=401, json={"message": "Invalid apikey"})
        message = check(api_key="wrong-key-123")
    assert "output.api_key: Odoo refused it (HTTP 401)" in message
    assert "wrong-key-123" not in message
    assert odoo.partners == [] and odoo.moves == []  # check wrote nothing


def test_odoo_names_a_missing_cost_centre(config) -> None:
    odoo = FakeOdoo()
    config["output"] = {"type": "odoo", "url": ODOO, "database": "prod", "api_key": "odoo-key"}
    rows = [feed.row("9", "9:1", cost_centre="LEGAL")]
    with requests_mock.Mocker() as mock:
        mock.post(requests_mock.ANY, json=odoo.json2)
        with pytest.raises(Exception, match="cost centre 'LEGAL'"):
            load(config, rows)


def test_erpnext_purchase_invoices(config) -> None:
    docs: dict[str, dict[str, Any]] = {}

    def listing(request, context):
        filters = json.loads(request.qs["filters"][0])
        bill_no = next(f[2] for f in filters if f[0] == "bill_no")
        return {
            "data": [
                {"name": n, "docstatus": d["docstatus"]}
                for n, d in docs.items()
                if d["bill_no"] == bill_no
            ]
        }

    def create(request, context):
        assert request.headers["Authorization"] == "token erp-key:erp-secret"
        doc = request.json() | {"name": f"ACC-PINV-{len(docs) + 1}", "docstatus": 0}
        docs[doc["name"]] = doc
        return {"data": doc}

    def update(request, context):
        name = request.path.rsplit("/", 1)[1].upper()
        docs[name]["items"] = request.json()["items"]
        return {"data": docs[name]}

    config["output"] = {
        "type": "erpnext",
        "url": ERPNEXT,
        "api_key": "erp-key",
        "api_secret": "erp-secret",
        "company": "Northwind GmbH",
    }
    rows = feed.invoices(1)
    base = f"{ERPNEXT}/api/resource/Purchase%20Invoice"
    with requests_mock.Mocker() as mock:
        # requests-mock tries the latest registration first: the catch-all goes first
        mock.get(
            requests_mock.ANY, json=lambda r, c: {"data": docs[r.path.rsplit("/", 1)[1].upper()]}
        )
        mock.put(requests_mock.ANY, json=update)
        mock.get(base, json=listing)
        mock.post(base, json=create)
        load(config, [r for r in rows if not r["invoice_line_id"].endswith(":2")])
        again = load(config, rows)
        third = load(config, rows)
    assert again.counts["invoices_extended"] == 1 and third.counts["invoices_unchanged"] == 1
    (doc,) = docs.values()
    assert doc["bill_no"] == "56000000" and doc["supplier"] == "Getty Images International U.C."
    # the 60/40 line is two item rows, one per cost center, whose amounts add up to the line
    assert [(i["cost_center"], i["rate"]) for i in doc["items"]][:3] == [
        ("MKT", "99.00"),
        ("MKT", "81.61"),
        ("EDIT", "54.40"),
    ]  # 136.01 = 81.61 + 54.40
    assert len(doc["items"]) == 4


@pytest.mark.skipif(
    not os.environ.get("GETTY_ERP_ODOO_URL"),
    reason="no live Odoo credentials set "
    "(GETTY_ERP_ODOO_URL, GETTY_ERP_ODOO_DB, GETTY_ERP_ODOO_API_KEY)",
)
def test_live_odoo_check(config) -> None:
    from getty_erp.targets import open_target

    config["output"] = {
        "type": "odoo",
        "url": os.environ["GETTY_ERP_ODOO_URL"],
        "database": os.environ["GETTY_ERP_ODOO_DB"],
        "api_key": os.environ["GETTY_ERP_ODOO_API_KEY"],
    }
    open_target(Settings.parse(config)).check()
