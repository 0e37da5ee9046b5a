"""Builds the dbt project on DuckDB (Airbyte layout, two incremental loads) and on PostgreSQL
(Singer layout) from the session sandbox's account, once per test session."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from getty_sandbox.pytest_plugin import RunningSandbox

sys.path.insert(0, str(Path(__file__).parent))
from dbt_harness import (
    AS_OF,
    FIRST_LOAD_AT,
    NEW_DOWNLOADS,
    OVERLAP,
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


def _require_schemas() -> None:
    if not SCHEMAS.is_dir():
        pytest.skip(f"the connector's stream schemas are missing at {SCHEMAS}")


@pytest.fixture(scope="session")
def duckdb_project(
    getty_sandbox: RunningSandbox, tmp_path_factory: pytest.TempPathFactory
) -> DbtProject:
    """DuckDB, Airbyte layout: a first load without the newest downloads, a build, then a
    second load with the newest downloads (and an overlap), and a second build."""
    _require_schemas()
    world = getty_sandbox.world
    folder = tmp_path_factory.mktemp("dbt_duckdb")
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
    project.build()
    return project


@pytest.fixture(scope="session", params=["singer", "airbyte"])
def postgres_project(
    request: pytest.FixtureRequest,
    getty_sandbox: RunningSandbox,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[DbtProject]:
    """PostgreSQL in MeltanoLabs target-postgres' layout, then in Airbyte's Postgres
    destination layout (timestamptz, jsonb): the whole account in one load, one build."""
    loader = request.param
    _require_schemas()
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
    suffix = uuid.uuid4().hex[:8]
    raw_schema, model_schema = f"dbt_test_raw_{suffix}", f"dbt_test_{suffix}"
    raw = RawTarget("postgres", raw_schema, loader, postgres=settings)
    raw.write(account_records(getty_sandbox.world), FIRST_LOAD_AT)
    folder = tmp_path_factory.mktemp("dbt_postgres")
    env = tool_env(GETTY_DBT_SCHEMA=model_schema)
    project = DbtProject(
        "postgres",
        env,
        folder / "target",
        {"as_of_date": AS_OF, "getty_loader": loader, "getty_raw_schema": raw_schema},
    )
    project.build()
    yield project
    with psycopg2.connect(**settings) as conn, conn.cursor() as cur:
        for schema in (raw_schema, model_schema):
            cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
