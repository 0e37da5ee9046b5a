"""The orders and assets that the history streams meet, fetched and emitted as they come.

`orders`, `images` and `videos` are read "through their parents": they are the details of the
orders and assets named in `downloads` and `purchased_assets`. A parent hands every id it
emits to the ledger; the ledger requests the details as the ids come (one call per distinct
order, 100 distinct assets a call) and emits them while the parent is still paging. A parent
moves its bookmark past a window only once the details of every id met up to there have been
emitted (`settled`), so a sync that stops anywhere resumes with nothing missing, and the
dependent streams keep no state of their own (state does not grow with the number of parents).

The ledger holds ids and a bounded number of answers: its memory follows the number of
distinct orders and assets, not the number of downloads.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tap_getty_images.client import Page
    from tap_getty_images.streams import DependentStream
    from tap_getty_images.tap import TapGettyImages

MAX_REQUESTED = 32  # answers held per dependent stream before the parent waits for them
Mark = dict[str, int]  # ids queued so far, per dependent stream


class Queue:
    """The ids of one dependent stream, first in, first out: waiting for a full call,
    requested, emitted."""

    def __init__(self, stream: DependentStream) -> None:
        self.stream = stream
        self.known: set[str] = set()
        self.waiting: list[str] = []
        self.requested: deque[tuple[Future[Page], int]] = deque()
        self.queued = 0  # ids queued in this run
        self.emitted = 0  # of which the details have been emitted
        self.wait_for = 0  # when emitting: the answers to wait for (the others if done)

    def add(self, item_id: str) -> None:
        if item_id in self.known:
            return
        self.known.add(item_id)
        self.waiting.append(item_id)
        self.queued += 1
        if len(self.waiting) >= self.stream.ids_per_call:
            self.request()

    def request(self) -> None:
        if self.waiting:
            self.requested.append((self.stream.request_details(self.waiting), len(self.waiting)))
            self.waiting = []

    def answers(self) -> Iterator[Page]:
        """The answers ready to emit, oldest first (the stream's `get_records` reads them)."""
        while self.requested and (self.wait_for > 0 or self.requested[0][0].done()):
            future, count = self.requested[0]
            yield future.result()
            self.requested.popleft()
            self.emitted += count  # the consumer has taken every record of the answer
            self.wait_for -= 1


class Ledger:
    def __init__(self, tap: TapGettyImages) -> None:
        self.tap = tap
        self.parent: str | None = None  # the history stream being read
        self._queues: dict[str, Queue] = {}

    def queue(self, stream_name: str) -> Queue | None:
        """The queue of a selected dependent stream (None if it is not selected)."""
        if stream_name not in self._queues:
            stream = self.tap.streams[stream_name]
            if not stream.selected:
                return None
            self._queues[stream_name] = Queue(stream)  # type: ignore[arg-type]
        return self._queues[stream_name]

    def saw(self, stream_name: str | None, item_id: Any) -> None:
        """A parent met `item_id` (an order id, an image or video id)."""
        if stream_name is None or item_id is None or item_id == "":
            return
        queue = self.queue(stream_name)
        if queue is not None:
            queue.add(str(item_id))
            if len(queue.requested) >= MAX_REQUESTED:  # bounded memory: emit the oldest half
                self._emit(queue, wait_for=MAX_REQUESTED // 2)

    def emit_ready(self) -> None:
        """Emit the answers that have arrived, without waiting for the others."""
        for queue in self._queues.values():
            self._emit(queue, wait_for=0)

    def emit_all(self) -> None:
        """Request the ids waiting for a full call too, and emit every answer."""
        for queue in self._queues.values():
            queue.request()
            self._emit(queue, wait_for=len(queue.requested))

    def report(self) -> None:
        for queue in self._queues.values():
            queue.stream.report()

    def mark(self) -> Mark:
        return {name: queue.queued for name, queue in self._queues.items()}

    def settled(self, mark: Mark) -> bool:
        """Whether the details of every id queued up to `mark` have been emitted."""
        return all(self._queues[name].emitted >= queued for name, queued in mark.items())

    @staticmethod
    def _emit(queue: Queue, wait_for: int) -> None:
        if queue.requested and (wait_for > 0 or queue.requested[0][0].done()):
            queue.wait_for = wait_for
            queue.stream.emit()
