"""The real loader: PyAirbyte fills its DuckDB cache from the sandbox, then `dbt build`."""

from __future__ import annotations

from dbt_harness import DbtProject, duckdb_query


def test_dbt_builds_on_a_pyairbyte_cache(
    pyairbyte_project: tuple[DbtProject, dict[str, int]],
) -> None:
    project, counts = pyairbyte_project
    assert counts["downloads"] > 0 and counts["images"] > 0
    (results,) = project.builds
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
