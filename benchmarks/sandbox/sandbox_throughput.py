"""Sandbox throughput: requests/s and records/s it serves, so it is never a sync's bottleneck.

Starts `getty-sandbox --scale bench` in its own process and drives it with keep-alive
clients (1 and 8 threads) over the endpoints a sync uses most. Prints a table.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from itertools import count

import requests

SECONDS = 3.0
THREADS = (1, 8)


def start_sandbox(*flags: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "getty_sandbox", "--port", "0", "--scale", "bench", *flags],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    match = re.search(r"http://[\d.]+:\d+", proc.stderr.readline())
    assert match, "the sandbox did not print its URL"
    return proc, match.group(0)


def session(url: str) -> requests.Session:
    s = requests.Session()
    token = s.post(
        f"{url}/oauth2/token",
        timeout=10,
        data={
            "grant_type": "password",
            "client_id": "sandbox-api-key",
            "client_secret": "sandbox-api-secret",
            "username": "sandbox-user",
            "password": "sandbox-password",
        },
    ).json()["access_token"]
    s.headers.update({"Api-Key": "sandbox-api-key", "Authorization": f"Bearer {token}"})
    return s


def measure(
    url: str, threads: int, call: Callable[[requests.Session, int], int]
) -> tuple[float, float]:
    """(requests/s, records/s) over SECONDS with `threads` keep-alive clients."""
    done = [0, 0]
    lock = threading.Lock()
    numbers = count()
    deadline = time.perf_counter() + SECONDS

    def worker() -> None:
        s = session(url)
        while time.perf_counter() < deadline:
            records = call(s, next(numbers))
            with lock:
                done[0] += 1
                done[1] += records

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    return done[0] / elapsed, done[1] / elapsed


def main() -> None:
    proc, url = start_sandbox()
    try:
        s = session(url)
        truth = s.get(f"{url}/_sandbox/truth", params={"stream": "images"}).json()["keys"]
        orders = s.get(f"{url}/_sandbox/truth", params={"stream": "orders"}).json()["keys"]
        pages = (
            s.get(
                f"{url}/v3/downloads",
                params={
                    "date_from": "2024-01-01",
                    "date_to": "2024-01-30",
                    "company_downloads": "true",
                    "page_size": 100,
                },
            ).json()["result_count"]
            // 100
        )

        def downloads(s: requests.Session, n: int) -> int:
            r = s.get(
                f"{url}/v3/downloads",
                params={
                    "date_from": "2024-01-01",
                    "date_to": "2024-01-30",
                    "company_downloads": "true",
                    "page_size": 100,
                    "page": 1 + n % pages,
                },
            )
            return len(r.json()["downloads"])

        def images(s: requests.Session, n: int) -> int:
            start = (n * 100) % (len(truth) - 100)
            r = s.get(
                f"{url}/v3/images",
                params={
                    "ids": ",".join(truth[start : start + 100]),
                    "fields": "detail_set,keywords",
                },
            )
            return len(r.json()["images"])

        def order(s: requests.Session, n: int) -> int:
            s.get(f"{url}/v3/orders/{orders[n % len(orders)]}").raise_for_status()
            return 1

        rows = []
        for name, call in (
            ("downloads, pages of 100", downloads),
            ("images, 100 ids detail_set", images),
            ("orders, one each", order),
        ):
            for threads in THREADS:
                rps, records = measure(url, threads, call)
                rows.append((name, threads, rps, records))
    finally:
        proc.terminate()
        proc.wait()
    print(f"\ngetty-sandbox --scale bench, {SECONDS:.0f} s per row, keep-alive clients\n")
    print(f"| {'endpoint':28} | clients | requests/s | records/s |")
    print(f"| {'-' * 28} | ------: | ---------: | --------: |")
    for name, threads, rps, records in rows:
        print(f"| {name:28} | {threads:7} | {rps:10.0f} | {records:9.0f} |")
    print(
        "\nA 10 requests/s Getty budget is what a real sync can use; every row above is "
        "well beyond it."
    )


if __name__ == "__main__":
    main()
