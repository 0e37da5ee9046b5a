"""Helpers for the tap's tests: run the tap in-process and read back its Singer messages."""

from __future__ import annotations

import io
import json
import subprocess
import tempfile
from collections import Counter, defaultdict
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest
from tap_getty_images.tap import TapGettyImages

ROOT = Path(__file__).resolve().parents[3]
MELTANO = ROOT / ".venvs" / "meltano" / "bin" / "meltano"
MELTANO_INSTALL = pytest.StashKey[tuple[subprocess.Popen[bytes], IO[bytes]]]()

KEYS = {
    "downloads": ("id", "date_downloaded", "downloaded_by"),
    "purchased_assets": ("order_id", "asset_id", "date_purchased"),
}


def record_key(stream: str, record: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(record[k] for k in KEYS.get(stream, ("id",)))


@dataclass
class TapOutput:
    messages: list[dict[str, Any]]
    logs: str
    records: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    states: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for message in self.messages:
            if message["type"] == "RECORD":
                self.records[message["stream"]].append(message["record"])
            elif message["type"] == "STATE":
                self.states.append(message["value"])

    @property
    def final_state(self) -> dict[str, Any]:
        return self.states[-1]

    def keys(self, stream: str) -> list[tuple[Any, ...]]:
        return [record_key(stream, r) for r in self.records[stream]]

    def duplicates(self, stream: str) -> list[tuple[Any, ...]]:
        return [k for k, n in Counter(self.keys(stream)).items() if n > 1]


def run_tap(
    config: dict[str, Any], state: dict[str, Any] | None = None, streams: list[str] | None = None
) -> TapOutput:
    """A full sync in this process; `streams` selects a subset (the others deselected)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        tap = TapGettyImages(config=config, state=state or {}, parse_env_config=False)
        if streams is not None:
            for name, stream in tap.streams.items():
                stream.selected = name in streams
        tap.sync_all()
    messages = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    return TapOutput(messages, err.getvalue())


def truth_keys(sandbox: Any, stream: str, **params: Any) -> list[tuple[Any, ...]]:
    return [
        tuple(k) if isinstance(k, list) else (k,) for k in sandbox.truth(stream, **params)["keys"]
    ]


@pytest.fixture
def fast(getty_sandbox: Any) -> dict[str, Any]:
    """The session sandbox's config, company-wide, unpaced (the sandbox has no QPS limit)."""
    getty_sandbox.set_faults()
    return getty_sandbox.config(company_wide=True, requests_per_second=100)


@pytest.fixture(scope="session")
def run() -> Any:
    """`run(config, state=None, streams=None)`: a sync in this process, parsed."""
    return run_tap


@pytest.fixture(scope="session")
def output_of() -> Any:
    """`output_of(messages)`: Singer messages (e.g. part of a run's) parsed like a run's."""
    return lambda messages: TapOutput(messages, "")


@pytest.fixture(scope="session")
def truth() -> Any:
    """`truth(sandbox, stream, **window)`: the keys a complete sync must return."""
    return truth_keys


def pytest_collection_finish(session: pytest.Session) -> None:
    """`meltano install` (most of a minute on a clean clone) starts as soon as the Meltano
    test is collected, and runs while the other tests do."""
    if MELTANO.exists() and any(item.path.name == "test_meltano.py" for item in session.items):
        log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in pytest_sessionfinish
        process = subprocess.Popen(
            [MELTANO, "install"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        session.config.stash[MELTANO_INSTALL] = (process, log)


def pytest_sessionfinish(session: pytest.Session) -> None:
    if started := session.config.stash.get(MELTANO_INSTALL, None):
        process, log = started
        if process.poll() is None:
            process.terminate()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def meltano_installed(request: pytest.FixtureRequest) -> None:
    """The plugins of meltano.yml, installed in .meltano/ (waits for the install above)."""
    process, log = request.config.stash[MELTANO_INSTALL]
    process.wait(timeout=900)
    log.seek(0)
    assert process.returncode == 0, f"meltano install failed:\n{log.read().decode()[-4000:]}"
