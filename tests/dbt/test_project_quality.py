"""Docs, lint and configuration errors of the dbt project."""

from __future__ import annotations

import json
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from dbt_harness import DbtProject, tool_env


def test_docs_generate_and_every_model_and_column_is_described(
    duckdb_project: DbtProject,
) -> None:
    duckdb_project.run("docs", "generate", "--no-compile")  # the build's manifest
    target = duckdb_project.target_path
    catalog = json.loads((target / "catalog.json").read_text())
    manifest = json.loads((target / "manifest.json").read_text())
    models = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] in ("model", "seed")}
    assert len(models) >= 29
    undescribed = [k for k, v in models.items() if not v["description"].strip()]
    assert undescribed == []
    for unique_id, node in models.items():
        built = {c.lower() for c in catalog["nodes"][unique_id]["columns"]}
        described = {c for c, v in node["columns"].items() if v["description"].strip()}
        assert built == described, unique_id


def test_feeds_enforce_their_column_contracts(duckdb_project: DbtProject) -> None:
    manifest = json.loads((duckdb_project.target_path / "manifest.json").read_text())
    feeds = {v["name"]: v for v in manifest["nodes"].values() if v["path"].startswith("feeds/")}
    assert set(feeds) == {"dam_assets", "newsroom_pictures", "procurement_invoice_lines"}
    for name, node in feeds.items():
        assert node["contract"]["enforced"], name
        assert all(c["data_type"] for c in node["columns"].values()), name


def test_sqlfluff_lint_is_clean(builds: dict[str, Future[Any]]) -> None:
    """Jinja templater with the committed transformations/.sqlfluff; linted while dbt builds."""
    result = builds["sqlfluff"].result()
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def test_an_unknown_loader_is_refused_with_the_fix(tmp_path: Path) -> None:
    """Refused while dbt parses the project, before it connects to any warehouse."""
    env = tool_env(GETTY_DUCKDB_PATH=str(tmp_path / "never_opened.duckdb"))
    project = DbtProject("duckdb", env, tmp_path / "target", {"getty_loader": "fivetran"})
    result = project.run("parse", check=False)
    assert result.returncode != 0
    assert "var 'getty_loader' is 'fivetran': set it to 'airbyte'" in result.stdout
    assert not (tmp_path / "never_opened.duckdb").exists()
