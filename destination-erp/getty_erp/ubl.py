"""UBL 2.1 invoices to the EN 16931 / Peppol BIS Billing 3.0 profile (element order per the XSD)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from lxml import etree

from .model import Invoice, InvoiceLine, Party
from .money import text

NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NSMAP = {None: NS_INVOICE, "cac": NS_CAC, "cbc": NS_CBC}
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
COMMERCIAL_INVOICE = "380"
ONE = "C62"  # UN/ECE rec 20 unit code "one": a license counts as one unit


def _cac(parent: etree._Element, tag: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NS_CAC}}}{tag}")


def _cbc(parent: etree._Element, tag: str, value: str, **attrib: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{NS_CBC}}}{tag}", attrib)
    el.text = value
    return el


def _amount(parent: etree._Element, tag: str, value: Decimal, currency: str) -> None:
    _cbc(parent, tag, text(value), currencyID=currency)


def _period(parent: etree._Element, start: datetime.date | None, end: datetime.date | None) -> None:
    period = _cac(parent, "InvoicePeriod")
    if start:
        _cbc(period, "StartDate", start.isoformat())
    if end:
        _cbc(period, "EndDate", end.isoformat())


def _party(parent: etree._Element, role: str, party: Party) -> None:
    outer = _cac(parent, role)
    p = _cac(outer, "Party")
    if party.endpoint_id:
        _cbc(p, "EndpointID", party.endpoint_id, schemeID=party.endpoint_scheme or "0088")
    _cbc(_cac(p, "PartyName"), "Name", party.name)
    address = _cac(p, "PostalAddress")
    if party.street:
        _cbc(address, "StreetName", party.street)
    if party.city:
        _cbc(address, "CityName", party.city)
    if party.postal_code:
        _cbc(address, "PostalZone", party.postal_code)
    _cbc(_cac(address, "Country"), "IdentificationCode", party.country)
    if party.vat_id:
        scheme = _cac(p, "PartyTaxScheme")
        _cbc(scheme, "CompanyID", party.vat_id)
        _cbc(_cac(scheme, "TaxScheme"), "ID", "VAT")
    legal = _cac(p, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", party.registration_name or party.name)
    if party.company_id:
        _cbc(legal, "CompanyID", party.company_id)


def _tax_category(parent: etree._Element, tag: str, invoice: Invoice, reason: bool) -> None:
    category = _cac(parent, tag)
    _cbc(category, "ID", invoice.tax.category)
    if invoice.tax.category != "O":
        _cbc(category, "Percent", text(invoice.tax.percent))
    if reason and invoice.tax.exemption_reason:
        _cbc(category, "TaxExemptionReason", invoice.tax.exemption_reason)
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def _line(root: etree._Element, index: int, line: InvoiceLine, invoice: Invoice) -> None:
    el = _cac(root, "InvoiceLine")
    _cbc(el, "ID", str(index))
    _cbc(el, "Note", f"Getty line {line.line_id}")
    _cbc(el, "InvoicedQuantity", text(line.quantity), unitCode=ONE)
    _amount(el, "LineExtensionAmount", line.amount, invoice.currency)
    _cbc(el, "AccountingCost", line.accounting_cost)
    if line.license_start or line.license_end:
        _period(el, line.license_start, line.license_end)
    item = _cac(el, "Item")
    _cbc(item, "Name", line.description[:200])
    if line.asset_id:
        _cbc(_cac(item, "SellersItemIdentification"), "ID", line.asset_id)
    _tax_category(item, "ClassifiedTaxCategory", invoice, reason=False)
    price = _cac(el, "Price")
    _amount(
        price,
        "PriceAmount",
        line.unit_price.normalize() if line.unit_price else Decimal(0),
        invoice.currency,
    )


def build(invoice: Invoice, supplier: Party, buyer: Party) -> etree._Element:
    """The invoice as a UBL 2.1 `Invoice` element."""
    if not invoice.lines:
        raise ValueError(f"invoice {invoice.number}: no lines; EN 16931 needs at least one")
    root = etree.Element(f"{{{NS_INVOICE}}}Invoice", nsmap=NSMAP)
    _cbc(root, "CustomizationID", CUSTOMIZATION)
    _cbc(root, "ProfileID", PROFILE)
    _cbc(root, "ID", invoice.number)
    _cbc(root, "IssueDate", invoice.issue_date.isoformat())
    _cbc(root, "InvoiceTypeCode", COMMERCIAL_INVOICE)
    notes = [
        f"Licensee: {invoice.licensee}" if invoice.licensee else None,
        f"End client: {invoice.end_client}" if invoice.end_client else None,
    ]
    if any(notes):
        _cbc(root, "Note", "; ".join(n for n in notes if n))
    _cbc(root, "DocumentCurrencyCode", invoice.currency)
    centres = invoice.cost_centres
    if len(centres) == 1:
        _cbc(root, "AccountingCost", centres[0])
    _cbc(root, "BuyerReference", invoice.purchase_order or invoice.order_id or invoice.number)
    period = invoice.period
    if period and any(period):
        _period(root, *period)
    if invoice.purchase_order or invoice.order_id:
        order = _cac(root, "OrderReference")
        _cbc(order, "ID", invoice.purchase_order or "NA")
        if invoice.order_id:
            _cbc(order, "SalesOrderID", invoice.order_id)
    if invoice.project:
        _cbc(_cac(root, "ProjectReference"), "ID", invoice.project)
    _party(root, "AccountingSupplierParty", supplier)
    _party(root, "AccountingCustomerParty", buyer)

    currency = invoice.currency
    tax_total = _cac(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", invoice.tax_amount, currency)
    subtotal = _cac(tax_total, "TaxSubtotal")
    _amount(subtotal, "TaxableAmount", invoice.line_total, currency)
    _amount(subtotal, "TaxAmount", invoice.tax_amount, currency)
    _tax_category(subtotal, "TaxCategory", invoice, reason=True)

    totals = _cac(root, "LegalMonetaryTotal")
    _amount(totals, "LineExtensionAmount", invoice.line_total, currency)
    _amount(totals, "TaxExclusiveAmount", invoice.line_total, currency)
    _amount(totals, "TaxInclusiveAmount", invoice.payable, currency)
    _amount(totals, "PayableAmount", invoice.payable, currency)
    for index, line in enumerate(sorted(invoice.lines.values(), key=lambda ln: ln.line_id), 1):
        _line(root, index, line, invoice)
    return root


def render(invoice: Invoice, supplier: Party, buyer: Party) -> bytes:
    """The invoice as UBL 2.1 XML bytes (UTF-8, with declaration)."""
    return etree.tostring(
        build(invoice, supplier, buyer), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
