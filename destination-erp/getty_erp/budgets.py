"""Licensing budgets per cost centre and month, from the dbt feed or from the config.

Rows of dbt's `budget_vs_actual` mart (or its `budgets` seed) and items of the config's
`budgets` share one shape: `cost_centre`, `budget_month`, `currency`, `budget_amount` and,
from the mart, `actual_amount` (which includes spend Getty does not invoice per order, such
as downloads under a department's own subscription or pack).
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .money import text, to_decimal

BUDGET_STREAMS = ("budget_vs_actual", "budgets")
COLUMNS = ["cost_centre", "budget_month", "currency", "budget_amount", "actual_amount"]


@dataclass(frozen=True)
class Budget:
    cost_centre: str
    month: datetime.date  # the first day of the month
    currency: str
    amount: Decimal
    actual: Decimal | None = None

    @property
    def key(self) -> tuple[datetime.date, str, str]:
        return (self.month, self.cost_centre, self.currency)

    @property
    def end(self) -> datetime.date:
        return self.month.replace(day=calendar.monthrange(self.month.year, self.month.month)[1])


def _month(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    if not isinstance(value, str) or len(value) < 7:
        raise ValueError(f"budget_month: {value!r} is not a month; give YYYY-MM or YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(value[:7] + "-01")
    except ValueError:
        raise ValueError(
            f"budget_month: {value!r} is not a month; give YYYY-MM or YYYY-MM-DD"
        ) from None


def parse(row: dict[str, Any], default_currency: str) -> Budget | None:
    """One budget line; None for a mart row without a budget ('no budget' status)."""
    centre = row.get("cost_centre")
    if not centre:
        raise ValueError("cost_centre: missing; every budget belongs to one cost centre")
    month = _month(row.get("budget_month"))
    if row.get("budget_amount") in (None, ""):
        return None
    amount = to_decimal(row["budget_amount"], "budget_amount")
    if amount < 0:
        raise ValueError(f"budget_amount: {amount} is negative; give the amount one may spend")
    actual = row.get("actual_amount")
    return Budget(
        cost_centre=str(centre),
        month=month,
        currency=str(row.get("currency") or default_currency),
        amount=amount,
        actual=None if actual in (None, "") else to_decimal(actual, "actual_amount"),
    )


def to_csv(budgets: list[Budget]) -> bytes:
    """One month's budget journal: one row per cost centre and currency."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for b in sorted(budgets, key=lambda b: b.key):
        writer.writerow(
            {
                "cost_centre": b.cost_centre,
                "budget_month": b.month.isoformat(),
                "currency": b.currency,
                "budget_amount": text(b.amount),
                "actual_amount": "" if b.actual is None else text(b.actual),
            }
        )
    return buffer.getvalue().encode("utf-8")


def from_csv(data: bytes) -> list[Budget]:
    budgets = []
    for row in csv.DictReader(io.StringIO(data.decode("utf-8"))):
        budget = parse(row, row["currency"])
        if budget is not None:
            budgets.append(budget)
    return budgets
