"""target-erp end to end: Singer messages in, invoices and committed states out."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from getty_erp.testing import feed, tryton_server
from singer_sdk import Target as SingerTarget
from target_erp.target import TargetErp

FEED = "procurement_invoice_lines"
SCHEMA = {
    "type": "SCHEMA",
    "stream": FEED,
    "key_properties": ["invoice_line_id", "cost_centre"],
    "schema": {
        "type": "object",
        "properties": {k: {"type": ["null", "string", "number"]} for k in feed.row("1", "1:1")},
    },
}


@pytest.fixture
def config(tmp_path: Path) -> dict[str, Any]:
    return {
        "output": {"type": "files", "directory": str(tmp_path / "out")},
        "buyer": {"name": "Northwind Media Group", "country": "DE", "vat_id": "DE123456789"},
        "supplier": {
            "name": "Getty Images International U.C.",
            "country": "IE",
            "vat_id": "IE6388047V",
        },
        "tax": {"category": "S", "percent": "23"},
        "rejects_path": str(tmp_path / "rejects.jsonl"),
    }


def singer_lines(rows: list[dict[str, Any]], every: int) -> str:
    out = [json.dumps(SCHEMA)]
    for i, row in enumerate(rows, 1):
        out.append(json.dumps({"type": "RECORD", "stream": FEED, "record": row}))
        if i % every == 0:
            out.append(json.dumps({"type": "STATE", "value": {"bookmarks": {FEED: {"n": i}}}}))
    out.append(json.dumps({"type": "STATE", "value": {"bookmarks": {FEED: {"n": len(rows)}}}}))
    return "\n".join(out) + "\n"


def run_cli(config: dict[str, Any], tmp_path: Path, stdin: str) -> subprocess.CompletedProcess:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    exe = Path(sys.executable).with_name("target-erp")
    return subprocess.run([exe, "--config", path], input=stdin, capture_output=True, text=True)


def test_cli_writes_invoices_and_the_last_state(config, tmp_path) -> None:
    rows = feed.invoices(5)
    done = run_cli(config, tmp_path, singer_lines(rows, every=4))
    assert done.returncode == 0, done.stderr[-2000:]
    states = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert states[-1] == {"bookmarks": {FEED: {"n": len(rows)}}}
    journals = sorted((Path(config["output"]["directory"]) / "journal").glob("*.json"))
    assert [p.stem for p in journals] == [f"5600{i:04d}" for i in range(5)]
    again = run_cli(config, tmp_path, singer_lines(rows, every=4))
    assert again.returncode == 0
    assert sorted((Path(config["output"]["directory"]) / "journal").glob("*.json")) == journals


def listen(
    config: dict[str, Any], messages: list[dict[str, Any]], stdout: io.StringIO
) -> list[str]:
    """Run the target in process; return the state lines it wrote."""
    target = TargetErp(config=config, validate_config=True)
    real = sys.stdout
    sys.stdout = stdout
    try:
        target.listen(io.StringIO("\n".join(json.dumps(m) for m in messages) + "\n"))
    finally:
        sys.stdout = real
    return [line for line in stdout.getvalue().splitlines() if line.strip()]


@pytest.mark.parametrize("on_error", ["fail", "skip"])
def test_a_purchase_whose_order_never_came_is_kept_before_the_state_passes(
    config, on_error
) -> None:
    """Getty answers 403/404 for some orders: their purchases are deferred, not bad records,
    whatever the error policy; the state waits until they are kept in rejects_path."""
    purchase = {
        "order_id": "8000001",
        "asset_id": "111",
        "asset_type": "image",
        "size_name": "large",
        "license_model": "royaltyfree",
        "date_purchased": "2026-10-01T10:00:00Z",
        "purchased_by": "jose.nunez",
    }
    config |= {
        "on_error": on_error,
        "rate_card": [{"product": "image", "agreement": "*", "size": "*", "unit_price": "99"}],
    }
    messages = [
        {
            "type": "SCHEMA",
            "stream": "purchased_assets",
            "key_properties": ["order_id", "asset_id"],
            "schema": {"type": "object", "properties": {k: {"type": "string"} for k in purchase}},
        },
        {"type": "RECORD", "stream": "purchased_assets", "record": purchase},
        {"type": "STATE", "value": {"purchases": 1}},
    ]
    rejects = Path(config["rejects_path"])
    real_write_state = SingerTarget._write_state_message
    kept_at_state: list[bool] = []

    def write_state(self, state):  # what singer-sdk actually writes out
        kept_at_state.append(rejects.exists())
        real_write_state(self, state)

    stdout = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SingerTarget, "_write_state_message", write_state)
        assert listen(config, messages, stdout) == ['{"purchases": 1}']
    (reject,) = [json.loads(x) for x in rejects.read_text().splitlines()]
    assert reject["deferred"] is True and reject["record"]["asset_id"] == "111"
    assert "order 8000001 not in the input" in reject["error"]
    assert kept_at_state == [True]  # held while the purchase waited; written once it was kept


def test_bad_record_fails_the_run_with_the_field_named(config, tmp_path) -> None:
    rows = [feed.row("1", "1:1", invoice_date="01/11/2026")]
    done = run_cli(config, tmp_path, singer_lines(rows, every=10))
    assert done.returncode != 0
    assert "invoice_date: '01/11/2026' is not a date YYYY-MM-DD" in done.stderr
    assert not done.stdout.strip()  # no state after a failed record


def test_tryton_through_target_erp(config, tmp_path) -> None:
    reason = tryton_server.available()
    if reason:
        pytest.skip(reason)
    rows = [r | {"invoice_number": "SNG-" + r["invoice_number"]} for r in feed.invoices(2)]
    with tryton_server.running(tmp_path) as server:
        config["output"] = server.output(tax="VAT 20%")
        config["tax"] = {"category": "S", "percent": "20"}
        for _ in range(2):  # the second run finds both bills and creates nothing
            done = run_cli(config, tmp_path, singer_lines(rows, every=3))
            assert done.returncode == 0, done.stderr[-2000:]
            assert server.password not in done.stderr + done.stdout
        from getty_erp.config import Settings
        from getty_erp.targets.tryton import TrytonTarget

        target = TrytonTarget(Settings.parse(config))
        for number in ("SNG-56000000", "SNG-56000001"):
            bill = target.fetch(number)
            assert len(bill["lines"]) == 3
        assert len(target.client.call("account.invoice", "search", [], 0, None, None)) == 2
