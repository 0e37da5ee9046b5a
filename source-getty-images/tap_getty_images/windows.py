"""Date windows for Getty's history endpoints.

Getty answers `GET /v3/downloads` for at most 30 days at a time and silently cuts a longer
window (or an open one without `date_to`), so every request carries both ends. Windows are
disjoint and cover the range exactly, oldest first, so each one is a checkpoint.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

MAX_WINDOW = timedelta(days=30)
ONE_SECOND = timedelta(seconds=1)


@dataclass(frozen=True)
class Window:
    """Inclusive request bounds, already formatted as Getty's query wants them."""

    date_from: str
    date_to: str


def instant_windows(start: datetime, end: datetime) -> Iterator[Window]:
    """Windows of at most 30 days between two instants, to the second (`use_time=true`)."""
    start, end = start.astimezone(UTC).replace(microsecond=0), end.astimezone(UTC)
    while start <= end:
        last = min(start + MAX_WINDOW - ONE_SECOND, end)
        yield Window(_instant(start), _instant(last))
        start = last + ONE_SECOND


def day_windows(start: date, end: date, days: int = 30) -> Iterator[Window]:
    """Windows of whole days (Getty's default: dates, both ends inclusive)."""
    while start <= end:
        last = min(start + timedelta(days=days - 1), end)
        yield Window(start.isoformat(), last.isoformat())
        start = last + timedelta(days=1)


def parse_instant(value: str) -> datetime:
    """A config date (`2024-01-31`) or an ISO 8601 date-time, as an aware UTC datetime."""
    text = value.strip().replace("Z", "+00:00")
    parsed = (
        datetime.combine(date.fromisoformat(text), time.min)
        if len(text) == 10
        else datetime.fromisoformat(text)
    )
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _instant(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
