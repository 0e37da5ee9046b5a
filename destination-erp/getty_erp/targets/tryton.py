"""Tryton supplier invoices over JSON-RPC, with one analytic account per cost centre.

A line charged to several cost centres points at a Tryton *distribution* analytic account
(e.g. `MKT*0.6+EDIT*0.4`) whose ratios Tryton applies when the invoice is posted.
Budgets become Tryton analytic budgets (module `analytic_budget`), one per month, with a line
per cost centre; Tryton computes their actual amounts from the posted bills.
"""

from __future__ import annotations

import base64
import datetime
import json
from decimal import Decimal
from itertools import groupby
from typing import Any

import requests

from ..budgets import Budget
from ..config import Settings
from ..model import Invoice, InvoiceLine
from ..money import percent
from .base import CheckError, Existing, Target

LINE_MARK = "getty-line:"


class TrytonError(RuntimeError):
    """The server refused a call; carries Tryton's message, never the credentials."""


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"__class__": "Decimal", "decimal": str(value)}
    if isinstance(value, datetime.date):
        return {"__class__": "date", "year": value.year, "month": value.month, "day": value.day}
    raise TypeError(f"cannot send {type(value).__name__} to Tryton")


def _decode(obj: dict[str, Any]) -> Any:
    kind = obj.get("__class__")
    if kind == "Decimal":
        return Decimal(obj["decimal"])
    if kind == "date":
        return datetime.date(obj["year"], obj["month"], obj["day"])
    if kind == "datetime":
        return datetime.datetime(
            obj["year"], obj["month"], obj["day"], obj["hour"], obj["minute"], obj["second"]
        )
    return obj


class TrytonClient:
    """Minimal JSON-RPC client: `common.db.login`, then `model.<name>.<method>` calls."""

    def __init__(self, url: str, database: str, username: str, password: str) -> None:
        self.endpoint = f"{url.rstrip('/')}/{database}/rpc/"
        self.username = username
        self._password = password
        self.http = requests.Session()
        self.context: dict[str, Any] = {}
        self._id = 0

    def _post(self, method: str, params: list[Any]) -> Any:
        self._id += 1
        body = json.dumps({"id": self._id, "method": method, "params": params}, default=_encode)
        resp = self.http.post(
            self.endpoint, data=body, headers={"Content-Type": "application/json"}, timeout=120
        )
        if resp.status_code in (401, 403) and method == "common.db.login":
            raise CheckError(
                f"output.username/output.password: Tryton refused the login (HTTP "
                f"{resp.status_code})"
            )
        if resp.status_code in (401, 403):
            raise TrytonError(f"{method}: not authorised (HTTP {resp.status_code})")
        resp.raise_for_status()
        answer = json.loads(resp.text, object_hook=_decode)
        if answer.get("error"):
            error = answer["error"]
            detail = error[1][0] if isinstance(error[1], list) and error[1] else error[1]
            raise TrytonError(f"{method}: {error[0]}: {detail}")
        return answer["result"]

    def login(self) -> None:
        result = self._post("common.db.login", [self.username, {"password": self._password}])
        if not result:
            raise TrytonError("login refused: check output.username and output.password")
        user_id, session = result[0], result[1]
        token = base64.b64encode(f"{self.username}:{user_id}:{session}".encode()).decode()
        self.http.headers["Authorization"] = f"Session {token}"
        self.context = self._post("model.res.user.get_preferences", [True, {}])

    def call(self, model: str, method: str, *args: Any) -> Any:
        return self._post(f"model.{model}.{method}", [*args, self.context])

    def search_read(
        self, model: str, domain: list[Any], fields: list[str], limit: int | None = None
    ) -> list[dict[str, Any]]:
        return self.call(model, "search_read", domain, 0, limit, None, fields)  # type: ignore[no-any-return]


class TrytonTarget(Target):
    keeps_budgets = True

    def __init__(self, settings: Settings, client: TrytonClient | None = None) -> None:
        out = settings.output
        self.settings = settings
        self.client = client or TrytonClient(
            out["url"], out["database"], out["username"], out["password"]
        )
        self._ids: dict[str, Any] | None = None
        self._centres: dict[str, int] = {}

    # -- set-up ------------------------------------------------------------------------
    def check(self) -> None:
        """Log in and find company, journal, accounts, tax, analytic root and currency;
        creates nothing (Getty's party is created by the first load if it is missing)."""
        self._lookups()
        self._payable(self._find_supplier())

    def _one(self, model: str, domain: list[Any], setting: str, what: str) -> int:
        found = self.client.search_read(model, domain, ["id"], limit=1)
        if not found:
            raise CheckError(f"{setting}: {what} not found in Tryton")
        return int(found[0]["id"])

    def _setup(self) -> dict[str, Any]:
        if self._ids is None:
            ids = self._lookups()
            ids["party"], ids["address"], ids["payable"] = self._supplier()
            self._ids = ids
        return self._ids

    def _lookups(self) -> dict[str, Any]:
        out = self.settings.output
        self.client.login()
        company = self.client.context.get("company")
        if not company:
            raise CheckError(f"output.username: user {out['username']!r} has no current company")
        (current,) = self.client.call(
            "company.company", "read", [company], ["rec_name", "currency"]
        )
        if out.get("company") and out["company"] != current["rec_name"]:
            raise CheckError(
                f"output.company: the current company of user {out['username']!r} is "
                f"{current['rec_name']!r}, not {out['company']!r}; switch the user's company "
                "in Tryton or correct the setting"
            )
        (currency,) = self.client.call("currency.currency", "read", [current["currency"]], ["code"])
        ids: dict[str, Any] = {"company": company, "company_currency": currency["code"]}
        ids["journal"] = self._one(
            "account.journal",
            [("code", "=", out.get("journal", "EXP"))],
            "output.journal",
            f"journal with code {out.get('journal', 'EXP')!r}",
        )
        expense = [("type.expense", "=", True), ("closed", "!=", True), ("company", "=", company)]
        if out.get("expense_account"):
            expense.append(("code", "=", out["expense_account"]))
        ids["expense"] = self._one(
            "account.account", expense, "output.expense_account", "an open expense account"
        )
        ids["taxes"] = []
        if out.get("tax"):
            ids["taxes"] = [
                self._one(
                    "account.tax",
                    [("name", "=", out["tax"])],
                    "output.tax",
                    f"tax named {out['tax']!r}",
                )
            ]
        ids["root"] = self._one(
            "analytic_account.account",
            [("type", "=", "root"), ("code", "=", out.get("analytic_root", "CC"))],
            "output.analytic_root",
            f"analytic root with code {out.get('analytic_root', 'CC')!r}",
        )
        ids["currency"] = self._one(
            "currency.currency",
            [("code", "=", self.settings.currency)],
            "currency",
            f"currency {self.settings.currency}",
        )
        return ids

    def _find_supplier(self) -> dict[str, Any] | None:
        domain = [("name", "=", self.settings.supplier.name)]
        found = self.client.search_read(
            "party.party", domain, ["id", "addresses", "account_payable"], 1
        )
        return found[0] if found else None

    def _supplier(self) -> tuple[int, int, int]:
        """Getty's party (created if missing), its address and the payable account."""
        supplier = self.settings.supplier
        party = self._find_supplier()
        if party is None:
            address = {
                "street": supplier.street or "",
                "city": supplier.city or "",
                "postal_code": supplier.postal_code or "",
            }
            new = {"name": supplier.name, "addresses": [("create", [address])]}
            self.client.call("party.party", "create", [new])
            party = self._find_supplier()
            assert party is not None
        return int(party["id"]), int(party["addresses"][0]), self._payable(party)

    def _payable(self, party: dict[str, Any] | None) -> int:
        """The supplier's payable account, or the company's default one."""
        payable = party["account_payable"] if party else None
        if not payable:
            (config,) = self.client.call(
                "account.configuration", "read", [1], ["default_account_payable"]
            )
            payable = config["default_account_payable"]
        if not payable:
            raise CheckError(
                "Tryton: no payable account for the supplier and no default one; set it in "
                "Accounting > Configuration"
            )
        return int(payable)

    def _analytic(self, line: InvoiceLine) -> int:
        root = self._setup()["root"]
        centres = [(a.cost_centre, a.share) for a in line.allocations]
        code = centres[0][0] if len(centres) == 1 else "+".join(f"{c}*{s}" for c, s in centres)
        if code in self._centres:
            return self._centres[code]
        found = self.client.search_read(
            "analytic_account.account", [("root", "=", root), ("code", "=", code)], ["id"], 1
        )
        if found:
            self._centres[code] = int(found[0]["id"])
        elif len(centres) == 1:
            (created,) = self.client.call(
                "analytic_account.account",
                "create",
                [{"name": code, "code": code, "type": "normal", "root": root, "parent": root}],
            )
            self._centres[code] = int(created)
        else:
            parts = [{"account": self._analytic_single(c), "ratio": s} for c, s in centres]
            name = ", ".join(f"{c} {percent(s)}%" for c, s in centres)
            (created,) = self.client.call(
                "analytic_account.account",
                "create",
                [
                    {
                        "name": name,
                        "code": code,
                        "type": "distribution",
                        "root": root,
                        "parent": root,
                        "distributions": [("create", parts)],
                    }
                ],
            )
            self._centres[code] = int(created)
        return self._centres[code]

    def _analytic_single(self, centre: str) -> int:
        from ..model import Allocation

        probe = InvoiceLine("", "", Decimal(1), Decimal(0), [Allocation(centre, Decimal(1))])
        return self._analytic(probe)

    # -- the load ------------------------------------------------------------------------
    def _line_values(self, line: InvoiceLine) -> dict[str, Any]:
        ids = self._setup()
        values: dict[str, Any] = {
            "type": "line",
            "description": line.description,
            "note": f"{LINE_MARK}{line.line_id}",
            "quantity": float(line.quantity),
            "unit_price": line.unit_price,
            "account": ids["expense"],
            "analytic_accounts": [
                ("create", [{"root": ids["root"], "account": self._analytic(line)}])
            ],
        }
        if ids["taxes"]:
            values["taxes"] = [("add", ids["taxes"])]
        return values

    def find(self, invoice: Invoice) -> Existing | None:
        ids = self._setup()
        found = self.client.search_read(
            "account.invoice",
            [("type", "=", "in"), ("party", "=", ids["party"]), ("reference", "=", invoice.number)],
            ["id", "state", "lines"],
            1,
        )
        if not found:
            return None
        lines = self.client.call("account.invoice.line", "read", found[0]["lines"], ["note"])
        marks = {
            ln["note"][len(LINE_MARK) :] for ln in lines if (ln["note"] or "").startswith(LINE_MARK)
        }
        return Existing(editable=found[0]["state"] == "draft", line_ids=marks, ref=found[0]["id"])

    def create(self, invoice: Invoice) -> None:
        ids = self._setup()
        details = [
            f"Getty order {invoice.order_id}" if invoice.order_id else None,
            f"PO {invoice.purchase_order}" if invoice.purchase_order else None,
            invoice.project,
        ]
        values = {
            "type": "in",
            "company": ids["company"],
            "party": ids["party"],
            "invoice_address": ids["address"],
            "account": ids["payable"],
            "journal": ids["journal"],
            "currency": ids["currency"],
            "reference": invoice.number,
            "invoice_date": invoice.issue_date,
            "description": " · ".join(d for d in details if d),
            "lines": [
                (
                    "create",
                    [
                        self._line_values(ln)
                        for ln in sorted(invoice.lines.values(), key=lambda ln: ln.line_id)
                    ],
                )
            ],
        }
        self.client.call("account.invoice", "create", [values])

    def add_lines(self, existing: Existing, invoice: Invoice, lines: list[InvoiceLine]) -> None:
        values = {"lines": [("create", [self._line_values(ln) for ln in lines])]}
        self.client.call("account.invoice", "write", [existing.ref], values)

    # -- budgets ----------------------------------------------------------------------------
    @staticmethod
    def budget_name(month: datetime.date) -> str:
        return f"Getty Images licensing {month:%Y-%m}"

    def check_budget(self, budget: Budget) -> None:
        currency = self._setup()["company_currency"]
        if budget.currency != currency:
            raise ValueError(
                f"currency: Tryton budgets are in the company currency {currency}, this one "
                f"is in {budget.currency}; convert it before loading"
            )

    def write_budgets(self, budgets: list[Budget]) -> None:
        """One analytic budget per month on the cost-centre root, a line per cost centre.

        Amounts are stored negative: Tryton measures a budget line against the analytic
        balance (credit - debit), which expenses make negative.
        """
        root = self._setup()["root"]
        for month, group in groupby(sorted(budgets, key=lambda b: b.key), key=lambda b: b.month):
            amounts = {self._analytic_single(b.cost_centre): -b.amount for b in group}
            found = self.client.search_read(
                "analytic_account.budget",
                [("root", "=", root), ("name", "=", self.budget_name(month))],
                ["id", "lines"],
                1,
            )
            if not found:
                end = Budget("", month, "", Decimal(0)).end
                lines = [{"account": a, "amount": amt} for a, amt in amounts.items()]
                budget = {
                    "name": self.budget_name(month),
                    "root": root,
                    "start_date": month,
                    "end_date": end,
                    "lines": [("create", lines)],
                }
                self.client.call("analytic_account.budget", "create", [budget])
                continue
            stored = self.client.call(
                "analytic_account.budget.line", "read", found[0]["lines"], ["account", "amount"]
            )
            by_account = {ln["account"]: ln for ln in stored}
            for account, amount in amounts.items():
                line = by_account.get(account)
                if line is None:
                    self.client.call(
                        "analytic_account.budget",
                        "write",
                        [found[0]["id"]],
                        {"lines": [("create", [{"account": account, "amount": amount}])]},
                    )
                elif line["amount"] != amount:
                    self.client.call(
                        "analytic_account.budget.line", "write", [line["id"]], {"amount": amount}
                    )

    def fetch_budget(self, month: datetime.date) -> dict[str, dict[str, Decimal]]:
        """Per cost centre: budget amount, actual amount (from posted bills) and percentage,
        in Tryton's signs (expenses negative)."""
        found = self.client.search_read(
            "analytic_account.budget",
            [("root", "=", self._setup()["root"]), ("name", "=", self.budget_name(month))],
            ["lines"],
            1,
        )
        if not found:
            return {}
        lines = self.client.call(
            "analytic_account.budget.line",
            "read",
            found[0]["lines"],
            ["account.code", "amount", "actual_amount", "percentage"],
        )
        return {
            ln["account."]["code"]: {
                "amount": ln["amount"],
                "actual": ln["actual_amount"],
                "percentage": ln["percentage"],
            }
            for ln in lines
        }

    # -- reading back (reconciliation, tests) -------------------------------------------------
    def fetch(self, number: str) -> dict[str, Any] | None:
        """The stored invoice: state, totals and per line amount and cost-centre shares."""
        ids = self._setup()
        found = self.client.search_read(
            "account.invoice",
            [("type", "=", "in"), ("party", "=", ids["party"]), ("reference", "=", number)],
            [
                "id",
                "state",
                "lines",
                "untaxed_amount",
                "tax_amount",
                "total_amount",
                "invoice_date",
            ],
        )
        if not found:
            return None
        if len(found) > 1:
            raise TrytonError(f"invoice {number}: {len(found)} bills in Tryton")
        invoice = found[0]
        lines = self.client.call(
            "account.invoice.line",
            "read",
            invoice["lines"],
            ["note", "amount", "quantity", "unit_price", "analytic_accounts"],
        )
        entries = self.client.call(
            "analytic.account.entry",
            "read",
            [e for ln in lines for e in ln["analytic_accounts"]],
            ["account"],
        )
        account_of = {e["id"]: e["account"] for e in entries}
        invoice["lines"] = [
            {
                "line_id": ln["note"][len(LINE_MARK) :],
                "amount": ln["amount"],
                "quantity": ln["quantity"],
                "unit_price": ln["unit_price"],
                "cost_centres": self._shares([account_of[e] for e in ln["analytic_accounts"]]),
            }
            for ln in lines
        ]
        return invoice

    def _shares(self, accounts: list[int]) -> dict[str, Decimal]:
        shares: dict[str, Decimal] = {}
        for acc in self.client.call(
            "analytic_account.account", "read", accounts, ["code", "type", "distributions"]
        ):
            if acc["type"] != "distribution":
                shares[acc["code"]] = Decimal(1)
                continue
            parts = self.client.call(
                "analytic_account.account.distribution",
                "read",
                acc["distributions"],
                ["account", "ratio"],
            )
            codes = self.client.call(
                "analytic_account.account", "read", [p["account"] for p in parts], ["code"]
            )
            code_of = {c["id"]: c["code"] for c in codes}
            for part in parts:
                shares[code_of[part["account"]]] = part["ratio"]
        return shares
