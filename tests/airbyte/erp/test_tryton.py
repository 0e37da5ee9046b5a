"""Round trip through a real trytond server over JSON-RPC: bills, amounts, analytic splits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from airbyte_cdk.models import Status
from destination_erp import DestinationErp
from getty_erp.config import Settings
from getty_erp.loader import Loader
from getty_erp.targets.tryton import TrytonClient, TrytonTarget
from getty_erp.testing import feed


@pytest.fixture
def tryton_config(config: dict[str, Any], tryton) -> dict[str, Any]:
    return config | {
        "output": tryton.output(tax="VAT 20%"),
        "tax": {"category": "S", "percent": "20"},
    }


def run(config: dict[str, Any], rows: list[dict[str, Any]]) -> Loader:
    loader = Loader(Settings.parse(config))
    for r in rows:
        loader.add("procurement_invoice_lines", r)
    loader.finish()
    return loader


def count_bills(tryton) -> int:
    client = TrytonClient(tryton.url, tryton.database, tryton.username, tryton.password)
    client.login()
    return len(client.call("account.invoice", "search", [("type", "=", "in")], 0, None, None))


def test_check_proves_credentials_company_journal_and_accounts(tryton_config, tryton) -> None:
    # a supplier party the server does not have: check must not create it
    tryton_config["supplier"] = tryton_config["supplier"] | {"name": "Getty Images Check Ltd"}
    output = tryton_config["output"]

    def check(**extra: str) -> str | None:
        status = DestinationErp().check(None, tryton_config | {"output": output | extra})
        assert (status.status == Status.SUCCEEDED) == (status.message is None)
        return status.message

    assert check(company="Northwind Media Group") is None
    assert "output.company: the current company" in check(company="Contoso")
    assert "output.journal: journal with code 'NOPE'" in check(journal="NOPE")
    assert "output.tax: tax named 'VAT 99%'" in check(tax="VAT 99%")
    assert "output.analytic_root" in check(analytic_root="DEPT")
    message = check(password="s3cr3t-x")
    assert "output.password" in message and "s3cr3t-x" not in message
    client = TrytonClient(tryton.url, tryton.database, tryton.username, tryton.password)
    client.login()
    created = client.search_read("party.party", [("name", "=", "Getty Images Check Ltd")], ["id"])
    assert created == []


def test_round_trip_amounts_and_analytic_splits_then_rerun_creates_nothing(tryton_config, tryton):
    rows = [r | {"invoice_number": "TRT-" + r["invoice_number"]} for r in feed.invoices(4)]
    before = count_bills(tryton)
    first = run(tryton_config, rows)
    assert first.counts["invoices_created"] == 4
    target = TrytonTarget(Settings.parse(tryton_config))
    expected = {}
    for r in rows:
        expected.setdefault(r["invoice_number"], {}).setdefault(r["invoice_line_id"], {})[
            r["cost_centre"]
        ] = Decimal(str(r["allocation_share"]))
    for number, lines in expected.items():
        bill = target.fetch(number)
        assert bill["state"] == "draft"
        assert {ln["line_id"]: ln["cost_centres"] for ln in bill["lines"]} == lines
        prices = {
            r["invoice_line_id"]: Decimal(r["unit_price"])
            for r in rows
            if r["invoice_number"] == number
        }
        assert bill["untaxed_amount"] == sum(prices.values())
        assert bill["tax_amount"] == (bill["untaxed_amount"] * Decimal("0.2")).quantize(
            Decimal("0.01")
        )
        assert bill["total_amount"] == bill["untaxed_amount"] + bill["tax_amount"]
    again = run(tryton_config, rows)
    assert again.counts["invoices_created"] == 0 and again.counts["invoices_unchanged"] == 4
    assert count_bills(tryton) == before + 4


def test_late_lines_join_a_draft_but_never_a_posted_bill(tryton_config, tryton) -> None:
    rows = [r | {"invoice_number": "LATE-" + r["invoice_number"]} for r in feed.invoices(2)]
    first_lines = [r for r in rows if not r["invoice_line_id"].endswith(":2")]
    run(tryton_config, first_lines)
    target = TrytonTarget(Settings.parse(tryton_config))
    draft, posted = sorted({r["invoice_number"] for r in rows})
    bill = target.fetch(posted)
    client = target.client
    client.call("account.invoice", "post", [bill["id"]])
    loader = run(tryton_config, rows)
    assert loader.counts["invoices_extended"] == 1 and loader.counts["invoices_posted_kept"] == 1
    assert len(target.fetch(draft)["lines"]) == 3
    kept = target.fetch(posted)
    assert kept["state"] == "posted" and len(kept["lines"]) == 2
    assert kept["total_amount"] == bill["total_amount"]


def test_crash_mid_load_then_rerun(tryton_config, tryton, monkeypatch) -> None:
    rows = [r | {"invoice_number": "CRASH-" + r["invoice_number"]} for r in feed.invoices(6)]
    before = count_bills(tryton)
    real_create = TrytonTarget.create
    calls = {"n": 0}

    def crash_on_fourth(self, invoice):
        calls["n"] += 1
        if calls["n"] == 4:
            raise ConnectionError("network dropped")
        real_create(self, invoice)

    monkeypatch.setattr(TrytonTarget, "create", crash_on_fourth)
    with pytest.raises(ConnectionError):
        run(tryton_config, rows)
    assert count_bills(tryton) == before + 3
    monkeypatch.setattr(TrytonTarget, "create", real_create)
    rerun = run(tryton_config, rows)
    assert rerun.counts["invoices_created"] == 3 and rerun.counts["invoices_unchanged"] == 3
    assert count_bills(tryton) == before + 6
    target = TrytonTarget(Settings.parse(tryton_config))
    for number in {r["invoice_number"] for r in rows}:
        assert len(target.fetch(number)["lines"]) == 3
