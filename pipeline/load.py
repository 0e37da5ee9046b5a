"""Load: the dbt feeds from the warehouse into the DAM, newsroom and ERP destinations.

Runs in the airbyte environment: `python load.py <warehouse.duckdb> <output dir> <sandbox url>`.
Each feed goes to a destination's real `write` command as Airbyte messages (records, then a
state); prints one JSON line per destination with what it acknowledged.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
STANDARDS = ROOT.parent / "shared" / "standards"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def feed_rows(warehouse: str, feed: str) -> list[dict[str, Any]]:
    with duckdb.connect(warehouse, read_only=True) as db:
        cursor = db.execute(f'select * from getty."{feed}"')  # noqa: S608 - fixed feed names
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def write(
    command: str, config: dict[str, Any], feed: str, rows: list[dict[str, Any]], workdir: Path
) -> dict[str, Any]:
    """Send `rows` as the stream `feed` through `<command> write`; return what came back."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "config.json").write_text(json.dumps(config))
    catalog = {
        "streams": [
            {
                "stream": {
                    "name": feed,
                    "json_schema": {"type": "object"},
                    "supported_sync_modes": ["full_refresh", "incremental"],
                },
                "sync_mode": "full_refresh",
                "destination_sync_mode": "append",
            }
        ]
    }
    (workdir / "catalog.json").write_text(json.dumps(catalog))
    now = int(datetime.now().timestamp() * 1000)
    lines = [
        json.dumps(
            {"type": "RECORD", "record": {"stream": feed, "data": row, "emitted_at": now}},
            default=_plain,
        )
        for row in rows
    ]
    lines.append(
        json.dumps(
            {
                "type": "STATE",
                "state": {
                    "type": "STREAM",
                    "stream": {
                        "stream_descriptor": {"name": feed},
                        "stream_state": {"rows": len(rows)},
                    },
                },
            }
        )
    )
    done = subprocess.run(
        [
            str(BIN / command),
            "write",
            "--config",
            str(workdir / "config.json"),
            "--catalog",
            str(workdir / "catalog.json"),
        ],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"{command} failed on {feed}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    states = [m for m in map(json.loads, done.stdout.splitlines()) if m.get("type") == "STATE"]
    return {
        "destination": command,
        "feed": feed,
        "records_sent": len(rows),
        "states_acknowledged": len(states),
    }


def main(warehouse: str, output: str, sandbox_url: str) -> None:
    out = Path(output)
    host = urlsplit(sandbox_url).hostname or "127.0.0.1"
    dam = {
        "dam_type": "folder",
        "path": str(out / "dam"),
        "embed_metadata": True,
        "fetch_renditions": ["comp", "thumb"],
        "allowed_hosts": [host],
        "on_bad_record": "fail",
    }
    newsroom = {
        "dam_type": "newsroom",
        "path": str(out / "newsroom"),
        "ninjs_version": "3.1",
        "fetch_renditions": [],
        "on_bad_record": "fail",
    }
    erp: dict[str, Any] = {
        "output": {"type": "files", "directory": str(out / "erp")},
        "buyer": {
            "name": "Northwind Media Group",
            "country": "DE",
            "vat_id": "DE123456789",
            "street": "Hafenstraße 1",
            "city": "Hamburg",
            "postal_code": "20457",
        },
        # Demo parties: replace with your company's and Getty's details from your invoices.
        "supplier": {
            "name": "Getty Images International U.C.",
            "country": "IE",
            "vat_id": "IE1234567T",
            "city": "Dublin",
            "street": "Demo Street 1",
            "postal_code": "D02 X285",
        },
        "tax": {"category": "AE", "percent": "0", "exemption_reason": "Reverse charge"},
        "on_error": "skip",
        "rejects_path": str(out / "erp" / "rejects.jsonl"),
    }
    if STANDARDS.exists():
        erp |= {"validate_ubl": True, "standards_dir": str(STANDARDS)}
    jobs = [
        ("destination-dam", dam, "dam_assets"),
        ("destination-dam", newsroom, "newsroom_pictures"),
        ("destination-erp", erp, "procurement_invoice_lines"),
    ]
    for command, config, feed in jobs:
        rows = feed_rows(warehouse, feed)
        print(json.dumps(write(command, config, feed, rows, out / "work" / feed)), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
