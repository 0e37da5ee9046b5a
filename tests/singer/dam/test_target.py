"""target-dam: the singer-sdk standard target tests, and a Singer stream of Getty records
whose state is emitted only once the assets are written."""

from __future__ import annotations

import io
import json
import tempfile
from contextlib import redirect_stdout

from singer_sdk.testing import get_target_test_class
from target_dam.target import TargetDam

STANDARD_CONFIG = {
    "dam_type": "newsroom",
    "path": tempfile.mkdtemp(prefix="target-dam-standard-tests-"),
    # The standard suites send streams this target does not map: skip and count them.
    "on_bad_record": "skip",
}

TestTargetDamStandard = get_target_test_class(TargetDam, config=STANDARD_CONFIG)


def singer_lines(records, state_every: int) -> list[str]:
    """SCHEMA (every field the stream's records have, any type), RECORD and STATE lines."""
    fields: dict[str, set[str]] = {}
    for stream, record in records:
        fields.setdefault(stream, set()).update(record)
    lines, seen = [], set()
    for n, (stream, record) in enumerate(records, 1):
        if stream not in seen:
            seen.add(stream)
            schema = {"type": "object", "properties": {f: {} for f in sorted(fields[stream])}}
            lines.append(
                json.dumps(
                    {"type": "SCHEMA", "stream": stream, "key_properties": [], "schema": schema}
                )
            )
        lines.append(json.dumps({"type": "RECORD", "stream": stream, "record": record}))
        if n % state_every == 0:
            lines.append(json.dumps({"type": "STATE", "value": {"bookmark": n}}))
    return lines


def test_getty_streams_into_a_folder_dam(tmp_path, sandbox_records):
    config = {"dam_type": "folder", "path": str(tmp_path), "embed_metadata": False}
    lines = singer_lines(sandbox_records, state_every=10)
    out = io.StringIO()
    with redirect_stdout(out):
        TargetDam(config=config).listen(io.StringIO("\n".join(lines) + "\n"))
    # A Singer target writes each completed state's value as one JSON line.
    states = [json.loads(line) for line in out.getvalue().splitlines() if line]
    assert states[-1] == {"bookmark": len(sandbox_records) // 10 * 10}
    ids = {r.get("asset_id") or r["id"] for s, r in sandbox_records if s != "orders"}
    assert {p.stem for p in tmp_path.glob("*.xmp")} == ids
    purchase = next(r for s, r in sandbox_records if s == "purchased_assets")
    packet = (tmp_path / f"{purchase['asset_id']}.xmp").read_text("utf-8")
    assert "<plus:LicenseID>" in packet and "Getty Images" in packet


def test_same_files_as_the_core_fed_directly(tmp_path, sandbox_records):
    from getty_dam import DamConfig, DamLoader

    direct = DamLoader(
        DamConfig.from_mapping({"dam_type": "newsroom", "path": str(tmp_path / "core")})
    )
    for stream, record in sandbox_records:
        direct.add(stream, record)
    direct.close()
    with redirect_stdout(io.StringIO()):
        TargetDam(config={"dam_type": "newsroom", "path": str(tmp_path / "singer")}).listen(
            io.StringIO("\n".join(singer_lines(sandbox_records, 7)) + "\n")
        )
    for item in (tmp_path / "core").glob("*.json"):
        assert (tmp_path / "singer" / item.name).read_bytes() == item.read_bytes()
    assert len(list((tmp_path / "singer").glob("*.json"))) == direct.counts["assets_written"]


class StateWatcher(io.StringIO):
    """stdout that notes, at each STATE line the target writes, which sidecars exist."""

    def __init__(self, folder) -> None:
        super().__init__()
        self.folder, self.seen = folder, []

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line.strip():
                self.seen.append((json.loads(line), {p.stem for p in self.folder.glob("*.xmp")}))
        return super().write(text)


def test_each_state_follows_the_writes_of_every_record_before_it(tmp_path, sandbox_records):
    config = {"dam_type": "folder", "path": str(tmp_path), "embed_metadata": False}
    lines = singer_lines(sandbox_records, state_every=10)
    watcher = StateWatcher(tmp_path)
    with redirect_stdout(watcher):
        TargetDam(config=config).listen(io.StringIO("\n".join(lines) + "\n"))
    assert watcher.seen
    for value, written in watcher.seen:
        before = sandbox_records[: value["bookmark"]]
        assert {r.get("asset_id") or r["id"] for s, r in before if s != "orders"} <= written
