"""Odoo vendor bills (`account.move`, move_type `in_invoice`) with analytic distribution.

Odoo 19+: JSON-2 API, `POST /json/2/<model>/<method>` with named arguments, a bearer API
key and the `X-Odoo-Database` header. Older versions: `/jsonrpc` `execute_kw`.
"""

from __future__ import annotations

from typing import Any

import requests

from ..config import Settings
from ..model import Invoice, InvoiceLine
from .base import CheckError, Existing, Target


class OdooError(RuntimeError):
    """Odoo refused a call (message from Odoo; the API key is never included)."""


class OdooClient:
    def __init__(
        self,
        url: str,
        database: str,
        api_key: str,
        protocol: str = "json2",
        username: str | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.database = database
        self.protocol = protocol
        self.username = username
        self._key = api_key
        self._uid: int | None = None
        self.http = requests.Session()
        if protocol == "json2":
            self.http.headers["Authorization"] = f"bearer {api_key}"
            self.http.headers["X-Odoo-Database"] = database

    def call(self, model: str, method: str, ids: list[int] | None = None, **kwargs: Any) -> Any:
        if self.protocol == "json2":
            body = ({"ids": ids} if ids is not None else {}) | kwargs
            resp = self.http.post(f"{self.url}/json/2/{model}/{method}", json=body, timeout=120)
            if resp.status_code in (401, 403):
                raise CheckError(f"output.api_key: Odoo refused it (HTTP {resp.status_code})")
            if resp.status_code >= 400:
                try:
                    message = resp.json().get("message", resp.text[:200])
                except ValueError:
                    message = resp.text[:200]
                raise OdooError(f"{model}.{method}: HTTP {resp.status_code}: {message}")
            return resp.json()
        args = [ids] if ids is not None else []
        return self._rpc(
            "object",
            "execute_kw",
            [self.database, self.uid(), self._key, model, method, args, kwargs],
        )

    def uid(self) -> int:
        if self._uid is None:
            if not self.username:
                raise CheckError("output.username: required with protocol jsonrpc")
            uid = self._rpc("common", "login", [self.database, self.username, self._key])
            if not uid:
                raise CheckError("output.username/api_key: Odoo refused the login")
            self._uid = int(uid)
        return self._uid

    def _rpc(self, service: str, method: str, args: list[Any]) -> Any:
        body: dict[str, Any] = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"service": service, "method": method, "args": args},
        }
        resp = self.http.post(f"{self.url}/jsonrpc", json=body, timeout=120)
        resp.raise_for_status()
        answer = resp.json()
        if "error" in answer:
            data = answer["error"].get("data") or {}
            raise OdooError(f"{method}: {data.get('message') or answer['error'].get('message')}")
        return answer["result"]


def _mark(line_id: str) -> str:
    return f"[{line_id}] "


class OdooTarget(Target):
    def __init__(self, settings: Settings, client: OdooClient | None = None) -> None:
        out = settings.output
        self.settings = settings
        self.client = client or OdooClient(
            out["url"],
            out["database"],
            out["api_key"],
            out.get("protocol", "json2"),
            out.get("username"),
        )
        self._ids: dict[str, Any] | None = None
        self._analytic: dict[str, int] = {}

    def _first(self, model: str, domain: list[Any], setting: str, what: str) -> int:
        found = self.client.call(model, "search_read", domain=domain, fields=["id"], limit=1)
        if not found:
            raise CheckError(f"{setting}: {what} not found in Odoo")
        return int(found[0]["id"])

    def _setup(self) -> dict[str, Any]:
        if self._ids is None:
            ids = self._lookups()
            ids["partner"] = self._partner() or int(
                self.client.call(
                    "res.partner",
                    "create",
                    vals_list=[{"name": self.settings.supplier.name, "is_company": True}],
                )[0]
            )
            self._ids = ids
        return self._ids

    def _lookups(self) -> dict[str, Any]:
        """Company, purchase journal, currency, expense account: a CheckError names what is
        missing. The first call also proves the API key."""
        out = self.settings.output
        journal = [["type", "=", "purchase"], ["code", "=", out.get("journal_code", "BILL")]]
        ids: dict[str, Any] = {"account": None}
        if out.get("company"):
            ids["company"] = self._first(
                "res.company",
                [["name", "=", out["company"]]],
                "output.company",
                f"company {out['company']!r} (or the API key's user may not access it)",
            )
            journal.append(["company_id", "=", ids["company"]])
        ids["journal"] = self._first(
            "account.journal",
            journal,
            "output.journal_code",
            f"purchase journal {out.get('journal_code', 'BILL')!r}"
            + (f" of company {out['company']!r}" if out.get("company") else ""),
        )
        ids["currency"] = self._first(
            "res.currency",
            [["name", "=", self.settings.currency]],
            "currency",
            f"active currency {self.settings.currency}",
        )
        if out.get("expense_account"):
            ids["account"] = self._first(
                "account.account",
                [["code", "=", out["expense_account"]]],
                "output.expense_account",
                f"account {out['expense_account']!r}",
            )
        return ids

    def _partner(self) -> int | None:
        found = self.client.call(
            "res.partner",
            "search_read",
            domain=[["name", "=", self.settings.supplier.name]],
            fields=["id"],
            limit=1,
        )
        return int(found[0]["id"]) if found else None

    def check(self) -> None:
        """Creates nothing: Getty's partner is created by the first load if missing."""
        self._lookups()

    def _analytic_id(self, centre: str) -> int:
        if centre not in self._analytic:
            found = self.client.call(
                "account.analytic.account",
                "search_read",
                domain=[["code", "=", centre]],
                fields=["id"],
                limit=1,
            )
            if not found:
                raise CheckError(
                    f"cost centre {centre!r}: no Odoo analytic account with that code; "
                    "create it or map the cost centre in cost_centres"
                )
            self._analytic[centre] = int(found[0]["id"])
        return self._analytic[centre]

    def _line(self, line: InvoiceLine) -> list[Any]:
        values: dict[str, Any] = {
            "name": _mark(line.line_id) + line.description,
            "quantity": float(line.quantity),
            "price_unit": float(line.unit_price),
            "analytic_distribution": {
                str(self._analytic_id(a.cost_centre)): float(a.share * 100)
                for a in line.allocations
            },
        }
        if self._setup()["account"]:
            values["account_id"] = self._setup()["account"]
        return [0, 0, values]

    def find(self, invoice: Invoice) -> Existing | None:
        ids = self._setup()
        found = self.client.call(
            "account.move",
            "search_read",
            domain=[
                ["move_type", "=", "in_invoice"],
                ["partner_id", "=", ids["partner"]],
                ["ref", "=", invoice.number],
            ],
            fields=["id", "state", "invoice_line_ids"],
            limit=1,
        )
        if not found:
            return None
        lines = self.client.call(
            "account.move.line", "read", ids=found[0]["invoice_line_ids"], fields=["name"]
        )
        marks = {
            ln["name"][1 : ln["name"].index("]")]
            for ln in lines
            if (ln["name"] or "").startswith("[") and "]" in ln["name"]
        }
        return Existing(editable=found[0]["state"] == "draft", line_ids=marks, ref=found[0]["id"])

    def create(self, invoice: Invoice) -> None:
        ids = self._setup()
        self.client.call(
            "account.move",
            "create",
            vals_list=[
                {
                    "move_type": "in_invoice",
                    "partner_id": ids["partner"],
                    "journal_id": ids["journal"],
                    **({"company_id": ids["company"]} if "company" in ids else {}),
                    "currency_id": ids["currency"],
                    "ref": invoice.number,
                    "invoice_date": invoice.issue_date.isoformat(),
                    "invoice_origin": " / ".join(
                        x for x in (invoice.purchase_order, invoice.order_id) if x
                    ),
                    "invoice_line_ids": [self._line(ln) for _, ln in sorted(invoice.lines.items())],
                }
            ],
        )

    def add_lines(self, existing: Existing, invoice: Invoice, lines: list[InvoiceLine]) -> None:
        self.client.call(
            "account.move",
            "write",
            ids=[existing.ref],
            vals={"invoice_line_ids": [self._line(ln) for ln in lines]},
        )
