"""Fault injection and the per-key QPS limit, set per run by flags or `POST /_sandbox/faults`."""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass, field, fields
from typing import Any

GATEWAY_STATUSES = ("502", "503", "504")


@dataclass
class FaultSettings:
    """What goes wrong, and how often. Rates are fractions of API requests (0..1)."""

    error_rate: float = 0.0  # 500 InternalServerError
    gateway_rate: float = 0.0  # the edge's 502, 503 and 504, in turn
    stall_rate: float = 0.0  # the response held back `stall_seconds` (a client read timeout)
    stall_seconds: float = 30.0
    latency_ms: int = 0  # added to every API response
    drop_rate: float = 0.0  # connection closed with no response
    truncate_rate: float = 0.0  # half the body sent, then the connection closed
    burst_429_every: int = 0  # every N API requests ...
    burst_429_length: int = 0  # ... this many in a row get 429
    qps: float = 0.0  # per-key queries per second before 429 (0 = unlimited)
    revoke_tokens_after: int = 0  # revoke every token once, after N API requests
    forbid: list[str] = field(default_factory=list)  # path prefixes answered 403
    fault_seed: int = 0  # faults are drawn from their own seeded generator

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FaultSettings:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fault setting(s) {unknown}; known: {sorted(known)}")
        return cls(**data)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class FaultInjector:
    """Decides, request by request, which fault (if any) applies."""

    def __init__(self, settings: FaultSettings | None = None) -> None:
        self._lock = threading.Lock()
        self.configure(settings or FaultSettings())

    def configure(self, settings: FaultSettings) -> None:
        with self._lock:
            self.settings = settings
            self._random = random.Random(settings.fault_seed)
            self._count = 0
            self._revoked = False
            self._windows: dict[str, deque[float]] = {}

    def over_qps(self, key: str) -> bool:
        """Sliding window per API key, as Getty's edge counts it (qps below 1: one call per
        1/qps seconds)."""
        qps = self.settings.qps
        if qps <= 0:
            return False
        span = max(1.0, 1.0 / qps)
        capacity = max(1, round(qps * span))
        now = time.monotonic()
        with self._lock:
            window = self._windows.setdefault(key, deque())
            while window and now - window[0] >= span:
                window.popleft()
            if len(window) >= capacity:
                return True
            window.append(now)
            return False

    def draw(self, path: str) -> tuple[str | None, bool]:
        """The fault for this API request ('500', '502', '503', '504', '429', 'drop',
        'truncate', 'stall', '403' or None) and whether tokens must be revoked first."""
        s = self.settings
        with self._lock:
            self._count += 1
            n = self._count
            revoke = bool(s.revoke_tokens_after) and not self._revoked and n > s.revoke_tokens_after
            if revoke:
                self._revoked = True
            roll = self._random.random()
        if any(path.startswith(prefix) for prefix in s.forbid):
            return "403", revoke
        if (
            s.burst_429_every
            and (n - 1) % s.burst_429_every >= s.burst_429_every - s.burst_429_length
        ):
            return "429", revoke
        for name, rate in (
            ("500", s.error_rate),
            (GATEWAY_STATUSES[n % 3], s.gateway_rate),
            ("drop", s.drop_rate),
            ("truncate", s.truncate_rate),
            ("stall", s.stall_rate),
        ):
            if roll < rate:
                return name, revoke
            roll -= rate
        return None, revoke
