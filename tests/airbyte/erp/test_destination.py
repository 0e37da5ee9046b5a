"""The Airbyte destination: write with records and state, held states, bad records, crashes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from airbyte_cdk.models import (
    AirbyteMessage,
    AirbyteRecordMessage,
    AirbyteStateBlob,
    AirbyteStateMessage,
    AirbyteStateType,
    AirbyteStreamState,
    ConfiguredAirbyteCatalog,
    Status,
    StreamDescriptor,
    Type,
)
from destination_erp import DestinationErp
from getty_erp.records import RecordError
from getty_erp.targets import files as files_target
from getty_erp.targets.files import FileTarget
from getty_erp.testing import feed

FEED = "procurement_invoice_lines"
CATALOG = ConfiguredAirbyteCatalog(streams=[])


def record(stream: str, data: dict[str, Any]) -> AirbyteMessage:
    return AirbyteMessage(
        type=Type.RECORD, record=AirbyteRecordMessage(stream=stream, data=data, emitted_at=0)
    )


def state(stream: str, cursor: int) -> AirbyteMessage:
    return AirbyteMessage(
        type=Type.STATE,
        state=AirbyteStateMessage(
            type=AirbyteStateType.STREAM,
            stream=AirbyteStreamState(
                stream_descriptor=StreamDescriptor(name=stream),
                stream_state=AirbyteStateBlob(cursor=cursor),
            ),
        ),
    )


def messages(invoices: int, per_state: int) -> list[AirbyteMessage]:
    rows = feed.invoices(invoices)
    out: list[AirbyteMessage] = []
    for i, row in enumerate(rows, 1):
        out.append(record(FEED, row))
        if i % per_state == 0:
            out.append(state(FEED, i))
    out.append(state(FEED, len(rows)))
    return out


def journal(config: dict[str, Any]) -> dict[str, Any]:
    folder = Path(config["output"]["directory"]) / "journal"
    return {p.name: json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))}


def test_spec_and_check(config, tmp_path) -> None:
    out = subprocess.run(
        [Path(sys.executable).with_name("destination-erp"), "spec"], capture_output=True, text=True
    )
    spec = json.loads(out.stdout.splitlines()[-1])["spec"]["connectionSpecification"]
    assert {"output", "buyer"} <= set(spec["required"])
    destination = DestinationErp()
    assert destination.check(None, config).status == Status.SUCCEEDED
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    bad = config | {"output": {"type": "files", "directory": str(blocked / "x")}}
    status = destination.check(None, bad)
    assert status.status == Status.FAILED and "output.directory" in status.message
    status = destination.check(None, config | {"tax": {"category": "S", "percent": "0"}})
    assert status.status == Status.FAILED and "tax.percent" in status.message


def test_write_commits_before_each_state(config, monkeypatch) -> None:
    """Every invoice with a line before a STATE is on disk, its folder fsynced, when that
    STATE comes out."""
    input_messages = messages(invoices=9, per_state=7)
    seen: set[str] = set()
    feed_in = iter(input_messages)
    durable: set[str] = set()  # invoices on disk when the journal folder was last fsynced
    real_fsync_folder = files_target.fsync_folder

    def fsync_folder(folder: str) -> None:
        real_fsync_folder(folder)
        if folder.endswith("journal"):
            durable.update(name.removesuffix(".json") for name in journal(config))

    monkeypatch.setattr(files_target, "fsync_folder", fsync_folder)

    def tracking():
        for m in feed_in:
            if m.type == Type.RECORD:
                seen.add(m.record.data["invoice_number"])
            yield m

    states = []
    for out in DestinationErp().write(config, CATALOG, tracking()):
        assert out.type == Type.STATE
        assert seen <= durable
        states.append(out.state.stream.stream_state.cursor)
    assert states == [7, 14, 21, 28, 35, 36]
    assert len(journal(config)) == 9


def test_state_waits_for_the_order_of_raw_purchases(config) -> None:
    purchase = {
        "order_id": "8000001",
        "asset_id": "111",
        "asset_type": "image",
        "size_name": "large",
        "license_model": "royaltyfree",
        "date_purchased": "2026-10-01T10:00:00Z",
        "purchased_by": "jose.nunez",
    }
    order = {
        "id": "8000001",
        "invoice_number": "56000013",
        "order_date": "2026-10-01T09:59:00Z",
        "notes": {"purchase_order_number": "PO-1", "project_title": "Newsroom daily"},
        "assets": [{"id": "111"}],
    }
    destination = DestinationErp()
    stream = iter(
        [
            record("purchased_assets", purchase),
            state("purchased_assets", 1),
            record("orders", order),
            state("orders", 1),
        ]
    )
    out = destination.write(config, CATALOG, stream)
    first = next(out)  # nothing is yielded until the order has come and the bill is written
    assert first.state.stream.stream_descriptor.name == "purchased_assets"
    assert list(journal(config)) == ["56000013.json"]
    assert next(out).state.stream.stream_descriptor.name == "orders"
    bill = journal(config)["56000013.json"]
    assert bill["lines"][0]["allocations"][0]["cost_centre"] == "EDIT"  # by project title
    assert bill["lines"][0]["amount"] == "175.00"


def test_bad_records_fail_by_default_and_are_kept_when_skipped(config, tmp_path) -> None:
    rows = feed.invoices(2)
    bad = dict(rows[0], invoice_number=None)
    unpriced = dict(
        rows[1], invoice_line_id="X", unit_price=None, size_name="huge", asset_type="video-4k"
    )
    stream = [record(FEED, r) for r in rows] + [
        record(FEED, bad),
        record(FEED, unpriced),
        state(FEED, 1),
    ]
    with pytest.raises(RecordError, match="invoice_number: missing"):
        list(DestinationErp().write(config, CATALOG, iter(stream)))

    rejects = tmp_path / "rejects.jsonl"
    config |= {"on_error": "skip", "rejects_path": str(rejects)}
    out = list(DestinationErp().write(config, CATALOG, iter(stream)))
    assert [m.type for m in out] == [Type.STATE]
    kept = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [k["record"]["invoice_line_id"] for k in kept] == [bad["invoice_line_id"], "X"]
    assert "invoice_number: missing" in kept[0]["error"]
    assert "product 'video-4k', agreement 'royaltyfree', size 'huge'" in kept[1]["error"]
    assert len(journal(config)) == 2


def test_crash_mid_load_then_rerun_gives_the_same_result(config, tmp_path, monkeypatch) -> None:
    input_messages = messages(invoices=10, per_state=5)
    clean = config | {"output": {"type": "files", "directory": str(tmp_path / "clean")}}
    list(DestinationErp().write(clean, CATALOG, iter(input_messages)))

    real_create = FileTarget.create
    calls = {"n": 0}

    def crash_on_sixth(self, invoice):
        calls["n"] += 1
        if calls["n"] == 6:
            raise ConnectionError("disk went away")
        real_create(self, invoice)

    monkeypatch.setattr(FileTarget, "create", crash_on_sixth)
    emitted = []
    with pytest.raises(ConnectionError):
        for m in DestinationErp().write(config, CATALOG, iter(input_messages)):
            emitted.append(m.state.stream.stream_state.cursor)
    assert emitted and emitted[-1] < 35  # the state after the crash never came out
    monkeypatch.setattr(FileTarget, "create", real_create)
    list(DestinationErp().write(config, CATALOG, iter(input_messages)))
    assert journal(config) == journal(clean)
    list(DestinationErp().write(config, CATALOG, iter(input_messages)))  # and once more
    assert journal(config) == journal(clean)
