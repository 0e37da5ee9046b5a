"""Sample rows of the procurement_invoice_lines feed, shaped as the dbt model emits them."""

from __future__ import annotations

from typing import Any


def row(number: str, line: str, **extra: Any) -> dict[str, Any]:
    base = {
        "invoice_line_id": line,
        "invoice_number": number,
        "invoice_date": "2026-11-02",
        "order_id": f"ORD-{number}",
        "purchase_order_number": f"PO-{number}",
        "project_title": "Autumn campaign",
        "licensee_name": "Northwind Media Group",
        "line_source": "purchase",
        "asset_id": line.split(":")[-1],
        "asset_type": "image",
        "size_name": "large",
        "license_model": "royaltyfree",
        "cost_centre": "MKT",
        "allocation_share": 1,
        "quantity": 1,
        "unit_price": "175.00",
        "currency": "EUR",
        "license_start": "2026-11-02",
        "license_end": None,
    }
    return base | extra


def invoices(count: int, lines: int = 3) -> list[dict[str, Any]]:
    """`count` invoices of `lines` lines; line 1 of each is split 60/40 across two centres."""
    rows = []
    for i in range(count):
        number = f"5600{i:04d}"
        for j in range(lines):
            price = f"{99 + j * 37 + i % 7}.{(i * 13 + j) % 100:02d}"
            if j == 1:
                rows.append(
                    row(
                        number,
                        f"{number}:{j}",
                        unit_price=price,
                        cost_centre="MKT",
                        allocation_share="0.6",
                    )
                )
                rows.append(
                    row(
                        number,
                        f"{number}:{j}",
                        unit_price=price,
                        cost_centre="EDIT",
                        allocation_share="0.4",
                    )
                )
            else:
                rows.append(row(number, f"{number}:{j}", unit_price=price))
    return rows
