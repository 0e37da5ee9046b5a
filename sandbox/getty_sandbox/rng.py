"""Stateless deterministic randomness: every value is a pure function of (seed, labels).

Records are generated on demand from their index, so a million-row account costs
nothing until a page of it is asked for, and the same seed always gives the same data.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")
_MASK = (1 << 64) - 1


def _mix(x: int) -> int:
    """splitmix64 finaliser: a fast, well-distributed 64-bit integer hash."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


@lru_cache(maxsize=1024)
def _label(text: str) -> int:
    value = 0
    for ch in text.encode():
        value = _mix(value ^ ch)
    return value


class Rng:
    """Hash-based generator: `Rng(seed).of("download", 17)` is a stream for that record."""

    __slots__ = ("_base",)

    def __init__(self, seed: int, *labels: str | int) -> None:
        base = _mix(seed & _MASK)
        for label in labels:
            base = _mix(base ^ (label if isinstance(label, int) else _label(label)))
        self._base = base

    def of(self, *labels: str | int) -> RecordRng:
        base = self._base
        for label in labels:
            base = _mix(base ^ (label & _MASK if isinstance(label, int) else _label(label)))
        return RecordRng(base)


class RecordRng:
    """A short sequence of draws for one record; each draw advances a counter."""

    __slots__ = ("_n", "_state")

    def __init__(self, state: int) -> None:
        self._state = state
        self._n = 0

    def bits(self) -> int:
        self._n += 1
        return _mix(self._state + self._n * 0xD1B54A32D192ED03)

    def below(self, n: int) -> int:
        return self.bits() % n if n > 0 else 0

    def chance(self, percent: float) -> bool:
        return self.bits() % 10_000 < percent * 100

    def pick(self, items: Sequence[T]) -> T:
        return items[self.below(len(items))]

    def sample(self, items: Sequence[T], k: int) -> list[T]:
        pool = list(items)
        chosen: list[T] = []
        for _ in range(min(k, len(pool))):
            chosen.append(pool.pop(self.below(len(pool))))
        return chosen
