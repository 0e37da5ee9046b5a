"""Builds the dbt project on DuckDB (Airbyte layout, two incremental loads) and on PostgreSQL
(Singer and Airbyte layouts) from the session sandbox's account, once per test session and
concurrently."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from getty_sandbox.pytest_plugin import RunningSandbox

sys.path.insert(0, str(Path(__file__).parent))
from dbt_harness import (
    AS_OF,
    FIRST_LOAD_AT,
    NEW_DOWNLOADS,
    OVERLAP,
    PROJECT,
    SECOND_LOAD_AT,
    DbtProject,
    postgres_settings,
    tool_env,
)
from raw_tables import (
    SCHEMAS,
    RawTarget,
    account_records,
    asset_records,
    download_records,
)

AIRBYTE_PYTHON = Path(__file__).resolve().parents[2] / ".venvs" / "airbyte" / "bin" / "python"


def _require_schemas() -> None:
    if not SCHEMAS.is_dir():
        pytest.skip(f"the connector's stream schemas are missing at {SCHEMAS}")


def _duckdb_build(world: Any, folder: Path) -> DbtProject:
    """DuckDB, Airbyte layout: a first load without the newest downloads, a build, then a
    second load with the newest downloads (and an overlap), and a second build."""
    raw = RawTarget("duckdb", "main", "airbyte", duckdb_path=folder / "warehouse.duckdb")
    first = range(world.scale.downloads - NEW_DOWNLOADS)
    raw.write(account_records(world, downloads=first), FIRST_LOAD_AT)
    env = tool_env(GETTY_DUCKDB_PATH=str(folder / "warehouse.duckdb"), GETTY_DBT_SCHEMA="getty")
    project = DbtProject(
        "duckdb", env, folder / "target", {"as_of_date": AS_OF, "getty_loader": "airbyte"}
    )
    project.build()
    second = range(world.scale.downloads - NEW_DOWNLOADS - OVERLAP, world.scale.downloads)
    new_downloads = download_records(world, second)
    assets = asset_records(world, (d["id"] for d in new_downloads))
    raw.write({"downloads": new_downloads} | assets, SECOND_LOAD_AT, append=True)
    project.build("--exclude", "test_type:unit")  # the unit tests ran in the first build
    return project


def _postgres_build(
    world: Any, folder: Path, loader: str, raw_schema: str, model_schema: str, unit_tests: bool
) -> DbtProject:
    """PostgreSQL in MeltanoLabs target-postgres' (`singer`) or Airbyte's Postgres destination
    (`airbyte`: timestamptz, jsonb) layout: the whole account in one load, one build."""
    raw = RawTarget("postgres", raw_schema, loader, postgres=postgres_settings())
    raw.write(account_records(world), FIRST_LOAD_AT)
    env = tool_env(GETTY_DBT_SCHEMA=model_schema)
    project = DbtProject(
        "postgres",
        env,
        folder / "target",
        {"as_of_date": AS_OF, "getty_loader": loader, "getty_raw_schema": raw_schema},
    )
    project.build(*(() if unit_tests else ("--exclude", "test_type:unit")))
    return project


def _pyairbyte_build(folder: Path) -> tuple[DbtProject, dict[str, int]] | None:
    """The real loader: PyAirbyte fills its DuckDB cache from a tiny sandbox account (with
    the airbyte environment's python: PyAirbyte never lives in the dbt environment), then
    `dbt build` without the unit tests (they ignore the data). None without that env."""
    if not AIRBYTE_PYTHON.exists():
        return None
    cache = folder / "default_cache.duckdb"
    filled = subprocess.run(
        [str(AIRBYTE_PYTHON), str(Path(__file__).parent / "fill_pyairbyte_cache.py"), str(cache)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=folder,
        env=tool_env(),
    )
    if filled.returncode != 0:
        pytest.fail(
            f"PyAirbyte could not fill its cache:\n{filled.stdout[-3000:]}{filled.stderr[-3000:]}"
        )
    counts: dict[str, int] = json.loads(filled.stdout.strip().splitlines()[-1])
    env = tool_env(GETTY_DUCKDB_PATH=str(cache), GETTY_DBT_SCHEMA="getty")
    project = DbtProject("duckdb", env, folder / "target", {"as_of_date": AS_OF})
    project.build("--exclude", "test_type:unit")
    return project, counts


def _sqlfluff_lint() -> subprocess.CompletedProcess[str]:
    """sqlfluff with the committed transformations/.sqlfluff (jinja templater, no warehouse)."""
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "sqlfluff"),
            "lint",
            "models",
            "--format",
            "github-annotation-native",
        ],
        cwd=PROJECT,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _require_postgres() -> None:
    import psycopg2

    settings = postgres_settings()
    try:
        psycopg2.connect(**settings, connect_timeout=5).close()
    except psycopg2.OperationalError as error:
        pytest.fail(
            f"PostgreSQL is not reachable at {settings['host']}:{settings['port']} as "
            f"{settings['user']} ({error}); start it with `make services` "
            "(tools/services/10-postgres.sh)"
        )


@pytest.fixture(scope="session")
def builds(
    getty_sandbox: RunningSandbox, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Any]]]:
    """Every warehouse of the session, built concurrently, four at a time (a dbt process keeps
    about one CPU busy; PyAirbyte mostly waits for the sandbox): DuckDB (two incremental loads),
    a real PyAirbyte cache, PostgreSQL in the Singer and in the Airbyte layout; and sqlfluff.
    Unit tests run once per adapter (they do not read the raw layout)."""
    _require_schemas()
    _require_postgres()
    world = getty_sandbox.world
    suffix = uuid.uuid4().hex[:8]
    schemas = {
        loader: (f"dbt_test_raw_{loader}_{suffix}", f"dbt_test_{loader}_{suffix}")
        for loader in ("singer", "airbyte")
    }
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="dbt-build") as pool:
        futures = {
            "duckdb": pool.submit(_duckdb_build, world, tmp_path_factory.mktemp("dbt_duckdb")),
            "sqlfluff": pool.submit(_sqlfluff_lint),
            "pyairbyte": pool.submit(_pyairbyte_build, tmp_path_factory.mktemp("dbt_pyairbyte")),
        }
        for loader, (raw_schema, model_schema) in schemas.items():
            folder = tmp_path_factory.mktemp(f"dbt_postgres_{loader}")
            futures[loader] = pool.submit(
                _postgres_build,
                world,
                folder,
                loader,
                raw_schema,
                model_schema,
                unit_tests=loader == "singer",
            )
        yield futures
    import psycopg2

    with psycopg2.connect(**postgres_settings()) as conn, conn.cursor() as cur:
        for schema in (s for pair in schemas.values() for s in pair):
            cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(scope="session")
def duckdb_project(builds: dict[str, Future[Any]]) -> DbtProject:
    return builds["duckdb"].result()


@pytest.fixture(scope="session", params=["singer", "airbyte"])
def postgres_project(request: pytest.FixtureRequest, builds: dict[str, Future[Any]]) -> DbtProject:
    return builds[request.param].result()


@pytest.fixture(scope="session")
def pyairbyte_project(
    builds: dict[str, Future[Any]],
) -> tuple[DbtProject, dict[str, int]]:
    built = builds["pyairbyte"].result()
    if built is None:
        pytest.skip(f"the airbyte environment is not built ({AIRBYTE_PYTHON}): make envs")
    return built
