"""Checkpoints: every STATE the tap writes is safe to resume from. The records before it, plus
a sync started from it, hold everything, the orders, images and videos included; in batch
mode no STATE gets ahead of the BATCH files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from tap_getty_images.client import GettyStream
from tap_getty_images.windows import parse_instant

HISTORY = ["downloads", "purchased_assets", "orders", "images", "videos"]
ASSET_STREAM = {"image": "images", "video": "videos"}
KEY_DATES = {"downloads": "date_downloaded", "purchased_assets": "date_purchased"}


@pytest.fixture
def frequent_checkpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checkpoints every 150 records (not 10,000) so a small account has many of them, most
    forced before the details of their ids could fill calls of 100."""
    monkeypatch.setattr(GettyStream, "STATE_MSG_FREQUENCY", 150)


def unsettled_at_each_state(messages: list[dict[str, Any]], sandbox: Any) -> list[str]:
    """For every STATE: the ids its bookmarks cover whose details were not emitted before it
    (Getty's forbidden and unknown ones excepted)."""
    unserved = {
        "orders": {
            str(i) for key in ("forbidden", "not_found") for i in sandbox.truth("orders")[key]
        },
        "images": {str(i) for i in sandbox.truth("images")["not_found"]},
        "videos": {str(i) for i in sandbox.truth("videos")["not_found"]},
    }
    emitted: dict[str, set[str]] = {name: set() for name in unserved}
    needs: list[tuple[str, Any, str, str]] = []  # (parent, date, dependent, id)
    problems = []
    for message in messages:
        if message["type"] == "RECORD":
            stream, record = message["stream"], message["record"]
            if stream in emitted:
                emitted[stream].add(str(record["id"]))
            elif stream == "downloads":
                dependent = ASSET_STREAM.get(record["asset_type"])
                if dependent:
                    needs.append((stream, record["date_downloaded"], dependent, record["id"]))
            elif stream == "purchased_assets":
                date = record["date_purchased"]
                needs.append((stream, date, "orders", str(record["order_id"])))
                dependent = ASSET_STREAM.get(record["asset_type"])
                if dependent:
                    needs.append((stream, date, dependent, record["asset_id"]))
        elif message["type"] == "STATE":
            bookmarks = message["value"].get("bookmarks", {})
            for parent, date, dependent, item in needs:
                bookmark = bookmarks.get(parent, {}).get("replication_key_value")
                if (
                    bookmark
                    and parse_instant(date) <= parse_instant(bookmark)
                    and item not in emitted[dependent] | unserved[dependent]
                ):
                    problems.append(f"{parent} {date} <= {bookmark}: {dependent} {item}")
    return problems


def test_every_state_covers_the_details_of_what_its_bookmarks_cover(
    getty_sandbox: Any, fast: dict[str, Any], run: Any, frequent_checkpoints: None
) -> None:
    output = run(fast, streams=HISTORY)
    marks = {
        stream: [s["bookmarks"].get(stream, {}).get("replication_key_value") for s in output.states]
        for stream in ("downloads", "purchased_assets")
    }
    for stream, values in marks.items():
        moved = [v for v in dict.fromkeys(values) if v]
        assert len(moved) > 4, f"{stream}: too few checkpoints to test ({len(moved)})"
        assert moved == sorted(moved, key=parse_instant), f"{stream}: a bookmark moved back"
    assert unsettled_at_each_state(output.messages, getty_sandbox) == []


def test_a_sync_stopped_after_any_state_resumes_with_nothing_missing(
    getty_sandbox_factory: Any, run: Any, truth: Any, output_of: Any, frequent_checkpoints: None
) -> None:
    sandbox = getty_sandbox_factory(scale="tiny", seed=41)
    config = sandbox.config(company_wide=True, requests_per_second=100)
    first = run(config, streams=HISTORY)
    states = [i for i, m in enumerate(first.messages) if m["type"] == "STATE"]
    assert len(states) > 6
    # Stopped just after an early, a middle and a late checkpoint (the last one included).
    for stop in (states[1], states[len(states) // 2], states[-2]):
        before = output_of(first.messages[: stop + 1])
        resumed = run(config, state=before.final_state, streams=HISTORY)
        for stream in HISTORY:
            got = set(before.keys(stream)) | set(resumed.keys(stream))
            assert sorted(got) == truth(sandbox, stream), (stream, stop)


def unbatched(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The messages in order, each BATCH replaced by the RECORD messages of its files."""
    flat: list[dict[str, Any]] = []
    for message in messages:
        if message["type"] != "BATCH":
            flat.append(message)
            continue
        for url in message["manifest"]:
            with gzip.open(Path(urlparse(url).path), "rt") as lines:
                flat.extend(
                    {"type": "RECORD", "stream": message["stream"], "record": json.loads(line)}
                    for line in lines
                )
    return flat


def test_batch_messages_carry_every_record_before_the_state_that_covers_them(
    getty_sandbox_factory: Any, run: Any, truth: Any, output_of: Any, tmp_path: Path
) -> None:
    sandbox = getty_sandbox_factory(scale="tiny", seed=42)
    config = sandbox.config(company_wide=True, requests_per_second=100) | {
        "batch_config": {
            "encoding": {"format": "jsonl", "compression": "gzip"},
            "storage": {"root": f"file://{tmp_path}", "prefix": "getty-"},
            "batch_size": 40,
        }
    }
    output = run(config, streams=HISTORY)
    assert not output.records, "records went out as RECORD messages, not in batch files"
    assert {m["stream"] for m in output.messages if m["type"] == "BATCH"} == set(HISTORY)
    messages = unbatched(output.messages)
    replayed = output_of(messages)
    for stream in HISTORY:
        assert sorted(replayed.keys(stream)) == truth(sandbox, stream), stream
        assert replayed.duplicates(stream) == []
    assert unsettled_at_each_state(messages, sandbox) == []
    # No STATE covers a download or purchase that is not in an earlier BATCH file.
    keys = {
        "downloads": ("id", "date_downloaded", "downloaded_by"),
        "purchased_assets": ("order_id", "asset_id", "date_purchased"),
    }
    expected = {stream: truth(sandbox, stream) for stream in keys}
    seen: dict[str, set[tuple[Any, ...]]] = {stream: set() for stream in keys}
    for message in messages:
        if message["type"] == "RECORD" and message["stream"] in keys:
            record = message["record"]
            seen[message["stream"]].add(tuple(record[k] for k in keys[message["stream"]]))
        elif message["type"] == "STATE":
            for stream, names in keys.items():
                mark = message["value"]["bookmarks"].get(stream, {}).get("replication_key_value")
                date = names.index(KEY_DATES[stream])
                covered = {
                    key
                    for key in expected[stream]
                    if mark and parse_instant(key[date]) <= parse_instant(mark)
                }
                assert covered <= seen[stream], (stream, mark, len(covered - seen[stream]))
