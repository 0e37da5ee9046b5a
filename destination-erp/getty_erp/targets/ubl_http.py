"""UBL invoices POSTed to an endpoint (an e-invoicing gateway, a Peppol access point...)."""

from __future__ import annotations

import logging

import requests

from ..config import Settings
from ..model import Invoice, InvoiceLine
from .base import CheckError, Existing, Target
from .files import checked_ubl, ubl_validator

log = logging.getLogger("getty_erp")


class UblHttpTarget(Target):
    """Each invoice is POSTed once with `Idempotency-Key: <invoice number>`; the endpoint
    answers 409 (or 200 with the stored invoice) for a number it already has.

    A sent invoice cannot change: lines that arrive after their invoice was sent (a later
    batch of the same run) are reported, like lines for a posted bill, never POSTed as a
    second document with the same number.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.url = settings.output["url"]
        self.http = requests.Session()
        if settings.output.get("token"):
            self.http.headers["Authorization"] = f"Bearer {settings.output['token']}"
        self.validator = ubl_validator(settings)
        self.sent: dict[str, set[str]] = {}  # invoice number -> line ids, this run

    def check(self) -> None:
        try:
            resp = self.http.options(self.url, timeout=30)
        except requests.RequestException as exc:
            raise CheckError(f"output.url: {self.url} unreachable ({type(exc).__name__})") from None
        if resp.status_code in (401, 403):
            raise CheckError(f"output.token: the endpoint refused it (HTTP {resp.status_code})")

    def find(self, invoice: Invoice) -> Existing | None:
        """Invoices sent by this run; across runs the endpoint deduplicates (409)."""
        if invoice.number in self.sent:
            return Existing(editable=False, line_ids=self.sent[invoice.number])
        return None

    def create(self, invoice: Invoice) -> None:
        xml = checked_ubl(invoice, self.settings, self.validator)
        resp = self.http.post(
            self.url,
            data=xml,
            headers={"Content-Type": "application/xml", "Idempotency-Key": invoice.number},
            timeout=60,
        )
        if resp.status_code == 409:
            log.info("invoice %s: the endpoint already has it (409), unchanged", invoice.number)
        elif resp.status_code >= 400:
            raise RuntimeError(
                f"invoice {invoice.number}: endpoint answered HTTP {resp.status_code}: "
                f"{resp.text[:200]}"
            )
        self.sent[invoice.number] = set(invoice.lines)

    def add_lines(self, existing: Existing, invoice: Invoice, lines: list[InvoiceLine]) -> None:
        raise NotImplementedError("an endpoint that has an invoice is not sent lines again")
