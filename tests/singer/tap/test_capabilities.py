"""The capabilities the tap advertises, each used for real: stream maps, schema flattening,
structured logging (as Meltano configures it), and state on a sync that finds nothing.
Batch messages are checked in test_checkpoints.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

from tap_getty_images.tap import TapGettyImages

TAP = Path(sys.executable).with_name("tap-getty-images")
# The logging config Meltano writes for a plugin with the `structured-logging` capability.
STRUCTURED_LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"singer_formatter": {"()": "singer_sdk.logging.StructuredFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "singer_formatter",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
}


def test_about_lists_every_capability_issue_4_asks_for() -> None:
    advertised = {str(c) for c in TapGettyImages.capabilities}
    assert advertised >= {
        "about",
        "discover",
        "catalog",
        "state",
        "stream-maps",
        "schema-flattening",
        "batch",
        "structured-logging",
    }


def test_version_is_the_packages() -> None:
    (distribution,) = metadata.packages_distributions()["tap_getty_images"]
    assert TapGettyImages.package_name == distribution
    done = subprocess.run([TAP, "--version"], capture_output=True, text=True, timeout=60)
    assert f"v{metadata.version(distribution)}," in done.stdout + done.stderr


def test_stream_maps_add_remove_and_alias(fast: dict[str, Any], run: Any) -> None:
    maps = {
        "downloads": {"download_year": "date_downloaded[:4]", "user": "__NULL__"},
        "boards": None,
        "products": {"__alias__": "getty_products"},
    }
    output = run(fast | {"stream_maps": maps}, streams=["downloads", "products", "boards"])
    downloads = output.records["downloads"]
    assert downloads
    assert all(r["download_year"] == r["date_downloaded"][:4] for r in downloads)
    assert all("user" not in r and r["downloaded_by"] for r in downloads)
    schemas = {m["stream"]: m["schema"] for m in output.messages if m["type"] == "SCHEMA"}
    assert "download_year" in schemas["downloads"]["properties"]
    assert "user" not in schemas["downloads"]["properties"]
    assert "boards" not in schemas and not output.records["boards"]
    assert output.records["getty_products"] and not output.records["products"]
    assert output.final_state["bookmarks"]["downloads"]["replication_key_value"]


def test_activate_version_only_for_whole_tables(fast: dict[str, Any], run: Any) -> None:
    """orders, images and videos hold what this sync met, not a whole table: a loader that
    honours ACTIVATE_VERSION would delete the rest."""
    output = run(fast | {"emit_activate_version_messages": True})
    activated = {m["stream"] for m in output.messages if m["type"] == "ACTIVATE_VERSION"}
    assert activated == {"products", "boards"}
    assert output.records["images"] and output.records["orders"]


def test_schema_flattening(fast: dict[str, Any], run: Any) -> None:
    config = fast | {"flattening_enabled": True, "flattening_max_depth": 1}
    output = run(config, streams=["downloads"])
    downloads = output.records["downloads"]
    assert downloads
    assert all("user" not in r and r["user__username"] == r["downloaded_by"] for r in downloads)
    schema = next(m["schema"] for m in output.messages if m["type"] == "SCHEMA")
    assert "user__username" in schema["properties"] and "user" not in schema["properties"]


def run_cli(config: dict[str, Any], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    config_file, logging_file = tmp_path / "config.json", tmp_path / "logging.json"
    config_file.write_text(json.dumps(config))
    logging_file.write_text(json.dumps(STRUCTURED_LOGGING))
    return subprocess.run(
        [TAP, "--config", config_file],
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ | {"SINGER_SDK_LOG_CONFIG": str(logging_file)},
    )


def test_structured_logging_as_meltano_configures_it(
    getty_sandbox_factory: Any, tmp_path: Path
) -> None:
    sandbox = getty_sandbox_factory(scale="tiny", seed=51)
    done = run_cli(sandbox.config(company_wide=True, requests_per_second=100), tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    logs = [json.loads(line) for line in done.stderr.splitlines()]  # every line is JSON
    skipped = [e for e in logs if e["message"].startswith("Skipped order")]
    assert skipped and {e["logger_name"] for e in skipped} == {"tap-getty-images.orders"}
    assert {e["level"].lower() for e in skipped} == {"warning"}
    assert sandbox.truth("images")["not_found"]  # this account has some (its videos: none)
    for kind in ("images", "videos"):  # ids Getty has no asset for are named, as warnings
        missing = {str(i) for i in sandbox.truth(kind)["not_found"]}
        reported = [e for e in logs if e["message"].startswith(f"Getty has no {kind[:-1]} ")]
        named = {
            i.strip()
            for e in reported
            for i in e["message"].split(" for ids ")[1].split(" (met in")[0].split(",")
        }
        assert named == missing and {e["level"].lower() for e in reported} <= {"warning"}
    metrics = {e["metric_info"]["metric"] for e in logs if e["message"] == "METRIC"}
    assert {"http_request_duration", "record_count"} <= metrics


def test_structured_logging_of_a_failure_names_the_fix_and_no_secret(
    getty_sandbox: Any, tmp_path: Path
) -> None:
    secret = "not-the-password-0815"
    config = getty_sandbox.config(
        credentials={"auth_type": "password", "username": "sandbox-user", "password": secret}
    )
    done = run_cli(config, tmp_path)
    assert done.returncode != 0
    assert secret not in done.stderr and config["api_secret"] not in done.stderr
    failure = json.loads(done.stderr.splitlines()[-1])
    assert failure["level"].lower() == "error"
    assert failure["exception"]["type"] == "CredentialsRejected"
    assert "credentials.username and credentials.password" in failure["message"]


def test_a_sync_that_finds_nothing_still_ends_with_its_state(
    fast: dict[str, Any], run: Any
) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    output = run(fast | {"start_date": tomorrow}, streams=["downloads", "purchased_assets"])
    assert not output.records
    assert output.messages[-1]["type"] == "STATE"
    assert set(output.final_state["bookmarks"]) >= {"downloads", "purchased_assets"}


def test_a_sync_from_a_state_that_finds_nothing_emits_that_state(
    fast: dict[str, Any], run: Any
) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    state = {
        "bookmarks": {
            "downloads": {"replication_key": "date_downloaded", "replication_key_value": now}
        }
    }
    output = run(fast | {"lookback_days": 0}, state=state, streams=["downloads"])
    assert not output.records
    # singer-sdk writes the state when the sync starts and never repeats an unchanged one.
    assert (
        output.states
        and output.final_state["bookmarks"]["downloads"] == (state["bookmarks"]["downloads"])
    )
