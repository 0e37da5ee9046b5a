"""Money as Decimal, rounded as EN 16931 requires (2 decimals, half up)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def to_decimal(value: object, field: str) -> Decimal:
    """Parse a number without passing through binary floats; name the field on failure."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool) or value is None:
        raise ValueError(f"{field}: expected a number, got {value!r}")
    else:
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"{field}: {value!r} is not a number") from None
    if not result.is_finite():
        raise ValueError(f"{field}: {value!r} is not a finite number")
    return result


def round_amount(value: Decimal) -> Decimal:
    """Round to the cent, half up (EN 16931 amounts carry at most 2 decimals)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def split(amount: Decimal, shares: list[Decimal]) -> list[Decimal]:
    """Split a rounded amount by shares so the parts are rounded and add up exactly."""
    parts = [round_amount(amount * share) for share in shares]
    remainder = amount - sum(parts, Decimal(0))
    if parts and remainder:
        biggest = max(range(len(parts)), key=lambda i: shares[i])
        parts[biggest] += remainder
    return parts


def text(value: Decimal) -> str:
    """Plain decimal notation (no exponent), trailing zeros kept for amounts."""
    return format(value, "f")


def percent(share: Decimal) -> str:
    """A share as a percentage without trailing zeros: 0.5 -> '50', 0.125 -> '12.5'."""
    return format((share * 100).normalize(), "f")
