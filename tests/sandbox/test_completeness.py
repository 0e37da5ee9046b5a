"""Paging the API window by window over the whole history gives exactly the ground truth."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def windows(start: date, end: date, days: int = 30):
    while start <= end:
        stop = min(end, start + timedelta(days=days - 1))
        yield start.isoformat(), stop.isoformat()
        start = stop + timedelta(days=1)


def test_thirty_day_windows_over_the_whole_history_match_the_truth(client):
    world = client.sandbox.world
    first = datetime.fromtimestamp(world.start, UTC).date()
    last = datetime.fromtimestamp(world.now, UTC).date()
    seen = []
    for date_from, date_to in windows(first, last):
        for r in client.all_pages(
            "/v3/downloads",
            "downloads",
            date_from=date_from,
            date_to=date_to,
            company_downloads="true",
        ):
            seen.append([r["id"], r["date_downloaded"], r["user"]["username"]])
    truth = client.sandbox.truth("downloads")
    assert sorted(seen) == truth["keys"]
    assert truth["count"] == world.scale.downloads
