"""The Airbyte destination: spec, check, write with records and state, bad records, and a
direct Getty -> DAM connection (source-getty-images piped into destination-dam)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from airbyte_cdk.models import (
    AirbyteMessage,
    AirbyteRecordMessage,
    AirbyteStateMessage,
    AirbyteStateType,
    AirbyteStreamState,
    ConfiguredAirbyteCatalog,
    Status,
    StreamDescriptor,
    Type,
)
from destination_dam.destination import DestinationDam
from getty_dam import BadRecord

BIN = Path(sys.executable).parent
CATALOG = ConfiguredAirbyteCatalog(streams=[])


def record(stream: str, data: dict) -> AirbyteMessage:
    return AirbyteMessage(
        type=Type.RECORD, record=AirbyteRecordMessage(stream=stream, data=data, emitted_at=0)
    )


def state(stream: str, cursor: str) -> AirbyteMessage:
    return AirbyteMessage(
        type=Type.STATE,
        state=AirbyteStateMessage(
            type=AirbyteStateType.STREAM,
            stream=AirbyteStreamState(
                stream_descriptor=StreamDescriptor(name=stream), stream_state={"cursor": cursor}
            ),
        ),
    )


def test_spec_is_the_core_config_schema():
    spec = DestinationDam().spec(logger=None)
    properties = spec.connectionSpecification["properties"]
    assert spec.connectionSpecification["required"] == ["dam_type"]
    secrets = {name for name, p in properties.items() if p.get("airbyte_secret")}
    assert secrets == {
        "api_key",
        "api_secret",
        "newsroom_token",
        "access_key_id",
        "secret_access_key",
    }
    assert properties["dam_type"]["enum"] == [
        "folder",
        "newsroom",
        "resourcespace",
        "cloudinary",
        "bynder",
    ]


def test_check(tmp_path):
    ok = DestinationDam().check(None, {"dam_type": "folder", "path": str(tmp_path / "dam")})
    assert ok.status == Status.SUCCEEDED
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    bad = DestinationDam().check(None, {"dam_type": "folder", "path": str(blocker / "dam")})
    assert bad.status == Status.FAILED
    missing = DestinationDam().check(None, {"dam_type": "resourcespace"})
    assert missing.status == Status.FAILED and "api_url" in missing.message


def test_state_is_emitted_only_after_the_records_before_it_are_written(
    tmp_path, unicode_records, sandbox_records
):
    config = {"dam_type": "newsroom", "path": str(tmp_path), "batch_size": 1000}
    purchases = [r for s, r in sandbox_records if s == "purchased_assets"][:5]
    downloads = [r for s, r in sandbox_records if s == "downloads"][:5]
    messages = [
        *(record("purchased_assets", r) for r in purchases),
        record("downloads", downloads[0]),  # buffered for another stream
        state("purchased_assets", "p1"),
        *(record("downloads", r) for r in downloads[1:]),
        *(record(s, r) for s, r in unicode_records),
        state("downloads", "d1"),
    ]
    seen = []
    for out in DestinationDam().write(config, CATALOG, iter(messages)):
        assert out.type == Type.STATE
        written = {p.stem for p in tmp_path.glob("*.json")}
        seen.append((out.state.stream.stream_state["cursor"], written))
    first, second = seen
    assert first[0] == "p1" and second[0] == "d1"
    assert {r["asset_id"] for r in purchases} | {downloads[0]["id"]} <= first[1]
    assert {r["id"] for r in downloads} | {"901"} <= second[1]


def test_bad_records_fail_or_are_skipped_and_counted(tmp_path, caplog):
    messages = [
        record("images", {"id": "../../x", "title": "t"}),
        record("images", {"id": "7", "title": "t"}),
        state("images", "1"),
    ]
    config = {"dam_type": "folder", "path": str(tmp_path / "a"), "embed_metadata": False}
    with pytest.raises(BadRecord, match=r"images record \.\./\.\./x: field 'id'"):
        list(DestinationDam().write(config, CATALOG, iter(messages)))
    config = {**config, "path": str(tmp_path / "b"), "on_bad_record": "skip"}
    out = list(DestinationDam().write(config, CATALOG, iter(messages)))
    assert [m.type for m in out] == [Type.STATE]
    assert (tmp_path / "b" / "7.xmp").exists()
    assert "2 records, 1 asset writes, 1 bad records skipped" in caplog.text


SOURCE = BIN / "source-getty-images"
STREAMS = ("purchased_assets", "downloads", "orders", "images", "videos")


def test_direct_connection_source_piped_into_destination(tmp_path, getty_sandbox):
    """`source-getty-images read | destination-dam write`, run as Airbyte runs them: two
    processes joined by a pipe (tee keeps a copy of what crossed it for the assertions)."""
    if not shutil.which("exiftool"):
        pytest.skip("exiftool is not installed (envs/debian.txt)")
    if not SOURCE.exists():
        pytest.skip("source-getty-images is not installed in this environment (envs/airbyte.txt)")
    from source_getty_images.schemas import load_schema

    catalog = {
        "streams": [
            {
                "stream": {
                    "name": s,
                    "json_schema": load_schema(s),
                    "supported_sync_modes": ["full_refresh"],
                },
                "sync_mode": "full_refresh",
                "destination_sync_mode": "append",
            }
            for s in STREAMS
        ]
    }
    host = getty_sandbox.url.split("//")[1].split(":")[0]
    files = {
        "source.json": {**getty_sandbox.config(), "start_date": "2026-10-25", "company_wide": True},
        "catalog.json": catalog,
        "dam.json": {
            "dam_type": "folder",
            "path": str(tmp_path / "dam"),
            "fetch_renditions": ["thumb"],
            "allowed_hosts": [host],
        },
    }
    for name, content in files.items():
        (tmp_path / name).write_text(json.dumps(content))
    pipeline = (
        f"{SOURCE} read --config source.json --catalog catalog.json | tee source.jsonl"
        f" | {BIN / 'destination-dam'} write --config dam.json --catalog catalog.json"
    )
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", pipeline],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = (tmp_path / "source.jsonl").read_text().splitlines()
    messages = [json.loads(line) for line in lines if line.startswith("{")]
    records = [m["record"] for m in messages if m["type"] == "RECORD"]
    states_in = [m for m in messages if m["type"] == "STATE"]
    assert {r["stream"] for r in records} >= {"purchased_assets", "downloads", "images", "orders"}
    out = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [m["state"] for m in out if m["type"] == "STATE"] == [m["state"] for m in states_in]
    dam = tmp_path / "dam"
    ids = {r["data"].get("asset_id") or r["data"]["id"] for r in records if r["stream"] != "orders"}
    assert {p.stem for p in dam.glob("*.xmp")} == ids
    orders = {r["data"]["id"]: r["data"] for r in records if r["stream"] == "orders"}
    checked = 0
    for purchase in (r["data"] for r in records if r["stream"] == "purchased_assets"):
        order = orders.get(purchase["order_id"])
        packet = (dam / f"{purchase['asset_id']}.xmp").read_text("utf-8")
        if order:
            assert f"<plus:LicenseID>{purchase['order_id']}-{purchase['asset_id']}<" in packet
            if order["notes"]["purchase_order_number"]:
                assert order["notes"]["purchase_order_number"] in packet
                checked += 1
    assert checked, "the sample has a purchase whose order carries a PO number"
    images = {r["data"]["id"] for r in records if r["stream"] == "images"}
    images |= {
        r["data"].get("asset_id") or r["data"]["id"]
        for r in records
        if r["data"].get("asset_type") == "image"
    }  # also withdrawn ones: their thumb
    assert {p.stem for p in dam.glob("*.jpg")} == images
