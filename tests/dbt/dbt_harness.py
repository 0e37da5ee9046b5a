"""Runs dbt against a warehouse in tests and benchmarks, and queries the results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from getty_sandbox.pytest_plugin import FIXED_NOW

PROJECT = Path(__file__).resolve().parents[2] / "transformations"
DBT = Path(sys.executable).parent / "dbt"
AS_OF = FIXED_NOW.date().isoformat()
FIRST_LOAD_AT = datetime(2026, 11, 1, 13, tzinfo=UTC)
SECOND_LOAD_AT = datetime(2026, 11, 2, 13, tzinfo=UTC)
NEW_DOWNLOADS = 40  # downloads that only the second load brings
OVERLAP = 10  # downloads both loads bring (a connector's lookback window)


def tool_env(**variables: str) -> dict[str, str]:
    """The environment for dbt, sqlfluff and PyAirbyte subprocesses: ours plus `variables`,
    letting Python cache bytecode (each dbt process imports over a thousand modules)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | variables


def postgres_settings() -> dict[str, Any]:
    """The test server, as tools/services/10-postgres.sh creates it (same env vars)."""
    return {
        "host": os.environ.get("GETTY_PG_HOST", "localhost"),
        "port": int(os.environ.get("GETTY_PG_PORT", "5432")),
        "user": os.environ.get("GETTY_PG_USER", "getty"),
        "password": os.environ.get("GETTY_PG_PASSWORD", "getty"),
        "dbname": os.environ.get("GETTY_PG_DATABASE", "getty_test"),
    }


@dataclass
class DbtProject:
    """One warehouse the project was built into, and how to run dbt against it."""

    target: str
    env: dict[str, str]
    target_path: Path
    vars: dict[str, Any]
    builds: list[dict[str, Any]] = field(default_factory=list)  # run_results of each build

    def run(
        self, *args: str, check: bool = True, **extra_vars: Any
    ) -> subprocess.CompletedProcess[str]:
        command = [
            str(DBT),
            *args,
            "--project-dir",
            str(PROJECT),
            "--profiles-dir",
            str(PROJECT),
            "--target",
            self.target,
            "--target-path",
            str(self.target_path),
            "--log-path",
            str(self.target_path / "logs"),
            "--vars",
            json.dumps(self.vars | extra_vars),
        ]
        result = subprocess.run(
            command, env=self.env, capture_output=True, text=True, timeout=600, check=False
        )
        if check and result.returncode != 0:
            pytest.fail(
                f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}{result.stderr[-2000:]}"
            )
        return result

    def build(self, *args: str) -> dict[str, Any]:
        self.run("build", *args)
        results: dict[str, Any] = json.loads((self.target_path / "run_results.json").read_text())
        self.builds.append(results)
        return results


def duckdb_query(project: DbtProject, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    import duckdb

    with duckdb.connect(project.env["GETTY_DUCKDB_PATH"], read_only=True) as db:
        return db.execute(sql, list(params)).fetchall()


def postgres_query(project: DbtProject, sql: str) -> list[tuple[Any, ...]]:
    import psycopg2

    with psycopg2.connect(**postgres_settings()) as conn, conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()
