"""PyAirbyte reads the source into its DuckDB cache, offline, twice (the second incrementally)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["AIRBYTE_OFFLINE_MODE"] = "1"  # never ask the registry
os.environ.setdefault("DO_NOT_TRACK", "1")

ab = pytest.importorskip("airbyte", reason="PyAirbyte is installed by envs/airbyte.txt")


MANIFEST = (
    Path(__file__).resolve().parents[3]
    / "source-getty-images"
    / "source_getty_images"
    / "manifest.yaml"
)


@pytest.mark.parametrize("how", ["manifest", "command"])
def test_pyairbyte_fills_duckdb(getty_sandbox_factory, tmp_path, how, monkeypatch):
    # PyAirbyte injects components.py (found beside the manifest); the CDK runs it only then.
    monkeypatch.setenv("AIRBYTE_ENABLE_UNSAFE_CODE", "true")
    sandbox = getty_sandbox_factory(scale="tiny")
    config = sandbox.config(company_wide=True, requests_per_second=100)
    if how == "manifest":
        source = ab.get_source("source-getty-images", config=config, source_manifest=MANIFEST)
    else:
        executable = Path(os.sys.executable).parent / "source-getty-images"
        source = ab.get_source(
            "source-getty-images", config=config, local_executable=str(executable)
        )
    source.select_streams(["downloads", "purchased_assets", "products"])
    cache = ab.DuckDBCache(db_path=tmp_path / "getty.duckdb", schema_name="getty_images")
    first = source.read(cache=cache)
    downloads = first["downloads"].to_pandas()
    assert len(downloads) == sandbox.truth("downloads")["count"]
    assert downloads[["id", "date_downloaded", "downloaded_by"]].duplicated().sum() == 0
    products = first["products"].to_pandas()
    assert sorted(products["id"]) == sorted(sandbox.truth("products")["keys"])
    if how == "manifest":
        # PyAirbyte 0.71.3 builds the in-process manifest source without the saved state:
        # README, "Incremental syncs in PyAirbyte".
        return
    calls_before = sandbox.stats()["by_route"]["GET /v3/downloads"]
    second = source.read(cache=cache)
    calls_again = sandbox.stats()["by_route"]["GET /v3/downloads"] - calls_before
    assert second.processed_records < first.processed_records
    assert calls_again < calls_before
