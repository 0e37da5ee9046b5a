"""The main job end to end on a tiny sandbox account: every stage runs in its own environment.

This is `make demo` at tiny scale: PyAirbyte reads the source into DuckDB, dbt builds every
model and test, and the feeds reach the DAM, newsroom and ERP destinations' real commands.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NEEDED = ("airbyte", "dbt")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    missing = [e for e in NEEDED if not (ROOT / ".venvs" / e / "bin" / "python").exists()]
    if missing:
        pytest.fail(f"environments {missing} are missing: run `make envs` (make test does)")
    out = tmp_path_factory.mktemp("demo")
    env = os.environ | {"GETTY_SANDBOX_SCALE": "tiny", "GETTY_OUTPUT_DIR": str(out)}
    for name in ("GETTY_API_KEY", "GETTY_API_SECRET"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "pipeline" / "run.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out, done.stdout


def test_every_stream_reaches_the_warehouse(demo):
    _, stdout = demo
    counts = dict(
        re.findall(r"(\w+) (\d+)", stdout.split("records per stream:")[1].splitlines()[0])
    )
    assert set(counts) == {
        "boards",
        "downloads",
        "images",
        "orders",
        "products",
        "purchased_assets",
        "videos",
    }
    assert int(counts["downloads"]) == 300  # the tiny account, company-wide, all history
    assert int(counts["purchased_assets"]) == 150


def test_dbt_builds_without_errors(demo):
    _, stdout = demo
    done = re.search(r"PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)", stdout)
    assert done, stdout[-2000:]
    passed, _, errors, skipped = map(int, done.groups())
    assert passed > 50 and errors == 0 and skipped == 0


def test_destinations_acknowledge_every_feed_and_write_files(demo):
    out, stdout = demo
    loads = [json.loads(line) for line in stdout.splitlines() if line.startswith('{"destination"')]
    assert {load["feed"] for load in loads} == {
        "dam_assets",
        "newsroom_pictures",
        "procurement_invoice_lines",
    }
    assert all(load["records_sent"] > 0 and load["states_acknowledged"] == 1 for load in loads)
    assert len(list((out / "dam").rglob("*.xmp"))) == next(
        load["records_sent"] for load in loads if load["feed"] == "dam_assets"
    )
    assert list((out / "newsroom").rglob("*.json"))
    assert list((out / "erp" / "ubl").glob("*.xml"))
