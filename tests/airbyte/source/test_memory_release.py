"""The `source-getty-images` read hands freed heap back to the OS (see memory.py); the
effect on peak memory is measured by benchmarks/airbyte/source_bench.py, not here."""

from __future__ import annotations

import ctypes
import threading

import pytest
from source_getty_images import memory, run


def test_a_daemon_thread_trims_the_heap_where_glibc_is(monkeypatch):
    calls: list[int] = []
    trimmed_twice = threading.Event()

    class FakeLibc:
        def __init__(self, _name):
            self.malloc_trim = self

        def __call__(self, pad):
            calls.append(pad)
            if len(calls) >= 2:
                trimmed_twice.set()
            return 1

    started: list[threading.Thread] = []

    class RecordedThread(threading.Thread):
        def start(self):
            started.append(self)
            super().start()

    monkeypatch.setattr(ctypes, "CDLL", FakeLibc)
    monkeypatch.setattr(memory.threading, "Thread", RecordedThread)
    stop = threading.Event()
    assert memory.release_freed_memory_periodically(interval=0.01, stop=stop) is True
    assert trimmed_twice.wait(timeout=30)
    stop.set()
    (thread,) = started
    thread.join(timeout=30)
    assert thread.daemon and not thread.is_alive()
    assert set(calls) == {0}


def test_nothing_starts_without_malloc_trim(monkeypatch):
    class NoTrim:
        def __init__(self, _name):
            pass

    monkeypatch.setattr(ctypes, "CDLL", NoTrim)
    monkeypatch.setattr(memory.threading, "Thread", None)  # would fail if a thread were made
    assert memory.release_freed_memory_periodically() is False


@pytest.mark.parametrize(("command", "trims"), [("read", True), ("check", False)])
def test_only_a_read_releases_memory(monkeypatch, tmp_path, command, trims):
    started: list[bool] = []
    monkeypatch.setattr(run, "release_freed_memory_periodically", lambda: started.append(True))
    monkeypatch.setattr(run, "launch", lambda source, args: None)
    config = tmp_path / "config.json"
    config.write_text("{}")
    catalog = tmp_path / "catalog.json"
    catalog.write_text('{"streams": []}')
    args = [command, "--config", str(config)]
    if command == "read":
        args += ["--catalog", str(catalog)]
    run.main(args)
    assert started == ([True] if trims else [])


def test_glibc_here_has_malloc_trim():
    assert ctypes.CDLL(None).malloc_trim(0) in (0, 1)
