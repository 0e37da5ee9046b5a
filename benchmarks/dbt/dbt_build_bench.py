"""`dbt build` time on DuckDB for the 100,000- and 1,000,000-download sandbox accounts.

For each account: raw tables in PyAirbyte's DuckDB layout without the newest 1% of the
downloads, a full `dbt build` (every model, seed and test), then a small incremental load
(the held-back downloads and their assets' metadata) and a second, incremental `dbt build`.
Prints one table; the ratio is incremental / full, measured in the same run.

    .venvs/dbt/bin/python benchmarks/dbt/dbt_build_bench.py [--accounts bench,huge]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "dbt"))

from dbt_harness import (  # noqa: E402
    AS_OF,
    FIRST_LOAD_AT,
    SECOND_LOAD_AT,
    DbtProject,
    duckdb_query,
    tool_env,
)
from getty_sandbox.pytest_plugin import FIXED_NOW  # noqa: E402
from getty_sandbox.world import SCALES, World  # noqa: E402
from raw_tables import RawTarget, account_records, asset_records, download_records  # noqa: E402

HELD_BACK_SHARE = 0.01


def bench(account: str, folder: Path) -> dict[str, float | int | str]:
    world = World(seed=42, scale=SCALES[account], now=FIXED_NOW)
    n = world.scale.downloads
    held_back = max(1, int(n * HELD_BACK_SHARE))
    db_path = folder / f"{account}.duckdb"
    raw = RawTarget("duckdb", "main", "airbyte", duckdb_path=db_path)
    started = time.perf_counter()
    raw.write(account_records(world, downloads=range(n - held_back)), FIRST_LOAD_AT)
    load_s = time.perf_counter() - started

    env = tool_env(GETTY_DUCKDB_PATH=str(db_path), GETTY_DBT_SCHEMA="getty")
    project = DbtProject("duckdb", env, folder / f"target_{account}", {"as_of_date": AS_OF})
    project.run("parse")  # both builds then start from the same parsed project
    started = time.perf_counter()
    project.build()
    full_s = time.perf_counter() - started

    new = download_records(world, range(n - held_back, n))
    raw.write(
        {"downloads": new} | asset_records(world, (d["id"] for d in new)),
        SECOND_LOAD_AT,
        append=True,
    )
    started = time.perf_counter()
    results = project.build()
    incremental_s = time.perf_counter() - started
    touched = duckdb_query(
        project,
        "select count(*) from getty.stg_getty__downloads where dbt_invocation_id = ?",
        results["metadata"]["invocation_id"],
    )[0][0]
    return {
        "account": account,
        "downloads": n,
        "load_s": load_s,
        "full_s": full_s,
        "new": held_back,
        "touched": touched,
        "incremental_s": incremental_s,
        "ratio": incremental_s / full_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--accounts",
        default="bench,huge",
        help="sandbox scales to build (comma-separated): tiny, small, bench, huge",
    )
    accounts = parser.parse_args().accounts.split(",")
    rows = []
    with tempfile.TemporaryDirectory(prefix="dbt_bench_") as tmp:
        for account in accounts:
            rows.append(bench(account, Path(tmp)))
            print(f"  {account}: done at {datetime.now(UTC):%H:%M:%S}", file=sys.stderr)
    header = (
        f"{'account':<8} {'downloads':>10} {'raw load s':>10} {'full build s':>12} "
        f"{'new rows':>8} {'rows touched':>12} {'incr. build s':>13} {'incr/full':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['account']:<8} {r['downloads']:>10,} {r['load_s']:>10.1f} {r['full_s']:>12.1f} "
            f"{r['new']:>8,} {r['touched']:>12,} {r['incremental_s']:>13.1f} "
            f"{r['ratio']:>9.2f}"
        )


if __name__ == "__main__":
    main()
