"""Budgets per cost centre: from dbt's budget_vs_actual feed or the config, into the budget
journal (files) and Tryton analytic budgets whose actuals Tryton computes from posted bills."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from airbyte_cdk.models import Status
from destination_erp import DestinationErp
from getty_erp.config import ConfigError, Settings
from getty_erp.loader import Loader
from getty_erp.records import RecordError
from getty_erp.targets.tryton import TrytonTarget
from getty_erp.testing import feed

MART = "budget_vs_actual"


def budget(centre: str, amount: str | None, month: str = "2026-11-01", **extra: Any) -> dict:
    """A row of dbt's budget_vs_actual mart."""
    return {
        "cost_centre": centre,
        "budget_month": month,
        "currency": "EUR",
        "budget_amount": amount,
        "actual_amount": "0",
    } | extra


def run(config: dict[str, Any], records: list[tuple[str, dict[str, Any]]]) -> Loader:
    loader = Loader(Settings.parse(config))
    for stream, record in records:
        loader.add(stream, record)
    loader.finish()
    return loader


def journal(config: dict[str, Any], month: str) -> list[dict[str, str]]:
    path = Path(config["output"]["directory"]) / "budgets" / f"{month}.csv"
    return list(csv.DictReader(path.open(encoding="utf-8")))


def test_budget_journal_from_the_feed_and_the_config_updates_in_place(config) -> None:
    config["budgets"] = [
        {"cost_centre": "LEGAL", "budget_month": "2026-11", "budget_amount": "300"},
    ]
    rows = [
        (MART, budget("MKT", "6000", actual_amount="6120.50")),
        (MART, budget("EDIT", "9000.5")),
        (MART, budget("WEB", None)),  # spend without a budget: nothing to store
        (MART, budget("MKT", "6000", month="2026-12-01")),
    ]
    loader = run(config, rows)
    assert loader.counts["budget_lines_written"] == 4
    assert loader.counts["budget_rows_without_amount"] == 1
    november = journal(config, "2026-11")
    assert [(r["cost_centre"], r["budget_amount"], r["actual_amount"]) for r in november] == [
        ("EDIT", "9000.5", "0"),
        ("LEGAL", "300", ""),
        ("MKT", "6000", "6120.50"),
    ]
    assert [r["cost_centre"] for r in journal(config, "2026-12")] == ["MKT"]

    config["budgets"] = []  # a later run revises one budget and leaves the others alone
    run(config, [(MART, budget("MKT", "6500", actual_amount="6200"))])
    november = journal(config, "2026-11")
    assert [(r["cost_centre"], r["budget_amount"]) for r in november] == [
        ("EDIT", "9000.5"),
        ("LEGAL", "300"),
        ("MKT", "6500"),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (budget("MKT", "-5"), "budget_amount: -5 is negative"),
        (budget("MKT", "lots"), "budget_amount: 'lots' is not a number"),
        (budget("MKT", "5", month="Nov 2026"), "budget_month: 'Nov 2026' is not a month"),
        (budget(None, "5"), "cost_centre: missing"),
    ],
)
def test_bad_budget_rows_name_the_field(config, row, message) -> None:
    with pytest.raises(RecordError, match=message):
        run(config, [(MART, row)])


def test_outputs_without_budgets_say_so(config) -> None:
    odoo = {"type": "odoo", "url": "https://odoo.invalid", "database": "x", "api_key": "k"}
    with pytest.raises(RecordError, match=r"output\.type odoo keeps no budgets"):
        run(config | {"output": odoo}, [(MART, budget("MKT", "5"))])
    configured = config | {
        "output": odoo,
        "budgets": [{"cost_centre": "MKT", "budget_month": "2026-11", "budget_amount": "5"}],
    }
    status = DestinationErp().check(None, configured)
    assert status.status == Status.FAILED and "budgets: output.type odoo" in status.message
    with pytest.raises(ConfigError, match=r"budgets\[0\].budget_amount: missing"):
        Settings.parse(config | {"budgets": [{"cost_centre": "MKT", "budget_month": "2026-11"}]})


def test_tryton_budgets_per_cost_centre_with_actuals_from_posted_bills(
    config, tryton, monkeypatch
) -> None:
    """January 2027 is used by no other test, so the server's other bills do not count."""
    config |= {"output": tryton.output(tax="VAT 20%"), "tax": {"category": "S", "percent": "20"}}
    month = datetime.date(2027, 1, 1)
    bills = [
        r | {"invoice_number": "BUD-" + r["invoice_number"], "invoice_date": "2027-01-15"}
        for r in feed.invoices(2)
    ]
    budgets = [
        (MART, budget("MKT", "1000", month="2027-01-01")),
        (MART, budget("EDIT", "500", month="2027-01-01")),
        # a department that licenses on its own: a budget, no Getty invoice (yet)
        (MART, budget("LEGAL", "300", month="2027-01-01")),
    ]
    run(config, [("procurement_invoice_lines", r) for r in bills] + budgets)
    target = TrytonTarget(Settings.parse(config))
    posted = target.fetch("BUD-56000000")
    target.client.call("account.invoice", "post", [posted["id"]])

    lines = target.fetch_budget(month)
    assert {c: ln["amount"] for c, ln in lines.items()} == {
        "MKT": Decimal("-1000.00"),
        "EDIT": Decimal("-500.00"),
        "LEGAL": Decimal("-300.00"),
    }
    # only the posted bill counts; its untaxed amount is spread over MKT and EDIT
    spent = {c: -ln["actual"] for c, ln in lines.items()}
    assert spent["MKT"] + spent["EDIT"] == posted["untaxed_amount"]
    split_line = next(ln for ln in posted["lines"] if ln["line_id"].endswith(":1"))
    assert spent["EDIT"] == (split_line["amount"] * Decimal("0.4")).quantize(Decimal("0.01"))
    assert spent["LEGAL"] == 0
    assert lines["MKT"]["percentage"] == (spent["MKT"] / 1000).quantize(Decimal("0.0001"))

    # a re-run changes nothing; a revised budget updates its line, never adds a budget
    run(config, budgets)
    assert target.fetch_budget(month) == lines
    run(config, [(MART, budget("LEGAL", "350", month="2027-01-01"))])
    again = target.fetch_budget(month)
    assert again["LEGAL"]["amount"] == Decimal("-350.00") and again["MKT"] == lines["MKT"]
    found = target.client.search_read(
        "analytic_account.budget", [("name", "=", target.budget_name(month))], ["id"]
    )
    assert len(found) == 1


def test_tryton_refuses_budgets_in_another_currency(config, tryton) -> None:
    config |= {"output": tryton.output(), "on_error": "fail"}
    with pytest.raises(RecordError, match="company currency EUR, this one is in USD"):
        run(config, [(MART, budget("MKT", "5", currency="USD"))])
