"""UBL invoices, journal and budget files in a folder, each written atomically (temp file +
rename)."""

from __future__ import annotations

import json
import os
import re
import tempfile
from itertools import groupby
from pathlib import Path

from .. import budgets, journal, ubl
from ..config import Settings
from ..model import Invoice, InvoiceLine
from ..validation import UblValidator
from .base import CheckError, Existing, Target


def safe_name(number: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", number)


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class InvalidInvoice(ValueError):
    """The UBL written would not pass the UBL 2.1 XSD or EN 16931 rules."""


def ubl_validator(settings: Settings) -> UblValidator | None:
    if not settings.validate_ubl:
        return None
    from ..validation import standards_dir

    folder = standards_dir(settings.standards_dir)
    if folder is None:
        raise CheckError(
            "validate_ubl: standards folder not found; set standards_dir to a folder with "
            "ubl-2.1/ and en16931/ or turn validate_ubl off"
        )
    return UblValidator(folder)


def checked_ubl(invoice: Invoice, settings: Settings, validator: UblValidator | None) -> bytes:
    xml = ubl.render(invoice, settings.supplier, settings.buyer)
    if validator is not None:
        problems = validator.problems(xml)
        if problems:
            raise InvalidInvoice(f"invoice {invoice.number}: " + "; ".join(problems[:5]))
    return xml


class FileTarget(Target):
    """`<dir>/ubl/<n>.xml`, `<dir>/journal/<n>.csv` and `<n>.json` (written last: the commit);
    `<dir>/budgets/<YYYY-MM>.csv`, one row per cost centre and currency."""

    keeps_budgets = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = Path(settings.output["directory"])
        self.formats = set(settings.output.get("formats") or ["ubl", "csv", "json"])
        self.validator = ubl_validator(settings)

    def _json_path(self, invoice: Invoice) -> Path:
        return self.root / "journal" / f"{safe_name(invoice.number)}.json"

    def check(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            probe = self.root / ".write-check"
            probe.write_bytes(b"ok")
            probe.unlink()
        except OSError as exc:
            raise CheckError(
                f"output.directory: cannot write to {self.root}: {exc.strerror}"
            ) from None

    def find(self, invoice: Invoice) -> Existing | None:
        path = self._json_path(invoice)
        if not path.exists():
            return None
        stored = journal.from_json(json.loads(path.read_bytes()))
        return Existing(editable=True, line_ids=set(stored.lines), ref=stored)

    def create(self, invoice: Invoice) -> None:
        self._write(invoice)

    def add_lines(self, existing: Existing, invoice: Invoice, lines: list[InvoiceLine]) -> None:
        stored: Invoice = existing.ref
        for line in lines:
            stored.add(line)
        self._write(stored)

    def _write(self, invoice: Invoice) -> None:
        name = safe_name(invoice.number)
        if "ubl" in self.formats:
            xml = checked_ubl(invoice, self.settings, self.validator)
            write_atomically(self.root / "ubl" / f"{name}.xml", xml)
        if "csv" in self.formats:
            write_atomically(self.root / "journal" / f"{name}.csv", journal.to_csv(invoice))
        # The JSON is the record of what was written: always last, always present.
        data = json.dumps(journal.to_json(invoice), ensure_ascii=False, indent=1).encode()
        write_atomically(self._json_path(invoice), data)

    def write_budgets(self, lines: list[budgets.Budget]) -> None:
        for month, group in groupby(sorted(lines, key=lambda b: b.key), key=lambda b: b.month):
            path = self.root / "budgets" / f"{month:%Y-%m}.csv"
            stored = (
                {b.key: b for b in budgets.from_csv(path.read_bytes())} if path.exists() else {}
            )
            stored.update((b.key, b) for b in group)
            write_atomically(path, budgets.to_csv(list(stored.values())))
