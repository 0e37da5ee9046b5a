"""Invoices as the destination sees them: header, lines, cost-centre allocations, totals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from .money import percent, round_amount, split


@dataclass(frozen=True)
class Party:
    name: str
    country: str
    city: str | None = None
    street: str | None = None
    postal_code: str | None = None
    vat_id: str | None = None
    registration_name: str | None = None
    company_id: str | None = None
    endpoint_id: str | None = None
    endpoint_scheme: str | None = None


@dataclass(frozen=True)
class Tax:
    """One VAT category for the whole invoice (UNCL5305 code, percent, exemption reason)."""

    category: str
    percent: Decimal
    exemption_reason: str | None = None


@dataclass(frozen=True)
class Allocation:
    cost_centre: str
    share: Decimal


@dataclass
class InvoiceLine:
    line_id: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    allocations: list[Allocation]
    asset_id: str | None = None
    source: str = "purchase"
    license_start: datetime.date | None = None
    license_end: datetime.date | None = None

    @property
    def amount(self) -> Decimal:
        return round_amount(self.quantity * self.unit_price)

    def allocated(self) -> list[tuple[str, Decimal]]:
        """(cost centre, amount) pairs; the amounts add up to the line amount exactly."""
        shares = [a.share for a in self.allocations]
        amounts = split(self.amount, shares)
        return [(a.cost_centre, amt) for a, amt in zip(self.allocations, amounts, strict=True)]

    @property
    def accounting_cost(self) -> str:
        """BT-133: the cost centre, or 'A 60%; B 40%' for a split line."""
        if len(self.allocations) == 1:
            return self.allocations[0].cost_centre
        return "; ".join(f"{a.cost_centre} {percent(a.share)}%" for a in self.allocations)


@dataclass
class Invoice:
    number: str
    issue_date: datetime.date
    currency: str
    tax: Tax
    order_id: str | None = None
    purchase_order: str | None = None
    project: str | None = None
    licensee: str | None = None
    end_client: str | None = None
    lines: dict[str, InvoiceLine] = field(default_factory=dict)

    def add(self, line: InvoiceLine) -> None:
        self.lines[line.line_id] = line

    @property
    def line_total(self) -> Decimal:
        return sum((line.amount for line in self.lines.values()), Decimal("0.00"))

    @property
    def tax_amount(self) -> Decimal:
        return round_amount(self.line_total * self.tax.percent / 100)

    @property
    def payable(self) -> Decimal:
        return self.line_total + self.tax_amount

    @property
    def period(self) -> tuple[datetime.date | None, datetime.date | None] | None:
        """BG-14: earliest license start and, when every line has one, latest end."""
        lines = self.lines.values()
        starts = [ln.license_start for ln in lines if ln.license_start]
        ends = [ln.license_end for ln in lines if ln.license_end]
        if not starts and not ends:
            return None
        end = max(ends) if ends and len(ends) == len(lines) else None
        return (min(starts) if starts else None, end)

    @property
    def cost_centres(self) -> list[str]:
        return sorted({a.cost_centre for ln in self.lines.values() for a in ln.allocations})
