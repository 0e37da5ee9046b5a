"""Pytest fixtures, registered automatically wherever getty-sandbox is installed.

- `getty_sandbox`: one small sandbox per test session (read-only use; reset faults after use).
- `getty_sandbox_factory`: start sandboxes with your own scale, seed, faults or token TTL.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from .auth import Credentials
from .cli import connector_config
from .faults import FaultSettings
from .server import Sandbox, SandboxServer
from .world import SCALES, Scale, World

FIXED_NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


class RunningSandbox:
    """A started sandbox: its URL, credentials, admin helpers and the in-process Sandbox."""

    def __init__(self, sandbox: Sandbox, server: SandboxServer) -> None:
        self.sandbox, self.server = sandbox, server
        self.url = server.url
        self.credentials: Credentials = sandbox.credentials
        self.world = sandbox.world

    @property
    def auth_url(self) -> str:
        return f"{self.url}/oauth2/token"

    def config(self, **overrides: Any) -> dict[str, Any]:
        """A connector config (password grant) pointing at this sandbox."""
        return connector_config(self.sandbox, self.url) | overrides

    def admin(self, action: str, payload: dict[str, Any] | None = None, **query: Any) -> Any:
        url = f"{self.url}/_sandbox/{action}"
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items() if v is not None)
        data = json.dumps(payload).encode() if payload is not None else None
        req = urllib.request.Request(url, data=data, method="POST" if data else "GET")  # noqa: S310
        with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - the local sandbox
            return json.loads(resp.read())

    def set_faults(self, **settings: Any) -> None:
        self.sandbox.faults.configure(FaultSettings(**settings))

    def truth(self, stream: str, **params: Any) -> dict[str, Any]:
        from .truth import ground_truth

        return ground_truth(self.world, stream, **params)

    def stats(self) -> dict[str, Any]:
        return self.sandbox.stats.as_json()

    def reset(self) -> None:
        self.admin("reset", {})


def start_sandbox(
    scale: Scale | str = "tiny",
    seed: int = 42,
    now: datetime = FIXED_NOW,
    token_ttl: int = 1800,
    faults: FaultSettings | None = None,
    company_access: bool = True,
) -> RunningSandbox:
    scale = SCALES[scale] if isinstance(scale, str) else scale
    world = World(seed=seed, scale=scale, now=now)
    sandbox = Sandbox(world, token_ttl=token_ttl, faults=faults, company_access=company_access)
    return RunningSandbox(sandbox, SandboxServer(sandbox).start())


@pytest.fixture(scope="session")
def getty_sandbox() -> Iterator[RunningSandbox]:
    running = start_sandbox("small")
    yield running
    running.server.stop()


@pytest.fixture
def getty_sandbox_factory() -> Iterator[Callable[..., RunningSandbox]]:
    started: list[RunningSandbox] = []

    def factory(**kwargs: Any) -> RunningSandbox:
        running = start_sandbox(**kwargs)
        started.append(running)
        return running

    yield factory
    for running in started:
        running.server.stop()
