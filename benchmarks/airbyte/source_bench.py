"""Benchmark of the Getty Images Airbyte source against sandboxes run as subprocesses.

Prints one table: API calls against the minimum, wall time under Getty-like latency and a
10 requests/s limit, records per second beside a bare reader and a minimal manifest, and
peak memory at two account sizes. The latency point reads the issue's bench account
(100,000 downloads, about 3,600 calls: seven minutes at 10 requests/s). `--quick` shrinks
every account (a smoke run); `--full` measures memory at 100,000 and 1,000,000 downloads
(the default: 30,000 and 300,000, to stay near twenty minutes in all).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
import yaml
from source_getty_images.schemas import STREAMS

HERE = Path(__file__).resolve()
COMMAND = Path(sys.executable).parent / "source-getty-images"
SECTIONS = ("calls", "latency", "speed", "memory")
PACKAGE = HERE.parents[2] / "source-getty-images" / "source_getty_images"
NOW = "2026-11-01T12:00:00Z"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def sandbox(*flags: str):
    """A sandbox in its own process (so it does not share the source's interpreter)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "getty_sandbox", "--port", str(port), "--now", NOW, *flags],
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/_sandbox/health", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def admin(url: str, action: str, **query: Any) -> Any:
    q = "&".join(f"{k}={v}" for k, v in query.items())
    with urllib.request.urlopen(f"{url}/_sandbox/{action}?{q}", timeout=60) as r:  # noqa: S310
        return json.loads(r.read())


def config_for(url: str, **extra: Any) -> dict[str, Any]:
    account = admin(url, "account")
    return {
        "api_key": "sandbox-api-key",
        "api_secret": "sandbox-api-secret",
        "credentials": {
            "auth_type": "password",
            "username": account["users"][0],
            "password": "sandbox-password",
        },
        "start_date": account["first_record"][:10],
        "company_wide": True,
        "api_base_url": url,
        "auth_url": f"{url}/oauth2/token",
        **extra,
    }


def catalog(streams: list[str]) -> dict[str, Any]:
    incremental = {"downloads": "date_downloaded", "purchased_assets": "date_purchased"}
    return {
        "streams": [
            {
                "stream": {"name": s, "json_schema": {}, "supported_sync_modes": ["full_refresh"]},
                "sync_mode": "incremental" if s in incremental else "full_refresh",
                "cursor_field": [incremental[s]] if s in incremental else [],
                "destination_sync_mode": "append",
            }
            for s in streams
        ]
    }


def run_read(
    config: dict[str, Any], streams: list[str], command: list[str], tail: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Run a read in a child process (`tail`: arguments after the read's own); count
    records, time it, take its peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        cfg, cat = Path(tmp, "config.json"), Path(tmp, "catalog.json")
        cfg.write_text(json.dumps(config))
        cat.write_text(json.dumps(catalog(streams)))
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*command, "read", "--config", str(cfg), "--catalog", str(cat), *tail],
            stdout=subprocess.PIPE,
            text=True,
        )
        records, failure = 0, ""
        for line in proc.stdout:  # type: ignore[union-attr]
            if line.startswith('{"type":"RECORD"'):
                records += 1
            elif '"failure_type"' in line and not failure:
                failure = json.loads(line).get("trace", {}).get("error", {}).get("message", line)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak RSS
        elapsed = time.perf_counter() - start
    return {
        "records": records,
        "seconds": elapsed,
        "peak_mb": usage.ru_maxrss / 1024,
        "failed": bool(failure) or os.waitstatus_to_exitcode(status) != 0,
        "failure": failure,
    }


def minimum_calls(url: str) -> int:
    """Pages of 100 per request window, one call per order, 100 ids a metadata call."""
    total = 0
    for stream in ("downloads", "purchased_assets"):
        total += math.ceil(admin(url, "truth", stream=stream)["count"] / 100)
    orders = admin(url, "truth", stream="orders")
    total += len(orders["keys"]) + len(orders["forbidden"]) + len(orders["not_found"])
    for kind in ("images", "videos"):
        t = admin(url, "truth", stream=kind)
        total += math.ceil((len(t["keys"]) + len(t["not_found"])) / 100)
    boards = admin(url, "account")["boards"]
    return total + 1 + math.ceil(boards / 100) + boards  # products, board pages, board details


def api_calls(url: str) -> int:
    by_route = admin(url, "stats")["by_route"]
    return sum(n for route, n in by_route.items() if " /v3/" in route)


def bare_reader(config: dict[str, Any]) -> dict[str, Any]:
    """requests + json over the same download windows and pages, no SDK."""
    from datetime import UTC, datetime, timedelta

    start = time.perf_counter()
    token = requests.post(
        config["auth_url"],
        data={
            "grant_type": "password",
            "client_id": config["api_key"],
            "client_secret": config["api_secret"],
            **{k: config["credentials"][k] for k in ("username", "password")},
        },
        timeout=30,
    ).json()["access_token"]
    session = requests.Session()
    session.headers.update({"Api-Key": config["api_key"], "Authorization": f"Bearer {token}"})
    day = datetime.strptime(config["start_date"], "%Y-%m-%d").replace(tzinfo=UTC)
    end, records = datetime.now(UTC), 0
    while day <= end:
        window_end = min(day + timedelta(days=30) - timedelta(seconds=1), end)
        page, pages = 1, 1
        while page <= pages:
            body = session.get(
                f"{config['api_base_url']}/v3/downloads",
                timeout=60,
                params={
                    "date_from": day.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "use_time": "true",
                    "date_to": window_end.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "page": page,
                    "page_size": 100,
                    "company_downloads": "true",
                },
            ).json()
            records += len(body["downloads"])
            pages = math.ceil(body["result_count"] / 100)
            page += 1
        day += timedelta(days=30)
    return {"records": records, "seconds": time.perf_counter() - start}


LAUNCH = """
import sys, yaml
import source_getty_images.components as components
sys.modules["source_declarative_manifest.components"] = components
from airbyte_cdk.entrypoint import AirbyteEntrypoint, launch
from airbyte_cdk.sources.declarative.concurrent_declarative_source import (
    ConcurrentDeclarativeSource as Source)
path, args = sys.argv[1], sys.argv[2:]
parsed = AirbyteEntrypoint.parse_args(args)
manifest = yaml.load(open(path), Loader=yaml.CSafeLoader)
launch(Source(catalog=Source.read_catalog(parsed.catalog), config=Source.read_config(
    parsed.config), state=[], source_config=manifest), args)
"""


def minimal_manifest(tmp: Path) -> list[str]:
    """The downloads stream alone: same requests, no transformations, filters or parents."""
    from source_getty_images.run import load_manifest

    manifest = load_manifest()
    stream = manifest["definitions"]["downloads_stream"]
    stream.pop("transformations", None)
    stream["retriever"]["record_selector"].pop("record_filter", None)
    stream["schema_loader"] = {"type": "InlineSchemaLoader", "schema": {"type": "object"}}
    manifest["streams"] = [stream]
    manifest["check"] = {"type": "CheckStream", "stream_names": ["downloads"]}
    path = tmp / "minimal.yaml"
    path.write_text(yaml.safe_dump(manifest))
    return [sys.executable, "-c", LAUNCH, str(path)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small accounts (smoke run)")
    parser.add_argument(
        "--full",
        action="store_true",
        help="memory at 100,000 and 1,000,000 downloads (about 20 minutes)",
    )
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help="comma-separated sections to run (default: all): calls, latency, speed, memory",
    )
    args = parser.parse_args()
    sections = set(args.only.split(","))
    unknown = sections - set(SECTIONS)
    if unknown or not sections:
        parser.error(f"--only: unknown section(s) {sorted(unknown)}; choose from {SECTIONS}")
    scale = ["--scale", "small"] if args.quick else ["--scale", "bench"]
    latency_scale = ["--scale", "tiny"] if args.quick else ["--scale", "bench"]  # ~7 minutes
    # The default keeps the run under ten minutes with the same tenfold step as --full.
    sizes = (
        (3_000, 30_000) if args.quick else (100_000, 1_000_000) if args.full else (30_000, 300_000)
    )
    source = [str(COMMAND)]
    rows: list[tuple[str, str, str]] = []
    all_streams = list(STREAMS)

    if "calls" in sections:
        with sandbox(*scale) as url:  # 1. calls against the minimum, unthrottled
            result = run_read(config_for(url, requests_per_second=100), all_streams, source)
            calls, least = api_calls(url), minimum_calls(url)
            rows.append(
                (
                    f"API calls / minimum ({' '.join(scale)}, all streams)",
                    f"{calls} / {least} = {calls / least:.3f}",
                    "<= 1.05",
                )
            )
            rows.append(
                (
                    "records, all streams",
                    f"{result['records']:,}",
                    "failed" if result["failed"] else "ok",
                )
            )

    if "latency" in sections:
        with sandbox(*latency_scale, "--latency-ms", "250", "--qps", "10") as url:  # 2. latency
            result = run_read(config_for(url, requests_per_second=10), all_streams, source)
            calls = api_calls(url)
            ideal = calls / 10
            rows.append(
                (
                    f"wall / (calls / 10) ({' '.join(latency_scale)}, 250 ms, 10 req/s)",
                    f"{result['seconds']:.1f} s / {ideal:.1f} s = {result['seconds'] / ideal:.2f}",
                    "<= 1.15"
                    + (f", FAILED sync: {result['failure']}" if result["failed"] else ", sync ok"),
                )
            )
            throttled = admin(url, "stats")["by_status"].get("429", 0)
            answered = (calls - throttled) / 10
            rows.append(
                (
                    "  the same, without the 429 answers in calls",
                    f"{result['seconds']:.1f} s / {answered:.1f} s "
                    f"= {result['seconds'] / answered:.2f}",
                    f"{throttled} answers were 429",
                )
            )

    if "speed" in sections:
        with sandbox(*scale) as url, tempfile.TemporaryDirectory() as tmp:  # 3. records per second
            config = config_for(url, requests_per_second=100)
            ours = run_read(config, ["downloads"], source)
            bare = bare_reader(config)
            minimal = run_read(config, ["downloads"], minimal_manifest(Path(tmp)))
            for name, r in (
                ("source-getty-images", ours),
                ("bare reader (requests+json)", bare),
                ("minimal manifest (downloads only)", minimal),
            ):
                rows.append(
                    (
                        f"downloads records/s: {name}",
                        f"{r['records'] / r['seconds']:,.0f} ({r['records']:,} in "
                        f"{r['seconds']:.1f} s)",
                        "",
                    )
                )

    if "memory" in sections:
        platform = (  # how Airbyte's source-declarative-manifest image runs the manifest
            "--manifest-path",
            str(PACKAGE / "manifest.yaml"),
            "--components-path",
            str(PACKAGE / "components.py"),
        )
        os.environ["AIRBYTE_ENABLE_UNSAFE_CODE"] = "true"  # the platform's switch for components.py
        for name, command, tail in (
            ("source-getty-images", source, ()),
            (
                "source-declarative-manifest",
                [str(COMMAND.parent / "source-declarative-manifest")],
                platform,
            ),
        ):
            peaks = []
            for size in sizes:  # 4. memory
                with sandbox("--scale", "huge", "--downloads", str(size)) as url:
                    config = config_for(url, requests_per_second=100)
                    r = run_read(config, ["downloads"], command, tail)
                    peaks.append(r["peak_mb"])
                    rows.append(
                        (
                            f"peak RSS, {name}, downloads of {size:,}",
                            f"{r['peak_mb']:.0f} MB",
                            f"{r['records']:,} records" + (", FAILED" if r["failed"] else ""),
                        )
                    )
            rows.append((f"peak RSS ratio, {name}", f"{peaks[1] / peaks[0]:.2f}", "<= 1.2"))

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':<40}  goal / note")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:<40}  {note}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DO_NOT_TRACK", "1")
    sys.exit(main())
