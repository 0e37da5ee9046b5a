"""`meltano run tap-getty-images target-postgres` against the sandbox and a real PostgreSQL
(tools/services/10-postgres.sh): every row lands, and a second run adds none. The plugins
are installed by `meltano install` from this repository's meltano.yml (conftest.py starts
it when the tests are collected)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
MELTANO = ROOT / ".venvs" / "meltano" / "bin" / "meltano"
PG = {
    "host": os.environ.get("GETTY_PG_HOST", "localhost"),
    "port": os.environ.get("GETTY_PG_PORT", "5432"),
    "user": os.environ.get("GETTY_PG_USER", "getty"),
    "password": os.environ.get("GETTY_PG_PASSWORD", "getty"),
    "database": os.environ.get("GETTY_PG_DATABASE", "getty_test"),
}
STREAMS = ("downloads", "purchased_assets", "orders", "images", "videos", "products", "boards")


def psql(sql: str) -> str:
    env = os.environ | {"PGPASSWORD": PG["password"]}
    done = subprocess.run(
        [
            "psql",
            "-X",
            "-At",
            "-h",
            PG["host"],
            "-p",
            PG["port"],
            "-U",
            PG["user"],
            "-d",
            PG["database"],
            "-c",
            sql,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    if done.returncode:
        raise RuntimeError(done.stderr)
    return done.stdout.strip()


def postgres_unavailable() -> str | None:
    if not MELTANO.exists():
        return f"{MELTANO} is not built (make .venvs/meltano/.built)"
    if shutil.which("psql") is None:
        return "psql is not installed (make services installs postgresql)"
    try:
        psql("select 1")
    except (RuntimeError, subprocess.TimeoutExpired) as err:
        return f"PostgreSQL at {PG['host']}:{PG['port']} is not reachable (make services): {err}"
    return None


@pytest.fixture(scope="module")
def schema() -> Any:
    if reason := postgres_unavailable():
        pytest.skip(reason)
    name = f"singer_tap_{uuid.uuid4().hex[:8]}"
    yield name
    psql(f"drop schema if exists {name} cascade")


def meltano(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [MELTANO, *args], cwd=ROOT, capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, f"meltano {' '.join(args)} failed:\n{done.stderr[-4000:]}"
    return done


def test_meltano_run_loads_every_row_into_postgres(
    getty_sandbox_factory: Any, schema: str, meltano_installed: None, truth: Any, tmp_path: Path
) -> None:
    sandbox = getty_sandbox_factory(scale="tiny", seed=31)
    config = sandbox.config(company_wide=True, requests_per_second=50)
    env = os.environ | {
        "MELTANO_DATABASE_URI": f"sqlite:///{tmp_path / 'meltano.db'}",  # this test's state
        "TAP_GETTY_IMAGES_API_KEY": config["api_key"],
        "TAP_GETTY_IMAGES_API_SECRET": config["api_secret"],
        "TAP_GETTY_IMAGES_CREDENTIALS_AUTH_TYPE": "password",
        "TAP_GETTY_IMAGES_CREDENTIALS_USERNAME": config["credentials"]["username"],
        "TAP_GETTY_IMAGES_CREDENTIALS_PASSWORD": config["credentials"]["password"],
        "TAP_GETTY_IMAGES_START_DATE": config["start_date"],
        "TAP_GETTY_IMAGES_COMPANY_WIDE": "true",
        "TAP_GETTY_IMAGES_REQUESTS_PER_SECOND": "50",
        "TAP_GETTY_IMAGES_API_BASE_URL": config["api_base_url"],
        "TAP_GETTY_IMAGES_AUTH_URL": config["auth_url"],
        "TARGET_POSTGRES_HOST": PG["host"],
        "TARGET_POSTGRES_PORT": PG["port"],
        "TARGET_POSTGRES_USER": PG["user"],
        "TARGET_POSTGRES_PASSWORD": PG["password"],
        "TARGET_POSTGRES_DATABASE": PG["database"],
        "TARGET_POSTGRES_DEFAULT_TARGET_SCHEMA": schema,
    }
    meltano(["run", "tap-getty-images", "target-postgres"], env)

    def rows(stream: str) -> int:
        return int(psql(f"select count(*) from {schema}.{stream}"))  # noqa: S608 - our names

    loaded = {stream: rows(stream) for stream in STREAMS}
    assert loaded == {stream: len(truth(sandbox, stream)) for stream in STREAMS}
    state = meltano(["state", "get", "dev:tap-getty-images-to-target-postgres"], env).stdout
    assert '"date_downloaded"' in state and '"date_purchased"' in state

    # Incremental: only the lookback is read again, and upserts by key add no row.
    meltano(["run", "tap-getty-images", "target-postgres"], env)
    assert {stream: rows(stream) for stream in STREAMS} == loaded
