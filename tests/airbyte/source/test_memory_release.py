"""The `source-getty-images` read hands freed heap back to the OS (see memory.py); the
effect on peak memory is measured by benchmarks/airbyte/source_bench.py, not here."""

from __future__ import annotations

import ctypes
import threading

from source_getty_images import memory


def trimmers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "release-freed-memory"]


def test_a_daemon_thread_trims_the_heap_where_glibc_is(monkeypatch):
    calls: list[int] = []

    class FakeLibc:
        def __init__(self, _name):
            self.malloc_trim = self

        def __call__(self, pad):
            calls.append(pad)
            return 1

    monkeypatch.setattr(ctypes, "CDLL", FakeLibc)
    before = len(trimmers())
    stop = threading.Event()
    assert memory.release_freed_memory_periodically(interval=0.01, stop=stop) is True
    started = trimmers()
    assert len(started) == before + 1 and all(t.daemon for t in started)
    for _ in range(200):
        if len(calls) >= 2:
            break
        stop.wait(0.01)
    stop.set()
    assert calls[:2] == [0, 0]


def test_nothing_happens_without_malloc_trim(monkeypatch):
    class NoTrim:
        def __init__(self, _name):
            pass

    monkeypatch.setattr(ctypes, "CDLL", NoTrim)
    before = len(trimmers())
    assert memory.release_freed_memory_periodically() is False
    assert len(trimmers()) == before


def test_glibc_here_has_malloc_trim():
    assert ctypes.CDLL(None).malloc_trim(0) in (0, 1)
