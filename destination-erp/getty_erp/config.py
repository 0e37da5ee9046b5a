"""The destination's settings, parsed from the JSON config with errors that name the fix."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from .budgets import Budget
from .budgets import parse as parse_budget
from .model import Party, Tax
from .money import to_decimal
from .rate_card import RateCard

GETTY_IMAGES = Party(name="Getty Images International U.C.", city="Dublin", country="IE")


class ConfigError(ValueError):
    """A setting is missing or wrong; the message names it and how to fix it."""


def spec() -> dict[str, Any]:
    """The connector's configuration JSON Schema, shared by both adapters."""
    return json.loads(resources.files("getty_erp").joinpath("spec.json").read_text())  # type: ignore[no-any-return]


@dataclass(frozen=True)
class CostCentres:
    default: str = "UNALLOCATED"
    by_project: dict[str, str] = field(default_factory=dict)
    by_user: dict[str, str] = field(default_factory=dict)

    def resolve(self, project: str | None = None, user: str | None = None) -> str:
        if project and project in self.by_project:
            return self.by_project[project]
        if user and user in self.by_user:
            return self.by_user[user]
        return self.default


@dataclass(frozen=True)
class Settings:
    output: dict[str, Any]
    supplier: Party
    buyer: Party
    currency: str
    tax: Tax
    rate_card: RateCard
    cost_centres: CostCentres
    on_error: str = "fail"
    rejects_path: Path | None = None
    validate_ubl: bool = False
    standards_dir: Path | None = None
    batch_lines: int = 1000
    budgets: tuple[Budget, ...] = ()

    @classmethod
    def parse(cls, config: dict[str, Any]) -> Settings:
        output = config.get("output")
        if not isinstance(output, dict) or "type" not in output:
            raise ConfigError(
                "output: missing; set output.type to files, ubl_http, tryton, odoo or erpnext"
            )
        if "buyer" not in config:
            raise ConfigError("buyer: missing; give your company's name and country (ISO code)")
        tax = _tax(config.get("tax") or {})
        supplier = _party(config["supplier"], "supplier") if "supplier" in config else GETTY_IMAGES
        buyer = _party(config["buyer"], "buyer")
        if tax.category in {"S", "AE", "K"} and not supplier.vat_id:
            raise ConfigError(
                f"supplier.vat_id: required with tax category {tax.category} (EN 16931 BR-"
                f"{tax.category}-02); set it to Getty's VAT number from your invoices"
            )
        if not (supplier.vat_id or supplier.company_id):
            raise ConfigError(
                "supplier.vat_id or supplier.company_id: one is required (EN 16931 BR-CO-26)"
            )
        if tax.category in {"AE", "K"} and not buyer.vat_id:
            raise ConfigError(
                f"buyer.vat_id: required with tax category {tax.category}; set your VAT number"
            )
        centres = config.get("cost_centres") or {}
        on_error = config.get("on_error", "fail")
        if on_error not in {"fail", "skip"}:
            raise ConfigError(f"on_error: {on_error!r} is not fail or skip")
        return cls(
            output=output,
            supplier=supplier,
            buyer=buyer,
            currency=config.get("currency", "EUR"),
            tax=tax,
            rate_card=RateCard.parse(config.get("rate_card") or []),
            cost_centres=CostCentres(
                default=centres.get("default", "UNALLOCATED"),
                by_project=dict(centres.get("by_project") or {}),
                by_user=dict(centres.get("by_user") or {}),
            ),
            on_error=on_error,
            rejects_path=Path(config["rejects_path"]) if config.get("rejects_path") else None,
            validate_ubl=bool(config.get("validate_ubl", False)),
            standards_dir=Path(config["standards_dir"]) if config.get("standards_dir") else None,
            batch_lines=int(config.get("batch_lines", 1000)),
            budgets=_budgets(config.get("budgets") or [], config.get("currency", "EUR")),
        )


def _budgets(items: list[dict[str, Any]], currency: str) -> tuple[Budget, ...]:
    found = []
    for i, item in enumerate(items):
        try:
            budget = parse_budget(item, currency)
        except ValueError as exc:
            raise ConfigError(f"budgets[{i}].{exc}") from None
        if budget is None:
            raise ConfigError(f"budgets[{i}].budget_amount: missing")
        found.append(budget)
    return tuple(found)


def _party(raw: dict[str, Any], where: str) -> Party:
    for key in ("name", "country"):
        if not raw.get(key):
            raise ConfigError(f"{where}.{key}: missing; EN 16931 requires it")
    known = set(Party.__dataclass_fields__)
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}; known: {sorted(known)}")
    return Party(**raw)


def _tax(raw: dict[str, Any]) -> Tax:
    category = raw.get("category", "S")
    percent: Decimal = to_decimal(raw.get("percent", "0"), "tax.percent")
    if category in {"Z", "E", "AE", "K", "G", "O"} and percent != 0:
        raise ConfigError(f"tax.percent: must be 0 with category {category}")
    if category == "S" and percent <= 0:
        raise ConfigError("tax.percent: category S needs a rate above 0 (e.g. 23 for Ireland)")
    reason = raw.get("exemption_reason")
    if category in {"E", "AE", "K", "G", "O"} and not reason:
        defaults = {
            "AE": "Reverse charge",
            "K": "Intra-community supply",
            "G": "Export outside the EU",
            "O": "Not subject to VAT",
            "E": "Exempt from VAT",
        }
        reason = defaults[category]
    return Tax(category=category, percent=percent, exemption_reason=reason)
