"""Errors the destination raises: each names what is wrong and how to fix it."""

from __future__ import annotations


class DamError(Exception):
    """Base class."""


class ConfigError(DamError):
    """The configuration cannot work."""


class BadRecord(DamError):
    """A record that cannot be mapped; `key` identifies it, the message says why."""

    def __init__(self, stream: str, key: str | None, reason: str) -> None:
        self.stream, self.key, self.reason = stream, key, reason
        super().__init__(f"{stream} record {key or '(no key)'}: {reason}")


class WriteFailed(DamError):
    """The DAM refused or failed a write; nothing after it is acknowledged."""


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """`text` with every secret replaced by ***."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
