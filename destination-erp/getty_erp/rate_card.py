"""Prices for Getty licenses, which Getty's API does not carry: given in the config."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .money import to_decimal

ANY = "*"


class RateCardError(LookupError):
    """No rate-card entry matches a product, agreement and size."""


@dataclass(frozen=True)
class Rate:
    product: str
    agreement: str
    size: str
    unit_price: Decimal
    license_months: int | None = None

    def matches(self, product: str, agreement: str, size: str) -> bool:
        return all(
            mine in (ANY, theirs)
            for mine, theirs in (
                (self.product, product),
                (self.agreement, agreement),
                (self.size, size),
            )
        )

    @property
    def specificity(self) -> int:
        return sum(v != ANY for v in (self.product, self.agreement, self.size))


@dataclass(frozen=True)
class RateCard:
    rates: tuple[Rate, ...] = ()

    @classmethod
    def parse(cls, entries: list[dict[str, Any]]) -> RateCard:
        rates = []
        for i, entry in enumerate(entries):
            where = f"rate_card[{i}]"
            missing = [k for k in ("product", "agreement", "size", "unit_price") if k not in entry]
            if missing:
                raise ValueError(f"{where}: missing {', '.join(missing)} ('*' matches anything)")
            price = to_decimal(entry["unit_price"], f"{where}.unit_price")
            if price < 0:
                raise ValueError(f"{where}.unit_price: {price} is negative")
            rates.append(
                Rate(
                    product=str(entry["product"]),
                    agreement=str(entry["agreement"]),
                    size=str(entry["size"]),
                    unit_price=price,
                    license_months=entry.get("license_months"),
                )
            )
        return cls(tuple(rates))

    def price(self, product: str | None, agreement: str | None, size: str | None) -> Rate:
        """The most specific matching rate, or a RateCardError naming what is missing."""
        key = (product or "", agreement or "", size or "")
        found = [r for r in self.rates if r.matches(*key)]
        if not found:
            raise RateCardError(
                f"rate_card: no entry for product {key[0]!r}, agreement {key[1]!r}, size "
                f'{key[2]!r}; add one such as {{"product": "{key[0]}", "agreement": '
                f'"{key[1] or ANY}", "size": "{key[2] or ANY}", "unit_price": "..."}}'
            )
        return max(found, key=lambda r: r.specificity)
