"""UBL invoices POSTed to an endpoint: one document per invoice number, never a second."""

from __future__ import annotations

import logging
from typing import Any

import requests_mock
from airbyte_cdk.models import Status
from destination_erp import DestinationErp
from getty_erp import ubl
from getty_erp.config import Settings
from getty_erp.loader import Loader
from getty_erp.testing import feed
from lxml import etree

URL = "https://einvoice.example.com/inbox"
TOKEN = "gw-token-7f3a"  # a fake token the tests look for in logs and messages


class Gateway:
    """Keeps the first document per Idempotency-Key; answers 409 for the same key again."""

    def __init__(self) -> None:
        self.documents: dict[str, bytes] = {}
        self.posts = 0

    def __call__(self, request: Any, context: Any) -> str:
        self.posts += 1
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert request.headers["Content-Type"] == "application/xml"
        key = request.headers["Idempotency-Key"]
        if key in self.documents:
            context.status_code = 409
            return "duplicate"
        self.documents[key] = request.body
        context.status_code = 201
        return ""


def load(config: dict[str, Any], rows: list[dict[str, Any]]) -> Loader:
    loader = Loader(Settings.parse(config))
    for r in rows:
        loader.add("procurement_invoice_lines", r)
    loader.finish()
    return loader


def test_each_invoice_posted_once_and_reruns_send_nothing_new(config, caplog) -> None:
    config["output"] = {"type": "ubl_http", "url": URL, "token": TOKEN}
    gateway = Gateway()
    rows = feed.invoices(3)
    caplog.set_level(logging.DEBUG)
    with requests_mock.Mocker() as mock:
        mock.post(URL, text=gateway)
        load(config, rows)
        load(config, rows)  # the endpoint answers 409 for each: nothing changes
    assert sorted(gateway.documents) == ["56000000", "56000001", "56000002"]
    assert gateway.posts == 6
    doc = etree.fromstring(gateway.documents["56000001"])
    assert doc.findtext(f"{{{ubl.NS_CBC}}}ID") == "56000001"
    assert len(doc.findall(f"{{{ubl.NS_CAC}}}InvoiceLine")) == 3
    assert TOKEN not in caplog.text


def test_lines_arriving_after_their_invoice_was_sent_are_reported(config, caplog) -> None:
    """A batch boundary inside an invoice: the second part is not a second document."""
    config |= {"output": {"type": "ubl_http", "url": URL, "token": TOKEN}, "batch_lines": 2}
    gateway = Gateway()
    rows = feed.invoices(1)  # 4 rows: line 0, line 1 (60 %), line 1 (40 %), line 2
    with requests_mock.Mocker() as mock:
        mock.post(URL, text=gateway)
        loader = load(config, rows)
    assert gateway.posts == 1 and loader.counts["invoices_posted_kept"] == 1
    (document,) = gateway.documents.values()
    lines = etree.fromstring(document).findall(f"{{{ubl.NS_CAC}}}InvoiceLine")
    assert [ln.findtext(f"{{{ubl.NS_CBC}}}Note") for ln in lines] == ["Getty line 56000000:0"]
    # the split line was complete only in the second batch, with line 2
    assert "2 line(s)" in caplog.text and "56000000:1, 56000000:2" in caplog.text


def test_check_names_a_refused_token(config) -> None:
    config["output"] = {"type": "ubl_http", "url": URL, "token": TOKEN}
    with requests_mock.Mocker() as mock:
        mock.options(URL, status_code=204)
        assert DestinationErp().check(None, config).status == Status.SUCCEEDED
        mock.options(URL, status_code=401)
        status = DestinationErp().check(None, config)
    assert status.status == Status.FAILED and "output.token" in status.message
    assert TOKEN not in status.message
