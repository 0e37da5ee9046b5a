"""Prepare a Tryton database for destination-erp's tests (run with the tryton env's python).

Usage: python tryton_setup.py CONFIG_FILE DATABASE

Creates the buyer company with a chart of accounts, fiscal years with invoice sequences,
a payment term, a 20 % purchase tax, and an analytic root for cost centres: what a finance
team sets up once before supplier invoices can be entered. Fiscal years 2025-2027 cover the
dates the tests and the benchmark use (each year costs about a second to build).
"""

import datetime
import sys
from decimal import Decimal

from proteus import Model
from proteus import config as proteus_config
from trytond.modules.account.tests.tools import create_chart, create_fiscalyear, get_accounts
from trytond.modules.account_invoice.tests.tools import (
    create_payment_term,
    set_fiscalyear_invoice_sequences,
)
from trytond.modules.company.tests.tools import create_company, get_company


def main(config_file: str, database: str) -> None:
    proteus_config.set_trytond(database=database, config_file=config_file)
    Party = Model.get("party.party")
    buyer = Party(name="Northwind Media Group")
    buyer.save()
    create_company(party=buyer, currency="EUR")
    company = get_company()
    create_chart(company)
    for year in range(2025, 2028):
        fiscalyear = set_fiscalyear_invoice_sequences(
            create_fiscalyear(company, today=datetime.date(year, 6, 1))
        )
        fiscalyear.click("create_period")
    payment_term = create_payment_term()
    payment_term.name = "Net 30"
    payment_term.save()

    accounts = get_accounts(company)
    Tax = Model.get("account.tax")
    tax = Tax(name="VAT 20%", description="VAT 20%", type="percentage", rate=Decimal("0.20"))
    tax.invoice_account = accounts["tax"]
    tax.credit_note_account = accounts["tax"]
    tax.save()

    AnalyticAccount = Model.get("analytic_account.account")
    root = AnalyticAccount(type="root", name="Cost centres", code="CC")
    root.save()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
