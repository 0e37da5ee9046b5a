"""Incoming records (the dbt feed, or Getty's raw streams) turned into invoice lines."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from .config import Settings
from .model import Allocation, Invoice, InvoiceLine
from .money import to_decimal

FEED_STREAM = "procurement_invoice_lines"
RAW_STREAMS = ("orders", "purchased_assets", "downloads", "products")
ONE = Decimal(1)


class RecordError(ValueError):
    """A record that cannot be loaded; the message names the field and the fix.

    `deferred` marks a good record that cannot be invoiced yet (a purchase whose order has
    no invoice number yet, or whose order Getty does not show: 403/404): no error policy
    applies to it; it is reported and loads when a later sync brings its order.
    """

    def __init__(
        self, stream: str, record: dict[str, Any], message: str, deferred: bool = False
    ) -> None:
        super().__init__(f"{stream}: {message}")
        self.stream = stream
        self.record = record
        self.deferred = deferred


def _date(value: Any, field_name: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not value:
        raise ValueError(f"{field_name}: missing; expected a date YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"{field_name}: {value!r} is not a date YYYY-MM-DD") from None


def _optional_date(value: Any, field_name: str) -> datetime.date | None:
    return None if value in (None, "") else _date(value, field_name)


def _required(record: dict[str, Any], key: str, fix: str) -> str:
    value = record.get(key)
    if value in (None, ""):
        raise ValueError(f"{key}: missing; {fix}")
    return str(value)


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The last day of a license of `months` months starting on `start`."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day) - datetime.timedelta(days=1)


@dataclass
class Assembler:
    """Collects records until `take()`; keeps raw purchases whose order has not arrived yet."""

    settings: Settings
    invoices: dict[str, Invoice] = field(default_factory=dict)
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    uninvoiced: set[str] = field(default_factory=set)  # orders without an invoice number yet
    waiting: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    lines: int = 0
    ignored: int = 0

    def add(self, stream: str, record: dict[str, Any]) -> None:
        """Take one record; raises RecordError if it cannot become part of an invoice."""
        try:
            if stream == FEED_STREAM:
                self._feed(record)
            elif stream == "orders":
                self._order(record)
            elif stream == "purchased_assets":
                order_id = _required(record, "order_id", "every Getty purchase has one")
                _required(record, "asset_id", "every Getty purchase has one")
                self.waiting.setdefault(order_id, []).append(record)
                self.lines += 1
            elif stream in RAW_STREAMS:
                self.ignored += 1  # downloads and products carry no billable event
            else:
                raise ValueError(
                    f"unknown stream; send {FEED_STREAM} or Getty's {', '.join(RAW_STREAMS)}"
                )
        except (ValueError, LookupError) as exc:
            raise RecordError(stream, record, str(exc)) from None

    def take(self) -> tuple[list[Invoice], list[RecordError]]:
        """Invoices ready to write, and the records that could not join one.

        Purchases still waiting for their order, and split lines whose cost-centre shares do
        not add up to 1 yet, stay behind for a later take.
        """
        errors: list[RecordError] = []
        for order_id in [o for o in self.waiting if o in self.uninvoiced]:
            errors += [
                RecordError(
                    "purchased_assets",
                    p,
                    f"order {order_id} has no invoice number yet (Getty has not invoiced it); "
                    "the purchase loads when a later sync brings the order with one",
                    deferred=True,
                )
                for p in self.waiting.pop(order_id)
            ]
        for order_id in [o for o in self.waiting if o in self.orders]:
            for purchase in self.waiting.pop(order_id):
                try:
                    self._purchase(self.orders[order_id], purchase)
                except RecordError as exc:
                    errors.append(exc)
        ready, partial = [], {}
        for number, invoice in self.invoices.items():
            held = {}
            for line in list(invoice.lines.values()):
                total = sum((a.share for a in line.allocations), Decimal(0))
                if total > 1:
                    del invoice.lines[line.line_id]
                    errors.append(self._share_error(line.line_id, total))
                elif total < 1:
                    held[line.line_id] = invoice.lines.pop(line.line_id)
            if invoice.lines:
                ready.append(invoice)
            if held:
                partial[number] = replace(invoice, lines=held)
        self.invoices = partial
        self.lines = sum(len(w) for w in self.waiting.values())
        return ready, errors

    @staticmethod
    def _share_error(line_id: str, total: Decimal) -> RecordError:
        return RecordError(
            FEED_STREAM,
            {"invoice_line_id": line_id},
            f"allocation_share: the shares of line {line_id} add up to {total}, not 1; "
            "give each cost centre's row of a line a share so that they sum to 1",
        )

    def orphans(self) -> list[RecordError]:
        """At end of input: what can never be completed, removed from the buffer."""
        found = [
            RecordError(
                "purchased_assets",
                p,
                f"order {order_id} not in the input (Getty answers 403 or 404 for it?): "
                "its invoice number is unknown; it loads when a later sync brings the order",
                deferred=True,
            )
            for order_id, purchases in self.waiting.items()
            for p in purchases
        ]
        found += [
            self._share_error(line.line_id, sum((a.share for a in line.allocations), Decimal(0)))
            for invoice in self.invoices.values()
            for line in invoice.lines.values()
        ]
        self.waiting.clear()
        self.invoices.clear()
        self.lines = 0
        return found

    @property
    def pending(self) -> bool:
        return bool(self.waiting or self.invoices)

    # -- the dbt feed ---------------------------------------------------------------
    def _feed(self, row: dict[str, Any]) -> None:
        s = self.settings
        number = _required(
            row, "invoice_number", "rows need Getty's invoice number (orders.invoice_number)"
        )
        line_id = _required(row, "invoice_line_id", "give each line a unique key")
        currency = row.get("currency") or s.currency
        invoice = self._invoice(
            number,
            _date(row.get("invoice_date"), "invoice_date"),
            currency,
            row.get("order_id"),
            row.get("purchase_order_number"),
            row.get("project_title"),
            row.get("licensee_name"),
            row.get("end_client"),
        )
        if invoice.currency != currency:
            raise ValueError(
                f"currency: {currency} differs from {invoice.currency} on other lines of "
                f"invoice {number}; one invoice has one currency"
            )
        share = (
            ONE
            if row.get("allocation_share") in (None, "")
            else to_decimal(row["allocation_share"], "allocation_share")
        )
        if not 0 < share <= 1:
            raise ValueError(f"allocation_share: {share} is outside (0, 1]")
        centre = row.get("cost_centre") or s.cost_centres.resolve(
            row.get("project_code") or row.get("project_title"), row.get("ordered_by")
        )
        existing = invoice.lines.get(line_id)
        if existing is not None:
            existing.allocations.append(Allocation(centre, share))
            return
        quantity = (
            ONE if row.get("quantity") in (None, "") else to_decimal(row["quantity"], "quantity")
        )
        if quantity <= 0:
            raise ValueError(f"quantity: {quantity} must be positive")
        start = _optional_date(row.get("license_start"), "license_start")
        end = _optional_date(row.get("license_end"), "license_end")
        if row.get("unit_price") not in (None, ""):
            price = to_decimal(row["unit_price"], "unit_price")
        else:
            rate = s.rate_card.price(
                row.get("product_type") or row.get("asset_type"),
                row.get("agreement_name") or row.get("license_model"),
                row.get("size_name"),
            )
            price = rate.unit_price
            if start and not end and rate.license_months:
                end = add_months(start, rate.license_months)
        if price < 0:
            raise ValueError(f"unit_price: {price} is negative; send credits as credit notes")
        if start and end and end < start:
            raise ValueError(f"license_end: {end} is before license_start {start}")
        asset = row.get("asset_id")
        invoice.add(
            InvoiceLine(
                line_id=line_id,
                description=row.get("description")
                or f"Getty Images {row.get('asset_type') or 'asset'} {asset or line_id}"
                + (f" ({row['size_name']})" if row.get("size_name") else ""),
                quantity=quantity,
                unit_price=price,
                allocations=[Allocation(centre, share)],
                asset_id=str(asset) if asset else None,
                source=row.get("line_source") or "purchase",
                license_start=start,
                license_end=end,
            )
        )
        self.lines += 1

    # -- Getty's raw streams ----------------------------------------------------------
    def _order(self, order: dict[str, Any]) -> None:
        order_id = _required(order, "id", "orders records are Getty's GET /v3/orders/{id}")
        _date(order.get("order_date"), "order_date")
        if order.get("invoice_number") in (None, ""):
            self.uninvoiced.add(order_id)  # normal at Getty: not an error, nothing to bill
            self.orders.pop(order_id, None)
            return
        self.uninvoiced.discard(order_id)
        self.orders[order_id] = order

    def _purchase(self, order: dict[str, Any], purchase: dict[str, Any]) -> None:
        s = self.settings
        notes = order.get("notes") or {}
        invoice = self._invoice(
            str(order["invoice_number"]),
            _date(order["order_date"], "order_date"),
            s.currency,
            str(order["id"]),
            notes.get("purchase_order_number"),
            notes.get("project_title"),
            notes.get("licensee_name"),
            order.get("end_client"),
        )
        try:
            rate = s.rate_card.price(
                purchase.get("asset_type"), purchase.get("license_model"), purchase.get("size_name")
            )
            start = _date(purchase.get("date_purchased"), "date_purchased")
        except (ValueError, LookupError) as exc:
            raise RecordError("purchased_assets", purchase, str(exc)) from None
        asset = str(purchase["asset_id"])
        invoice.add(
            InvoiceLine(
                line_id=f"{order['id']}:{asset}",
                description=f"Getty Images {purchase.get('asset_type') or 'asset'} {asset} "
                f"({purchase.get('size_name') or 'size n/a'}, "
                f"{purchase.get('license_model') or 'license n/a'})",
                quantity=ONE,
                unit_price=rate.unit_price,
                allocations=[
                    Allocation(
                        s.cost_centres.resolve(
                            notes.get("project_title"), purchase.get("purchased_by")
                        ),
                        ONE,
                    )
                ],
                asset_id=asset,
                license_start=start if rate.license_months else None,
                license_end=add_months(start, rate.license_months) if rate.license_months else None,
            )
        )

    def _invoice(self, number: str, issued: datetime.date, currency: str, *header: Any) -> Invoice:
        invoice = self.invoices.get(number)
        if invoice is None:
            order_id, po, project, licensee, end_client = (str(h) if h else None for h in header)
            invoice = Invoice(
                number=number,
                issue_date=issued,
                currency=currency,
                tax=self.settings.tax,
                order_id=order_id,
                purchase_order=po,
                project=project,
                licensee=licensee,
                end_client=end_client,
            )
            self.invoices[number] = invoice
        return invoice
