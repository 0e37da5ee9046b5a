"""Write expected_records.jsonl: every record a full-refresh read of the sandbox account returns.

The account never changes (getty-sandbox `--scale tiny --seed 42 --now 2026-11-01T12:00:00Z`,
company-wide), so the file changes only when the connector's records do. Regenerate it, from
the repository root, after a change that is meant to change records:

    .venvs/airbyte/bin/python source-getty-images/integration_tests/record_expected.py

The sandbox listens on a free port; the URLs it puts in records (thumbnails, renditions) are
written with CANONICAL_URL in its place. tests/airbyte/source/test_acceptance_files.py runs
this module's account and compares its own read with the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from airbyte_cdk.models import AirbyteCatalog, SyncMode
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import discover, read
from getty_sandbox.pytest_plugin import FIXED_NOW, RunningSandbox, start_sandbox
from source_getty_images.components import forget_tokens
from source_getty_images.run import create_source

EXPECTED_RECORDS = Path(__file__).with_name("expected_records.jsonl")
SCALE, SEED, NOW = "tiny", 42, FIXED_NOW
CANONICAL_URL = "http://localhost:8765"
EMITTED_AT = int(NOW.timestamp() * 1000)


def start_account() -> RunningSandbox:
    return start_sandbox(SCALE, seed=SEED, now=NOW)


def config_for(sandbox: RunningSandbox) -> dict[str, Any]:
    return sandbox.config(company_wide=True, requests_per_second=100)


def discovered(config: Mapping[str, Any]) -> AirbyteCatalog:
    forget_tokens()
    output = discover(create_source(config, None, None), config)
    return output.catalog.catalog


def full_refresh_read(config: Mapping[str, Any], streams: Iterable[str]) -> list[tuple[str, Any]]:
    """(stream, data) of every record, as the platform's basic read gets them."""
    builder = CatalogBuilder()
    for name in streams:
        builder.with_stream(name, SyncMode.full_refresh)
    catalog = builder.build()
    forget_tokens()
    output = read(create_source(config, catalog, None), config, catalog)
    return [(m.record.stream, m.record.data) for m in output.records]


def canonical(data: Any, sandbox_url: str) -> Any:
    """The record as a sandbox at CANONICAL_URL returns it."""
    return json.loads(json.dumps(data).replace(sandbox_url, CANONICAL_URL))


def primary_keys(catalog: AirbyteCatalog) -> dict[str, list[str]]:
    return {s.name: [path[0] for path in s.source_defined_primary_key] for s in catalog.streams}


def key_of(data: Mapping[str, Any], fields: list[str]) -> tuple[str, ...]:
    return tuple(str(data[field]) for field in fields)


def main() -> None:
    sandbox = start_account()
    try:
        config = config_for(sandbox)
        catalog = discovered(config)
        keys = primary_keys(catalog)
        records = full_refresh_read(config, keys)
    finally:
        sandbox.server.stop()
    order = list(keys)
    records.sort(key=lambda r: (order.index(r[0]), key_of(r[1], keys[r[0]])))
    lines = [
        json.dumps(
            {"stream": stream, "data": canonical(data, sandbox.url), "emitted_at": EMITTED_AT},
            ensure_ascii=False,
            sort_keys=True,
        )
        for stream, data in records
    ]
    EXPECTED_RECORDS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = {name: sum(1 for s, _ in records if s == name) for name in order}
    print(f"wrote {len(lines)} records to {EXPECTED_RECORDS}: {counts}")


if __name__ == "__main__":
    main()
