"""Reads every stream of a tiny sandbox account with PyAirbyte into a DuckDB cache.

Run with the airbyte environment's python (PyAirbyte and the source live there, never in
the dbt environment): `python fill_pyairbyte_cache.py <db_path>`. Prints the record counts.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ["AIRBYTE_OFFLINE_MODE"] = "1"  # never ask the registry
os.environ.setdefault("DO_NOT_TRACK", "1")

import airbyte as ab
from getty_sandbox.pytest_plugin import start_sandbox


def main(db_path: str) -> None:
    sandbox = start_sandbox("tiny")
    try:
        config = sandbox.config(company_wide=True, requests_per_second=100)
        executable = Path(sys.executable).parent / "source-getty-images"
        source = ab.get_source(
            "source-getty-images", config=config, local_executable=str(executable)
        )
        source.select_all_streams()
        result = source.read(cache=ab.DuckDBCache(db_path=db_path, schema_name="main"))
        counts = {name: len(result[name].to_pandas()) for name in result.streams}
        print(json.dumps(counts))
    finally:
        sandbox.server.stop()


if __name__ == "__main__":
    main(sys.argv[1])
