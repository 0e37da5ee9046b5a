"""ERPNext Purchase Invoices through the Frappe REST API (`/api/resource/Purchase Invoice`).

ERPNext charges each item row to one cost center, so a line split across cost centres
becomes one item row per cost centre carrying that share of the amount.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import requests

from ..config import Settings
from ..model import Invoice, InvoiceLine
from .base import CheckError, Existing, Target

DOCTYPE = "Purchase Invoice"


class ErpNextTarget(Target):
    def __init__(self, settings: Settings) -> None:
        out = settings.output
        self.settings = settings
        self.url = out["url"].rstrip("/")
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {out['api_key']}:{out['api_secret']}"
        self.http.headers["Accept"] = "application/json"

    def _resource(self, doctype: str, name: str | None = None) -> str:
        return f"{self.url}/api/resource/{quote(doctype)}" + (
            f"/{quote(name, safe='')}" if name else ""
        )

    def _send(self, method: str, url: str, **kwargs: Any) -> Any:
        resp = self.http.request(method, url, timeout=120, **kwargs)
        if resp.status_code in (401, 403):
            raise CheckError(
                f"output.api_key/api_secret: ERPNext refused them (HTTP {resp.status_code})"
            )
        if resp.status_code >= 400:
            raise RuntimeError(
                f"ERPNext {method} {url}: HTTP {resp.status_code}: {resp.text[:200]}"
            )
        return resp.json()["data"]

    def check(self) -> None:
        out = self.settings.output
        for doctype, name, setting in (
            ("Company", out["company"], "output.company"),
            ("Supplier", self.settings.supplier.name, "supplier.name"),
        ):
            resp = self.http.get(self._resource(doctype, name), timeout=60)
            if resp.status_code == 404:
                raise CheckError(f"{setting}: ERPNext has no {doctype} {name!r}")
            if resp.status_code in (401, 403):
                raise CheckError(
                    f"output.api_key/api_secret: ERPNext refused them (HTTP {resp.status_code})"
                )
            resp.raise_for_status()

    def _items(self, line: InvoiceLine) -> list[dict[str, Any]]:
        out = self.settings.output
        rows = []
        for centre, amount in line.allocated():
            row = {
                "item_code": out.get("item_code", "Getty Images License"),
                "item_name": line.description[:140],
                "description": f"[{line.line_id}] {line.description}",
                "qty": 1,
                "rate": str(amount),
                "cost_center": centre,
            }
            if out.get("expense_account"):
                row["expense_account"] = out["expense_account"]
            rows.append(row)
        return rows

    def find(self, invoice: Invoice) -> Existing | None:
        params = {
            "filters": json.dumps(
                [["bill_no", "=", invoice.number], ["supplier", "=", self.settings.supplier.name]]
            ),
            "fields": json.dumps(["name", "docstatus"]),
        }
        found = self._send("GET", self._resource(DOCTYPE), params=params)
        if not found:
            return None
        doc = self._send("GET", self._resource(DOCTYPE, found[0]["name"]))
        marks = {
            item["description"][1 : item["description"].index("]")]
            for item in doc["items"]
            if item.get("description", "").startswith("[")
        }
        return Existing(editable=doc["docstatus"] == 0, line_ids=marks, ref=doc)

    def create(self, invoice: Invoice) -> None:
        doc = {
            "supplier": self.settings.supplier.name,
            "company": self.settings.output["company"],
            "bill_no": invoice.number,
            "bill_date": invoice.issue_date.isoformat(),
            "posting_date": invoice.issue_date.isoformat(),
            "set_posting_time": 1,
            "currency": invoice.currency,
            "remarks": " / ".join(
                x for x in (invoice.purchase_order, invoice.order_id, invoice.project) if x
            ),
            "items": [row for _, ln in sorted(invoice.lines.items()) for row in self._items(ln)],
        }
        self._send("POST", self._resource(DOCTYPE), json=doc)

    def add_lines(self, existing: Existing, invoice: Invoice, lines: list[InvoiceLine]) -> None:
        doc = existing.ref
        items = doc["items"] + [row for ln in lines for row in self._items(ln)]
        self._send("PUT", self._resource(DOCTYPE, doc["name"]), json={"items": items})
