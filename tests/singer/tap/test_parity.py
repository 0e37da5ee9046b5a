"""Parity: the Singer tap and the Airbyte source, on the same sandbox and the same config.json,
emit the same records per stream (same keys, same values once dates are normalised).

The Airbyte source lives in its own environment (airbyte-cdk and singer-sdk cannot share
one), so it runs here as a subprocess: `.venvs/airbyte/bin/source-getty-images`.
"""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
AIRBYTE_SOURCE = ROOT / ".venvs" / "airbyte" / "bin" / "source-getty-images"
STREAMS = ("downloads", "purchased_assets", "orders", "images", "videos", "products", "boards")

pytestmark = pytest.mark.skipif(
    not AIRBYTE_SOURCE.exists(),
    reason=f"the Airbyte source command {AIRBYTE_SOURCE} is not built (make .venvs/airbyte/.built)",
)


def normalised(value: Any) -> Any:
    """Date-times as UTC instants in one format, a null field as an absent one (a
    destination cannot tell them apart); everything else as it is."""
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [normalised(v) for v in value]
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        return moment.astimezone(UTC).isoformat() if moment.tzinfo else moment.isoformat()
    return value


def as_set(records: list[dict[str, Any]]) -> set[str]:
    return {json.dumps(normalised(r), sort_keys=True) for r in records}


def airbyte_read(config: dict[str, Any], tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    config_file = tmp_path / "config.json"
    config_file.write_text(json.dumps(config))
    discovered = subprocess.run(
        [AIRBYTE_SOURCE, "discover", "--config", config_file],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    catalog = next(
        json.loads(line)["catalog"]
        for line in discovered.stdout.splitlines()
        if line.startswith("{") and json.loads(line).get("type") == "CATALOG"
    )
    configured = {
        "streams": [
            {"stream": stream, "sync_mode": "full_refresh", "destination_sync_mode": "overwrite"}
            for stream in catalog["streams"]
        ]
    }
    catalog_file = tmp_path / "catalog.json"
    catalog_file.write_text(json.dumps(configured))
    read = subprocess.run(
        [AIRBYTE_SOURCE, "read", "--config", config_file, "--catalog", catalog_file],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    records: dict[str, list[dict[str, Any]]] = {stream: [] for stream in STREAMS}
    for line in read.stdout.splitlines():
        if line.startswith("{"):
            message = json.loads(line)
            if message.get("type") == "RECORD":
                records[message["record"]["stream"]].append(message["record"]["data"])
    return records


def test_tap_and_airbyte_source_emit_the_same_records(
    getty_sandbox_factory: Any, run: Any, tmp_path: Path
) -> None:
    sandbox = getty_sandbox_factory(scale="tiny", seed=21)
    config = sandbox.config(company_wide=True, requests_per_second=50)
    airbyte = airbyte_read(config, tmp_path)
    tap = run(config)
    for stream in STREAMS:
        assert airbyte[stream], f"the Airbyte source emitted no {stream}"
        only_airbyte = as_set(airbyte[stream]) - as_set(tap.records[stream])
        only_tap = as_set(tap.records[stream]) - as_set(airbyte[stream])
        assert not only_airbyte and not only_tap, (
            f"{stream}: {len(only_airbyte)} records only from Airbyte, {len(only_tap)} only "
            f"from the tap; e.g. {sorted(only_airbyte)[:1]} vs {sorted(only_tap)[:1]}"
        )
