"""Benchmark of tap-getty-images against the Getty sandbox; prints a table (not a test).

    .venvs/singer/bin/python benchmarks/singer/tap_bench.py          # about 6 minutes
    .venvs/singer/bin/python benchmarks/singer/tap_bench.py --full   # paced run: whole account

1. Calls made / the minimum needed, and records/s, on the bench account (100,000 downloads,
   20,000 purchases, 2,000 orders, 30,000 assets), company-wide, every stream.
2. Records/s of the downloads stream beside a bare reader (requests + json, one request at a
   time, over the same windows and pages), same sandbox, same run.
3. With 250 ms added to every response and Getty's 10 requests/s limit: wall time / (calls / 10)
   at requests_per_second 10 (a fifth of the account by default; --full for all of it).
4. Peak memory (RSS) of a downloads sync at 100,000 and at 1,000,000 downloads.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests
from tap_getty_images.windows import instant_windows, parse_instant

PYTHON = sys.executable
SANDBOX = [str(Path(PYTHON).with_name("getty-sandbox"))]
NOW = "2026-11-01T12:00:00Z"
WORK = Path(tempfile.mkdtemp(prefix="tap-bench-"))


class Sandbox:
    """A `getty-sandbox` process with its connector config and admin endpoints."""

    def __init__(self, *flags: str) -> None:
        self.process = subprocess.Popen(
            [*SANDBOX, "--port", "0", "--now", NOW, "--print-config", *flags],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        self.config: dict[str, Any] = json.loads(self.process.stdout.readline())
        self.url = self.config["api_base_url"]

    def admin(self, action: str, **query: str) -> Any:
        return requests.get(f"{self.url}/_sandbox/{action}", params=query, timeout=60).json()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *_: object) -> None:
        self.process.terminate()
        self.process.wait()


def run_tap(config: dict[str, Any], streams: list[str] | None = None) -> dict[str, float]:
    """The tap as Meltano runs it (a process); records counted from its stdout."""
    config_file = WORK / "config.json"
    config_file.write_text(json.dumps(config))
    command = [PYTHON, "-m", "tap_getty_images", "--config", str(config_file)]
    if streams is not None:
        catalog = json.loads(
            subprocess.run(
                [*command, "--discover"], capture_output=True, text=True, check=True
            ).stdout
        )
        for entry in catalog["streams"]:
            for item in entry["metadata"]:
                if not item["breadcrumb"]:
                    item["metadata"]["selected"] = entry["tap_stream_id"] in streams
        catalog_file = WORK / "catalog.json"
        catalog_file.write_text(json.dumps(catalog))
        command += ["--catalog", str(catalog_file)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    records = sum(1 for line in process.stdout if line.startswith(b'{"type":"RECORD"'))
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise SystemExit(f"the tap failed (status {status}) on {streams or 'every stream'}")
    return {"seconds": seconds, "records": records, "rss_mb": usage.ru_maxrss / 1024}


def bare_reader(config: dict[str, Any]) -> dict[str, float]:
    """requests + json, one request at a time, over the tap's windows and pages."""
    started = time.perf_counter()
    session = requests.Session()
    token = session.post(
        config["auth_url"],
        data={
            "grant_type": "password",
            "client_id": config["api_key"],
            "client_secret": config["api_secret"],
            "username": config["credentials"]["username"],
            "password": config["credentials"]["password"],
        },
        timeout=60,
    ).json()["access_token"]
    session.headers.update({"Api-Key": config["api_key"], "Authorization": f"Bearer {token}"})
    records = 0
    for window in instant_windows(parse_instant(config["start_date"]), parse_instant(NOW)):
        page, pages = 1, 1
        while page <= pages:
            body = session.get(
                f"{config['api_base_url']}/v3/downloads",
                timeout=60,
                params={
                    "date_from": window.date_from,
                    "date_to": window.date_to,
                    "use_time": "true",
                    "company_downloads": "true",
                    "page": page,
                    "page_size": 100,
                },
            ).json()
            records += len(body["downloads"])
            pages = math.ceil(body["result_count"] / 100)
            page += 1
    return {"seconds": time.perf_counter() - started, "records": records}


def minimum_calls(sandbox: Sandbox) -> int:
    """Pages of 100, 100 ids a metadata call, one call per order, one token."""

    def truth(stream: str) -> dict[str, Any]:
        return sandbox.admin("truth", stream=stream)

    pages = sum(math.ceil(truth(s)["count"] / 100) for s in ("downloads", "purchased_assets"))
    orders = truth("orders")
    metadata = sum(
        math.ceil((truth(s)["count"] + len(truth(s)["not_found"])) / 100)
        for s in ("images", "videos")
    )
    boards = 1 + truth("boards")["count"]
    return (
        pages
        + orders["count"]
        + len(orders["forbidden"])
        + len(orders["not_found"])
        + (metadata + 1 + boards + 1)
    )  # + products + boards + token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--full",
        action="store_true",
        help="paced run on the whole bench account (about 6 minutes more)",
    )
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []

    with Sandbox("--scale", "bench") as sandbox:
        fast = sandbox.config | {"company_wide": True, "requests_per_second": 100}
        full = run_tap(fast)
        calls = sandbox.admin("stats")["requests"]
        minimum = minimum_calls(sandbox)
        rows.append(
            (
                "calls / minimum, bench account, every stream",
                f"{calls} / {minimum} = {calls / minimum:.3f}",
                "<= 1.05",
            )
        )
        rows.append(
            (
                "records/s, every stream (tap at its 100/s maximum pace)",
                f"{full['records'] / full['seconds']:,.0f} ({full['records']:,} records)",
                "",
            )
        )
        tap = run_tap(fast, ["downloads"])
        bare = bare_reader(fast)
        rows.append(
            (
                "records/s, downloads: tap / bare reader",
                f"{tap['records'] / tap['seconds']:,.0f} / "
                f"{bare['records'] / bare['seconds']:,.0f}",
                "(one run)",
            )
        )

    paced_flags = (
        ["--scale", "bench"]
        if args.full
        else ["--downloads", "20000", "--purchases", "4000", "--orders", "400", "--assets", "6000"]
    )
    with Sandbox(*paced_flags, "--latency-ms", "250", "--qps", "10") as sandbox:
        paced = run_tap(sandbox.config | {"company_wide": True, "requests_per_second": 10})
        stats = sandbox.admin("stats")
        calls = stats["requests"]
        ratio = paced["seconds"] / (calls / 10)
        throttled = stats["by_status"].get("429", 0)
        account = "bench account" if args.full else "a fifth of the bench account"
        rows.append(
            (
                f"wall / (calls / 10), 250 ms latency, 10/s limit, {account}",
                f"{paced['seconds']:.1f} s / {calls / 10:.1f} s = {ratio:.3f} ({throttled} x 429)",
                "<= 1.15",
            )
        )

    peaks = []
    for downloads in (100_000, 1_000_000):
        with Sandbox("--scale", "bench", "--downloads", str(downloads)) as sandbox:
            result = run_tap(
                sandbox.config | {"company_wide": True, "requests_per_second": 100}, ["downloads"]
            )
            assert result["records"] == downloads, result
            peaks.append(result["rss_mb"])
    rows.append(
        (
            "peak RSS, downloads: 100,000 / 1,000,000",
            f"{peaks[0]:.0f} MB / {peaks[1]:.0f} MB = {peaks[1] / peaks[0]:.2f}",
            "<= 1.2",
        )
    )

    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'result':<44}  goal")
    print(f"{'-' * width}  {'-' * 44}  -------")
    for measure, result, goal in rows:
        print(f"{measure:<{width}}  {result:<44}  {goal}")


if __name__ == "__main__":
    main()
