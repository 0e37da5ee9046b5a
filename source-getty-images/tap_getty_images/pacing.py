"""Client-side pacing: Getty sends no rate-limit headers, so the tap spaces its own requests."""

from __future__ import annotations

import threading
import time
from typing import Any

import requests
from requests.adapters import HTTPAdapter

# Slots are 3% wider than 1/per_second: a send leaves a few milliseconds after its slot, and
# Getty counts arrivals in a sliding second.
HEADROOM = 1.03


class Pacer:
    """Hands out send slots at most `per_second` a second, evenly spaced, to any thread."""

    def __init__(self, per_second: float) -> None:
        self.interval = HEADROOM / per_second if per_second > 0 else 0.0
        self._next_slot = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Block until this caller's slot comes."""
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


class PacedSession(requests.Session):
    """A requests session shared by every stream (and the token endpoint) that waits for a
    pacer slot before each send, retries included, and keeps a connection per worker."""

    def __init__(self, pacer: Pacer, connections: int) -> None:
        super().__init__()
        self.pacer = pacer
        adapter = HTTPAdapter(pool_connections=2, pool_maxsize=connections)
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.pacer.wait()
        return super().send(request, **kwargs)
