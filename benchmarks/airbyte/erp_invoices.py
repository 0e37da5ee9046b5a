"""destination-erp benchmark: invoices per second (UBL with validation, Tryton over JSON-RPC)
and peak memory of a load as the input grows tenfold. Prints a table."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from getty_erp import ubl
from getty_erp.config import Settings
from getty_erp.loader import Loader
from getty_erp.records import Assembler
from getty_erp.testing import feed, tryton_server
from getty_erp.validation import UblValidator, standards_dir

CONFIG: dict[str, Any] = {
    "buyer": {
        "name": "Northwind Media Group",
        "country": "DE",
        "city": "Hamburg",
        "vat_id": "DE123456789",
    },
    "supplier": {
        "name": "Getty Images International U.C.",
        "country": "IE",
        "city": "Dublin",
        "vat_id": "IE6388047V",
    },
    "tax": {"category": "S", "percent": "20"},
}


def stream(invoices: int) -> Iterator[dict[str, Any]]:
    """Feed rows generated on the fly: memory depends on the loader only."""
    for i in range(invoices):
        number = f"B{i:07d}"
        for row in feed.invoices(1):
            yield row | {
                "invoice_number": number,
                "invoice_line_id": f"{number}:{row['invoice_line_id']}",
            }


def invoices(count: int) -> list[Any]:
    """Invoices assembled in memory (nothing is written)."""
    settings = Settings.parse(CONFIG | {"output": {"type": "files", "directory": "unused"}})
    assembler = Assembler(settings)
    for row in stream(count):
        assembler.add("procurement_invoice_lines", row)
    return assembler.take()[0]


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}"


def ubl_rates(count: int) -> list[tuple[str, str, str]]:
    folder = standards_dir()
    settings = Settings.parse(CONFIG | {"output": {"type": "files", "directory": "unused"}})
    items = invoices(count)
    t = time.perf_counter()
    docs = [ubl.render(inv, settings.supplier, settings.buyer) for inv in items]
    render = time.perf_counter() - t
    rows = [("UBL render", str(count), rate(count, render))]
    if folder is None:
        return [*rows, ("UBL validation", "-", "skipped: ../shared/standards absent")]
    validator = UblValidator(folder)
    t = time.perf_counter()
    assert all(validator.xsd_errors(d) == [] for d in docs)
    rows.append(("UBL render + XSD", str(count), rate(count, render + time.perf_counter() - t)))
    t = time.perf_counter()
    assert all(validator.problems(d) == [] for d in docs)
    rows.append(
        ("UBL render + XSD + EN 16931", str(count), rate(count, render + time.perf_counter() - t))
    )
    return rows


def tryton_rate(count: int) -> tuple[str, str, str]:
    reason = tryton_server.available()
    if reason:
        return ("Tryton create (JSON-RPC)", "-", f"skipped: {reason}")
    with tempfile.TemporaryDirectory() as tmp, tryton_server.running(Path(tmp)) as server:
        settings = Settings.parse(CONFIG | {"output": server.output(tax="VAT 20%")})
        loader = Loader(settings)
        loader.target.check()
        t = time.perf_counter()
        for row in stream(count):
            loader.add("procurement_invoice_lines", row)
        loader.finish()
        elapsed = time.perf_counter() - t
        assert loader.counts["invoices_created"] == count
    return ("Tryton create (JSON-RPC, 3 lines)", str(count), rate(count, elapsed))


def peak_memory(count: int) -> int:
    """Peak RSS (KiB) of a child process loading `count` invoices to files."""
    out = subprocess.run(
        [sys.executable, __file__, "--memory", str(count)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(json.loads(out.stdout.splitlines()[-1])["maxrss_kib"])


def memory_child(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.parse(
            CONFIG
            | {
                "output": {"type": "files", "directory": tmp, "formats": ["ubl", "csv"]},
                "batch_lines": 300,
            }
        )
        loader = Loader(settings)
        for row in stream(count):
            loader.add("procurement_invoice_lines", row)
        loader.finish()
        assert loader.counts["invoices_created"] == count
    print(json.dumps({"maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def main() -> None:
    rows = ubl_rates(300)
    rows.append(tryton_rate(30))
    print(f"{'measure':<38} {'invoices':>9} {'invoices/s':>12}")
    for name, n, value in rows:
        print(f"{name:<38} {n:>9} {value:>12}")
    small, large = peak_memory(500), peak_memory(5000)
    print()
    print(f"{'load to files (UBL + CSV + JSON)':<38} {'invoices':>9} {'peak RSS MiB':>12}")
    print(f"{'':<38} {500:>9} {small / 1024:>12.1f}")
    print(f"{'':<38} {5000:>9} {large / 1024:>12.1f}")
    print(f"{'ratio (10x input)':<38} {'':>9} {large / small:>12.2f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory"]:
        memory_child(int(sys.argv[2]))
    else:
        main()
