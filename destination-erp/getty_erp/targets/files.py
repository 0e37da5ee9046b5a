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


def write_atomically(path: str, data: bytes) -> None:
    """Write to a temporary file, fsync it, rename it over `path` (plain strings: pathlib
    interns every path part, which grows memory by a few hundred bytes per invoice)."""
    folder, name = os.path.split(path)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fsync_folder(folder: str) -> None:
    """Make the renames in `folder` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
        self.folders = {kind: str(self.root / kind) for kind in ("ubl", "journal", "budgets")}
        self._made: set[str] = set()
        self._written: set[str] = set()  # folders with renames not yet made durable

    def _path(self, kind: str, name: str) -> str:
        folder = self.folders[kind]
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)
        self._written.add(folder)
        return os.path.join(folder, name)

    def _json_path(self, invoice: Invoice) -> str:
        return os.path.join(self.folders["journal"], f"{safe_name(invoice.number)}.json")

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
        try:
            with open(self._json_path(invoice), "rb") as handle:
                stored = journal.from_json(json.load(handle))
        except FileNotFoundError:
            return None
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
            write_atomically(self._path("ubl", f"{name}.xml"), xml)
        if "csv" in self.formats:
            write_atomically(self._path("journal", f"{name}.csv"), journal.to_csv(invoice))
        # The JSON is the record of what was written: always last, always present.
        data = json.dumps(journal.to_json(invoice), ensure_ascii=False, indent=1).encode()
        write_atomically(self._path("journal", f"{name}.json"), data)

    def sync(self) -> None:
        """One folder fsync per batch, so renames survive a power loss before a state."""
        for folder in sorted(self._written):
            fsync_folder(folder)
        self._written.clear()

    def write_budgets(self, lines: list[budgets.Budget]) -> None:
        for month, group in groupby(sorted(lines, key=lambda b: b.key), key=lambda b: b.month):
            path = self._path("budgets", f"{month:%Y-%m}.csv")
            known = budgets.from_csv(Path(path).read_bytes()) if os.path.exists(path) else []
            stored = {b.key: b for b in known}
            stored.update((b.key, b) for b in group)
            write_atomically(path, budgets.to_csv(list(stored.values())))
