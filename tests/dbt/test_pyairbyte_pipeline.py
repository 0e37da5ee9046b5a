"""The real loader: PyAirbyte fills its DuckDB cache from the sandbox, then `dbt build`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from dbt_harness import AS_OF, DbtProject, duckdb_query, tool_env

REPO = Path(__file__).resolve().parents[2]
AIRBYTE_PYTHON = REPO / ".venvs" / "airbyte" / "bin" / "python"


def test_dbt_builds_on_a_pyairbyte_cache(tmp_path: Path) -> None:
    if not AIRBYTE_PYTHON.exists():
        pytest.skip(f"the airbyte environment is not built ({AIRBYTE_PYTHON}): make envs")
    cache = tmp_path / "default_cache.duckdb"
    filled = subprocess.run(
        [str(AIRBYTE_PYTHON), str(Path(__file__).parent / "fill_pyairbyte_cache.py"), str(cache)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=tmp_path,
        env=tool_env(),
    )
    assert filled.returncode == 0, filled.stdout[-3000:] + filled.stderr[-3000:]
    counts = json.loads(filled.stdout.strip().splitlines()[-1])
    assert counts["downloads"] > 0 and counts["images"] > 0

    env = tool_env(GETTY_DUCKDB_PATH=str(cache), GETTY_DBT_SCHEMA="getty")
    project = DbtProject("duckdb", env, tmp_path / "target", {"as_of_date": AS_OF})
    results = project.build("--exclude", "test_type:unit")  # unit tests ignore the data
    failures = [
        r["unique_id"] for r in results["results"] if r["status"] not in ("success", "pass")
    ]
    assert failures == []
    staged = duckdb_query(
        project,
        "select (select count(*) from getty.stg_getty__downloads), "
        "(select count(*) from getty.stg_getty__products), "
        "(select count(*) from getty.license_register where license_status <> 'asset withdrawn')",
    )[0]
    assert staged[:2] == (counts["downloads"], counts["products"])
    assert staged[2] == counts["images"] + counts["videos"]
