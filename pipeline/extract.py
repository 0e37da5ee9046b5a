"""Extract: every stream of the Getty source into a DuckDB warehouse, with PyAirbyte.

Runs in the airbyte environment: `python extract.py <config.json> <warehouse.duckdb>`.
PyAirbyte keeps the sync state in the warehouse, so a second run is incremental.
Prints one JSON line: records per stream.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ["AIRBYTE_OFFLINE_MODE"] = "1"  # never ask Airbyte's registry
os.environ.setdefault("DO_NOT_TRACK", "1")

import airbyte as ab


def main(config_path: str, warehouse: str) -> None:
    config = json.loads(Path(config_path).read_text())
    executable = Path(sys.executable).parent / "source-getty-images"
    source = ab.get_source("source-getty-images", config=config, local_executable=str(executable))
    source.check()
    source.select_all_streams()
    result = source.read(cache=ab.DuckDBCache(db_path=warehouse, schema_name="main"))
    print(json.dumps({name: len(result[name]) for name in sorted(result.streams)}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
