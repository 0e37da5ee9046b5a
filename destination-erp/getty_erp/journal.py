"""The cost-allocation journal: one row per invoice line and cost centre (CSV), and the
whole invoice as JSON (which the file output also reads back to stay idempotent)."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

from .model import Allocation, Invoice, InvoiceLine, Tax
from .money import text

COLUMNS = [
    "invoice_number",
    "invoice_date",
    "order_id",
    "purchase_order",
    "project",
    "line_id",
    "asset_id",
    "description",
    "cost_centre",
    "share",
    "amount",
    "currency",
    "license_start",
    "license_end",
]


def rows(invoice: Invoice) -> list[dict[str, str]]:
    out = []
    for line in sorted(invoice.lines.values(), key=lambda ln: ln.line_id):
        for (centre, amount), allocation in zip(line.allocated(), line.allocations, strict=True):
            out.append(
                {
                    "invoice_number": invoice.number,
                    "invoice_date": invoice.issue_date.isoformat(),
                    "order_id": invoice.order_id or "",
                    "purchase_order": invoice.purchase_order or "",
                    "project": invoice.project or "",
                    "line_id": line.line_id,
                    "asset_id": line.asset_id or "",
                    "description": line.description,
                    "cost_centre": centre,
                    "share": text(allocation.share),
                    "amount": text(amount),
                    "currency": invoice.currency,
                    "license_start": line.license_start.isoformat() if line.license_start else "",
                    "license_end": line.license_end.isoformat() if line.license_end else "",
                }
            )
    return out


def to_csv(invoice: Invoice) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(invoice))
    return buffer.getvalue().encode("utf-8")


def _d(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def to_json(invoice: Invoice) -> dict[str, Any]:
    """The invoice with computed totals; amounts as strings so no float touches money."""
    return {
        "invoice_number": invoice.number,
        "invoice_date": invoice.issue_date.isoformat(),
        "currency": invoice.currency,
        "tax": {
            "category": invoice.tax.category,
            "percent": text(invoice.tax.percent),
            "exemption_reason": invoice.tax.exemption_reason,
        },
        "order_id": invoice.order_id,
        "purchase_order": invoice.purchase_order,
        "project": invoice.project,
        "licensee": invoice.licensee,
        "end_client": invoice.end_client,
        "line_total": text(invoice.line_total),
        "tax_amount": text(invoice.tax_amount),
        "payable": text(invoice.payable),
        "lines": [
            {
                "line_id": ln.line_id,
                "description": ln.description,
                "asset_id": ln.asset_id,
                "source": ln.source,
                "quantity": text(ln.quantity),
                "unit_price": text(ln.unit_price),
                "amount": text(ln.amount),
                "license_start": _d(ln.license_start),
                "license_end": _d(ln.license_end),
                "allocations": [
                    {"cost_centre": c, "share": text(a.share), "amount": text(amt)}
                    for (c, amt), a in zip(ln.allocated(), ln.allocations, strict=True)
                ],
            }
            for ln in sorted(invoice.lines.values(), key=lambda ln: ln.line_id)
        ],
    }


def from_json(data: dict[str, Any]) -> Invoice:
    def date(value: str | None) -> datetime.date | None:
        return datetime.date.fromisoformat(value) if value else None

    tax = data["tax"]
    invoice = Invoice(
        number=data["invoice_number"],
        issue_date=datetime.date.fromisoformat(data["invoice_date"]),
        currency=data["currency"],
        tax=Tax(tax["category"], Decimal(tax["percent"]), tax.get("exemption_reason")),
        order_id=data.get("order_id"),
        purchase_order=data.get("purchase_order"),
        project=data.get("project"),
        licensee=data.get("licensee"),
        end_client=data.get("end_client"),
    )
    for ln in data["lines"]:
        invoice.add(
            InvoiceLine(
                line_id=ln["line_id"],
                description=ln["description"],
                quantity=Decimal(ln["quantity"]),
                unit_price=Decimal(ln["unit_price"]),
                allocations=[
                    Allocation(a["cost_centre"], Decimal(a["share"])) for a in ln["allocations"]
                ],
                asset_id=ln.get("asset_id"),
                source=ln.get("source", "purchase"),
                license_start=date(ln.get("license_start")),
                license_end=date(ln.get("license_end")),
            )
        )
    return invoice
