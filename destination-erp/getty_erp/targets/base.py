"""The contract every target keeps: check, find by invoice number, create, add lines; and,
for targets that keep budgets, write budget lines."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from ..budgets import Budget
from ..model import Invoice, InvoiceLine


class CheckError(RuntimeError):
    """The connection works but something the load needs is missing (named in the message)."""


@dataclass
class Existing:
    """An invoice already in the target: `editable` is False once posted/submitted."""

    editable: bool
    line_ids: set[str] = field(default_factory=set)
    ref: Any = None


class Target(ABC):
    keeps_budgets = False  # True where write_budgets stores budget lines per cost centre

    @abstractmethod
    def check(self) -> None:
        """Prove the credentials and that the company, journal and accounts exist."""

    @abstractmethod
    def find(self, invoice: Invoice) -> Existing | None:
        """The invoice with this Getty invoice number, if the target has it."""

    @abstractmethod
    def create(self, invoice: Invoice) -> None:
        """Create the invoice with all its lines in one committed step."""

    @abstractmethod
    def add_lines(self, existing: Existing, invoice: Invoice, lines: list[InvoiceLine]) -> None:
        """Append lines to an editable invoice in one committed step."""

    def check_budget(self, budget: Budget) -> None:  # noqa: B027 - optional hook
        """Raise ValueError (naming the field) if this target cannot store the budget."""

    def write_budgets(self, budgets: list[Budget]) -> None:
        """Create or update budget lines (a budget is a plan: changing it is allowed)."""
        raise NotImplementedError(f"{type(self).__name__} keeps no budgets")

    def sync(self) -> None:  # noqa: B027 - optional hook
        """Make everything written so far durable (called before a state may pass)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""
