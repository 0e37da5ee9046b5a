"""The load loop both adapters share: buffer records, write invoices idempotently, say when
everything received so far is committed (only then may a state be emitted)."""

from __future__ import annotations

import json
import logging
from collections import Counter
from typing import Any

from . import budgets
from .config import ConfigError, Settings
from .model import Invoice
from .records import Assembler, RecordError
from .targets import Target, open_target

log = logging.getLogger("getty_erp")


def no_budgets_here(settings: Settings) -> str:
    """Why this output cannot take budgets: for errors about budget streams and settings."""
    return (
        f"output.type {settings.output['type']} keeps no budgets; send budgets to an "
        "output of type files or tryton (a second connection), or leave them out"
    )


def ensure_budgets_supported(settings: Settings, target: Target) -> None:
    if settings.budgets and not target.keeps_budgets:
        raise ConfigError(f"budgets: {no_budgets_here(settings)}")


class Loader:
    def __init__(self, settings: Settings, target: Target | None = None) -> None:
        self.settings = settings
        self.target = target or open_target(settings)
        ensure_budgets_supported(settings, self.target)
        self.assembler = Assembler(settings)
        self.budgets: dict[Any, budgets.Budget] = {}
        for i, budget in enumerate(settings.budgets):
            try:
                self.target.check_budget(budget)
            except ValueError as exc:
                raise ConfigError(f"budgets[{i}].{exc}") from None
            self.budgets[budget.key] = budget
        self.counts: Counter[str] = Counter()

    def add(self, stream: str, record: dict[str, Any]) -> None:
        """Take one record; writes a batch when enough lines are buffered."""
        self.counts["records"] += 1
        try:
            if stream in budgets.BUDGET_STREAMS:
                self._budget(stream, record)
            else:
                self.assembler.add(stream, record)
        except RecordError as error:
            self.reject(error)
        if self.assembler.lines >= self.settings.batch_lines:
            self.flush()

    def flush(self) -> bool:
        """Write every ready invoice. True when all records received so far are committed
        (a state may follow); False while purchases wait for their order."""
        invoices, errors = self.assembler.take()
        for error in errors:
            self.reject(error)
        for invoice in invoices:
            self.write(invoice)
        if self.budgets:
            self.target.write_budgets(sorted(self.budgets.values(), key=lambda b: b.key))
            self.counts["budget_lines_written"] += len(self.budgets)
            self.budgets.clear()
        self.target.sync()
        return not self.assembler.pending

    def _budget(self, stream: str, record: dict[str, Any]) -> None:
        try:
            if not self.target.keeps_budgets:
                raise ValueError(no_budgets_here(self.settings))
            budget = budgets.parse(record, self.settings.currency)
            if budget is not None:
                self.target.check_budget(budget)
        except ValueError as exc:
            raise RecordError(stream, record, str(exc)) from None
        if budget is None:
            self.counts["budget_rows_without_amount"] += 1
        else:
            self.budgets[budget.key] = budget

    def finish(self) -> None:
        """End of input: write the rest; what can never be completed (purchases whose order
        never came, split lines whose shares fall short of 1) becomes bad records."""
        self.flush()
        for error in self.assembler.orphans():
            self.reject(error)
        self.target.close()

    def write(self, invoice: Invoice) -> None:
        """Create, complete (draft only) or leave alone: never a second bill for a number."""
        existing = self.target.find(invoice)
        if existing is None:
            self.target.create(invoice)
            self.counts["invoices_created"] += 1
            self.counts["lines_written"] += len(invoice.lines)
            return
        new = [ln for key, ln in sorted(invoice.lines.items()) if key not in existing.line_ids]
        if not new:
            self.counts["invoices_unchanged"] += 1
        elif existing.editable:
            self.target.add_lines(existing, invoice, new)
            self.counts["invoices_extended"] += 1
            self.counts["lines_written"] += len(new)
        else:
            self.counts["invoices_posted_kept"] += 1
            log.warning(
                "invoice %s is already posted (or sent) and cannot change; %d line(s) that "
                "arrived later were not added, bill them separately: %s",
                invoice.number,
                len(new),
                ", ".join(ln.line_id for ln in new[:10]),
            )

    def reject(self, error: RecordError) -> None:
        """Apply the error policy: fail stops the load; skip keeps the record in rejects.
        A deferred record (not invoiceable yet) is reported and kept whatever the policy."""
        if error.deferred:
            self.counts["records_deferred"] += 1
            log.warning("not invoiceable yet: %s", error)
        elif self.settings.on_error == "fail":
            raise error
        else:
            self.counts["records_rejected"] += 1
            log.warning("skipped a record: %s", error)
        if self.settings.rejects_path:
            self.settings.rejects_path.parent.mkdir(parents=True, exist_ok=True)
            with self.settings.rejects_path.open("a", encoding="utf-8") as out:
                entry = {
                    "stream": error.stream,
                    "error": str(error),
                    "deferred": error.deferred,
                    "record": error.record,
                }
                out.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
