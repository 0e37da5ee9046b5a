"""Every UBL invoice passes the OASIS UBL 2.1 XSDs and the EN 16931 rules; totals add up."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from getty_erp import ubl
from getty_erp.config import Settings
from getty_erp.loader import Loader
from getty_erp.testing import feed
from lxml import etree

NS = {"cbc": ubl.NS_CBC, "cac": ubl.NS_CAC}


def load(config: dict[str, Any], rows: list[dict[str, Any]]) -> Path:
    loader = Loader(Settings.parse(config))
    for r in rows:
        loader.add("procurement_invoice_lines", r)
    loader.finish()
    return Path(config["output"]["directory"])


def amount(doc: etree._Element, path: str) -> Decimal:
    return Decimal(doc.findtext(path, namespaces=NS))


def assert_totals_add_up(doc: etree._Element) -> None:
    lines = doc.findall("cac:InvoiceLine", NS)
    line_sum = sum((amount(ln, "cbc:LineExtensionAmount") for ln in lines), Decimal(0))
    for ln in lines:  # each line: quantity x price, rounded half up to the cent
        qty, price = amount(ln, "cbc:InvoicedQuantity"), amount(ln, "cac:Price/cbc:PriceAmount")
        assert amount(ln, "cbc:LineExtensionAmount") == (qty * price).quantize(
            Decimal("0.01"), "ROUND_HALF_UP"
        )
    total = "cac:LegalMonetaryTotal/"
    assert amount(doc, total + "cbc:LineExtensionAmount") == line_sum
    tax = amount(doc, "cac:TaxTotal/cbc:TaxAmount")
    rate = Decimal(
        doc.findtext("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent", "0", namespaces=NS)
    )  # category O carries no rate
    assert tax == (line_sum * rate / 100).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    assert amount(doc, total + "cbc:TaxInclusiveAmount") == line_sum + tax
    assert amount(doc, total + "cbc:PayableAmount") == line_sum + tax


@pytest.mark.parametrize(
    "tax",
    [
        {"category": "S", "percent": "19"},
        {"category": "S", "percent": "23"},
        {"category": "AE", "percent": "0"},
        {"category": "Z", "percent": "0"},
        {"category": "O", "percent": "0"},
    ],
)
def test_every_invoice_is_valid_ubl_and_en16931(validator, config, tax) -> None:
    config["tax"] = tax
    if tax["category"] == "O":  # not subject to VAT: no VAT identifiers (BR-O-02..04)
        config["supplier"] = {k: v for k, v in config["supplier"].items() if k != "vat_id"}
        config["supplier"]["company_id"] = "IE-CRO-123456"
        config["buyer"] = {k: v for k, v in config["buyer"].items() if k != "vat_id"}
    out = load(config, feed.invoices(12))
    files = sorted((out / "ubl").glob("*.xml"))
    assert len(files) == 12
    for path in files:
        xml = path.read_bytes()
        assert validator.xsd_errors(xml) == [], path.name
        fatal = [f for f in validator.en16931_findings(xml) if f.flag == "fatal"]
        assert fatal == [], f"{path.name}: {[str(f) for f in fatal]}"
        assert_totals_add_up(etree.fromstring(xml))


def test_business_terms_land_where_en16931_puts_them(config) -> None:
    rows = [
        feed.row(
            "INV-7",
            "L1",
            unit_price="10.005",
            quantity="3",
            cost_centre="MKT",
            license_start="2026-01-01",
            license_end="2026-12-31",
        ),
        feed.row("INV-7", "L2", unit_price="0.125", cost_centre="EDIT", allocation_share="0.5"),
        feed.row("INV-7", "L2", unit_price="0.125", cost_centre="MKT", allocation_share="0.5"),
    ]
    out = load(config, rows)
    doc = etree.parse(str(out / "ubl" / "INV-7.xml")).getroot()
    assert doc.findtext("cbc:ID", namespaces=NS) == "INV-7"
    assert doc.findtext("cac:OrderReference/cbc:ID", namespaces=NS) == "PO-INV-7"
    assert doc.findtext("cac:OrderReference/cbc:SalesOrderID", namespaces=NS) == "ORD-INV-7"
    assert doc.findtext("cac:ProjectReference/cbc:ID", namespaces=NS) == "Autumn campaign"
    lines = doc.findall("cac:InvoiceLine", NS)
    assert [ln.findtext("cbc:AccountingCost", namespaces=NS) for ln in lines] == [
        "MKT",
        "EDIT 50%; MKT 50%",
    ]
    # 3 x 10.005 = 30.015 -> 30.02 and 0.125 -> 0.13: half up, not banker's rounding
    assert [ln.findtext("cbc:LineExtensionAmount", namespaces=NS) for ln in lines] == [
        "30.02",
        "0.13",
    ]
    period = lines[0].find("cac:InvoicePeriod", NS)
    assert period.findtext("cbc:StartDate", namespaces=NS) == "2026-01-01"
    assert period.findtext("cbc:EndDate", namespaces=NS) == "2026-12-31"
    assert doc.findtext("cac:TaxTotal/cbc:TaxAmount", namespaces=NS) == "5.73"  # 30.15 x 19 %


def test_validator_catches_a_broken_invoice(validator, config) -> None:
    """The checks above can fail: a tampered total breaks BR-CO-15, a missing ID the XSD."""
    out = load(config, feed.invoices(1))
    doc = etree.parse(str(next((out / "ubl").glob("*.xml")))).getroot()
    doc.find("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", NS).text = "1.00"
    fatal = {f.rule for f in validator.en16931_findings(etree.tostring(doc)) if f.flag == "fatal"}
    assert "BR-CO-15" in fatal
    doc.remove(doc.find("cbc:ID", NS))
    assert validator.xsd_errors(etree.tostring(doc))


def test_invoices_from_the_sandbox_raw_streams_are_valid(validator, config, getty_sandbox) -> None:
    """Direct connection: Getty purchases and orders (sandbox) with the config's rate card."""
    import requests

    creds = getty_sandbox.credentials
    token = requests.post(
        getty_sandbox.auth_url,
        data={
            "grant_type": "password",
            "client_id": creds.api_key,
            "client_secret": creds.api_secret,
            "username": creds.username,
            "password": creds.password,
        },
        timeout=10,
    ).json()["access_token"]
    http = requests.Session()
    http.headers.update({"Api-Key": creds.api_key, "Authorization": f"Bearer {token}"})
    purchases: list[dict] = []
    for page in range(1, 4):  # enough orders to meet Getty's gaps (403/404, no invoice yet)
        answer = http.get(
            f"{getty_sandbox.url}/v3/purchased-assets",
            params={
                "company_purchases": "true",
                "date_from": "2026-01-01",
                "date_to": "2026-11-01",
                "page_size": 100,
                "page": page,
            },
            timeout=10,
        ).json()
        purchases += answer["previous_purchases"]
        if len(purchases) >= answer["result_count"]:
            break
    rejects = Path(config["output"]["directory"]) / "rejects.jsonl"
    config["rejects_path"] = str(rejects)  # on_error stays "fail": Getty's gaps are not errors
    loader = Loader(Settings.parse(config))
    for p in purchases:
        loader.add("purchased_assets", p)
    not_invoiceable = set()
    for order_id in sorted({p["order_id"] for p in purchases}):
        resp = http.get(f"{getty_sandbox.url}/v3/orders/{order_id}", timeout=10)
        if resp.status_code == 200:
            loader.add("orders", resp.json())
        if resp.status_code != 200 or not resp.json().get("invoice_number"):
            not_invoiceable.add(order_id)  # 403/404, or not invoiced yet
    loader.finish()
    files = sorted((Path(config["output"]["directory"]) / "ubl").glob("*.xml"))
    assert loader.counts["invoices_created"] == len(files) > 0
    deferred = [p for p in purchases if p["order_id"] in not_invoiceable]
    assert deferred, "the sample should hold orders Getty has not invoiced or does not show"
    assert loader.counts["records_deferred"] == len(deferred)
    kept = [json.loads(line) for line in rejects.read_text().splitlines()] if deferred else []
    assert all(k["deferred"] for k in kept) and len(kept) == len(deferred)
    billed = {(p["order_id"], p["asset_id"]) for p in purchases} - {
        (p["order_id"], p["asset_id"]) for p in deferred
    }
    lines = 0
    for path in files:
        assert validator.problems(path.read_bytes()) == [], path.name
        doc = etree.parse(str(path)).getroot()
        assert_totals_add_up(doc)
        assert doc.findtext("cac:OrderReference/cbc:SalesOrderID", namespaces=NS)
        lines += len(doc.findall("cac:InvoiceLine", NS))
    assert lines == len(billed)
