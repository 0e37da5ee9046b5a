"""destination-erp benchmark: invoices per second for UBL generation with validation and for
Tryton creation over JSON-RPC, and peak memory of a load as the input grows tenfold.

Every stage of the UBL table is timed on its own over the same invoices, so the rates and
the ratios (to rendering alone) come from one run. CPU seconds are shown beside wall seconds:
on a busy machine the CPU column is the steadier one. Prints two tables.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from getty_erp import ubl
from getty_erp.config import Settings
from getty_erp.loader import Loader
from getty_erp.model import Invoice
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
UBL_INVOICES = 300
TRYTON_INVOICES = 30
MEMORY_INVOICES = (500, 5000)


def stream(invoices: int) -> Iterator[dict[str, Any]]:
    """Feed rows generated on the fly (3 lines an invoice, one split 60/40): memory depends
    on the loader only."""
    for i in range(invoices):
        number = f"B{i:07d}"
        for row in feed.invoices(1):
            yield row | {
                "invoice_number": number,
                "invoice_line_id": f"{number}:{row['invoice_line_id']}",
            }


def settings(output: dict[str, Any], **extra: Any) -> Settings:
    return Settings.parse(CONFIG | {"output": output} | extra)


def invoices(count: int) -> list[Invoice]:
    """Invoices assembled in memory (nothing is written)."""
    assembler = Assembler(settings({"type": "files", "directory": "unused"}))
    for row in stream(count):
        assembler.add("procurement_invoice_lines", row)
    return assembler.take()[0]


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def ubl_rows(count: int) -> list[tuple[str, int, float, float]]:
    s = settings({"type": "files", "directory": "unused"})
    items = invoices(count)
    docs: list[bytes] = []
    rows = [
        (
            "render UBL 2.1",
            count,
            *timed(lambda: docs.extend(ubl.render(i, s.supplier, s.buyer) for i in items)),
        )
    ]
    folder = standards_dir()
    if folder is None:
        print("UBL validation skipped: ../shared/standards is absent")
        return rows
    validator = UblValidator(folder)

    def xsd() -> None:
        assert all(validator.xsd_errors(d) == [] for d in docs)

    def en16931() -> None:
        assert all(
            not [f for f in validator.en16931_findings(d) if f.flag == "fatal"] for d in docs
        )

    rows.append(("  XSD validation alone", count, *timed(xsd)))
    rows.append(("  EN 16931 schematron alone", count, *timed(en16931)))
    with tempfile.TemporaryDirectory() as tmp:
        out = settings({"type": "files", "directory": tmp}, validate_ubl=True)

        loader = Loader(out)  # compiles the XSD and schematron once, outside the timing

        def load() -> None:
            for row in stream(count):
                loader.add("procurement_invoice_lines", row)
            loader.finish()
            assert loader.counts["invoices_created"] == count

        rows.append(("load to files, validate_ubl (end to end)", count, *timed(load)))
    return rows


def tryton_row(count: int) -> tuple[str, int, float, float] | str:
    reason = tryton_server.available()
    if reason:
        return f"Tryton skipped: {reason}"
    with tempfile.TemporaryDirectory() as tmp, tryton_server.running(Path(tmp)) as server:
        loader = Loader(settings(server.output(tax="VAT 20%")))
        loader.target.check()

        def load() -> None:
            for row in stream(count):
                loader.add("procurement_invoice_lines", row)
            loader.finish()

        server_cpu = server.cpu_seconds()
        wall, cpu = timed(load)
        server_cpu = server.cpu_seconds() - server_cpu
        assert loader.counts["invoices_created"] == count
    return ("Tryton create over JSON-RPC (client + server)", count, wall, cpu + server_cpu)


def peak_rss_kib(count: int) -> int:
    """Peak RSS of a child process that imports everything, then loads `count` invoices to
    files (count 0: the imports alone). The child reads its own VmHWM: getrusage's ru_maxrss
    would report this parent's size, which Linux carries across fork and exec."""
    out = subprocess.run(
        [sys.executable, __file__, "--memory", str(count)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(json.loads(out.stdout.splitlines()[-1])["maxrss_kib"])


def memory_child(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # UBL + CSV + JSON per invoice, as configured by default
        loader = Loader(settings({"type": "files", "directory": tmp}, batch_lines=300))
        for row in stream(count):
            loader.add("procurement_invoice_lines", row)
        loader.finish()
        assert loader.counts["invoices_created"] == count
        # read before the folder is removed: rmtree lists all 3 x count files in memory
        status = Path("/proc/self/status").read_text()
    (peak,) = [line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")]
    print(json.dumps({"maxrss_kib": int(peak)}))


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    rows = ubl_rows(UBL_INVOICES)
    tryton = tryton_row(TRYTON_INVOICES)
    base_cpu = rows[0][3]
    print(
        f"{'measure':<44} {'invoices':>8} {'wall s':>7} {'CPU s':>7} {'inv/s CPU':>10}",
        f"{'x render':>9}",
    )
    for name, n, wall, cpu in rows:
        print(
            f"{name:<44} {n:>8} {wall:>7.2f} {cpu:>7.2f} {n / cpu:>10,.0f} {cpu / base_cpu:>9.1f}"
        )
    if isinstance(tryton, str):
        print(tryton)
    else:
        name, n, wall, cpu = tryton
        print(f"{name:<44} {n:>8} {wall:>7.2f} {cpu:>7.2f} {n / cpu:>10,.1f} {'':>9}")

    baseline = peak_rss_kib(0)
    small, large = (peak_rss_kib(n) for n in MEMORY_INVOICES)
    print()
    title = "load to files (UBL + CSV + JSON), batch 300 lines"
    print(f"{title:<50} {'invoices':>8} {'peak RSS MiB':>13} {'above imports':>14}")
    print(f"{'  imports only':<50} {0:>8} {baseline / 1024:>13.1f} {'':>14}")
    for n, kib in zip(MEMORY_INVOICES, (small, large), strict=True):
        print(f"{'':<50} {n:>8} {kib / 1024:>13.1f} {(kib - baseline) / 1024:>14.1f}")
    print(f"{'  ratio at 10x input (peak RSS)':<50} {'':>8} {large / small:>13.2f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory"]:
        memory_child(int(sys.argv[2]))
    else:
        main()
