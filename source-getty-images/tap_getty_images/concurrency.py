"""Requests in flight together, results in order: how the tap overlaps Getty's latency."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")


def in_order(futures: Iterable[Future[T]], ahead: int) -> Iterator[T]:
    """Results of `futures` in the order given, keeping up to `ahead` of them submitted.

    `futures` is usually a generator that submits work as it is pulled, and may itself wait
    for an earlier result (a first page tells how many pages follow); pulling it lazily keeps
    memory bounded by `ahead` responses whatever the size of the account.
    """
    pending: deque[Future[T]] = deque()
    try:
        for future in futures:
            pending.append(future)
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
