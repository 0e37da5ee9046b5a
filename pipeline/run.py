"""The main job: Getty (or the sandbox) -> connectors -> warehouse -> dbt -> DAM and ERP files.

Run by `make demo`. Without credentials it starts the Getty sandbox; with GETTY_API_KEY,
GETTY_API_SECRET and GETTY_USERNAME/GETTY_PASSWORD (or GETTY_REFRESH_TOKEN) in the
environment it reads the real Getty API. Each stage runs in its own toolchain
environment; this script only orchestrates (standard library only).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VENVS = ROOT / ".venvs"
OUTPUT = Path(os.environ.get("GETTY_OUTPUT_DIR", ROOT / "output")).resolve()


_STARTED = time.perf_counter()


def banner(text: str) -> None:
    print(f"\n== {text} (at {time.perf_counter() - _STARTED:.0f} s)", flush=True)


def config_from_environment() -> dict[str, Any] | None:
    """A connector config for the real Getty API, if credentials are in the environment."""
    key, secret = os.environ.get("GETTY_API_KEY"), os.environ.get("GETTY_API_SECRET")
    if not (key and secret):
        return None
    if os.environ.get("GETTY_REFRESH_TOKEN"):
        credentials = {
            "auth_type": "refresh_token",
            "refresh_token": os.environ["GETTY_REFRESH_TOKEN"],
        }
    elif os.environ.get("GETTY_USERNAME"):
        credentials = {
            "auth_type": "password",
            "username": os.environ["GETTY_USERNAME"],
            "password": os.environ.get("GETTY_PASSWORD", ""),
        }
    else:
        sys.exit(
            "GETTY_API_KEY is set but neither GETTY_USERNAME/GETTY_PASSWORD nor "
            "GETTY_REFRESH_TOKEN: account data needs a user's token."
        )
    config: dict[str, Any] = {"api_key": key, "api_secret": secret, "credentials": credentials}
    if os.environ.get("GETTY_START_DATE"):
        config["start_date"] = os.environ["GETTY_START_DATE"]
    return config


@contextmanager
def sandbox(scale: str) -> Iterator[dict[str, Any]]:
    """A sandbox in its own process; yields its connector config."""
    proc = subprocess.Popen(
        [
            str(VENVS / "sandbox" / "bin" / "getty-sandbox"),
            "--port",
            "0",
            "--scale",
            scale,
            "--print-config",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout and proc.stderr
    try:
        print(proc.stderr.readline().strip())
        yield json.loads(proc.stdout.readline())
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def sample_sandbox(config: dict[str, Any]) -> None:
    """Print what the sandbox serves: account summary and one record of each listing."""
    base = config["api_base_url"]
    with urllib.request.urlopen(f"{base}/_sandbox/account", timeout=10) as resp:  # noqa: S310
        account = json.loads(resp.read())
    print(
        f"account: {account['downloads']} downloads, {account['purchases']} purchases, "
        f"{account['orders']} orders, {account['assets']} assets, users "
        f"{', '.join(account['users'])}"
    )
    form = {
        "grant_type": "password",
        "client_id": config["api_key"],
        "client_secret": config["api_secret"],
        "username": config["credentials"]["username"],
        "password": config["credentials"]["password"],
    }
    body = "&".join(f"{k}={v}" for k, v in form.items()).encode()
    with urllib.request.urlopen(config["auth_url"], data=body, timeout=10) as resp:  # noqa: S310
        token = json.loads(resp.read())["access_token"]
    headers = {"Api-Key": config["api_key"], "Authorization": f"Bearer {token}"}
    for path, key in (
        ("/v3/downloads?company_downloads=true&page_size=1", "downloads"),
        ("/v3/purchased-assets?company_purchases=true&page_size=1", "previous_purchases"),
    ):
        req = urllib.request.Request(f"{base}{path}", headers=headers)  # noqa: S310
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310
            page = json.loads(resp.read())
        print(f"{path.split('?')[0]}: result_count {page['result_count']}; first record:")
        print(json.dumps(page[key][0], ensure_ascii=False, indent=2))


def run(env: str, *args: str, extra_env: dict[str, str] | None = None) -> str:
    """Run a command from a toolchain environment; stream stderr, return stdout."""
    done = subprocess.run(
        [str(VENVS / env / "bin" / args[0]), *args[1:]],
        cwd=ROOT,
        env=os.environ | (extra_env or {}),
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(done.stdout[-4000:])
        sys.exit(f"{args[0]} failed (exit {done.returncode})")
    return done.stdout


def pipeline(config: dict[str, Any], sandbox_url: str | None) -> None:
    warehouse = OUTPUT / "warehouse.duckdb"
    work = OUTPUT / "work"
    work.mkdir(parents=True, exist_ok=True)
    config_file = work / "source-config.json"
    config_file.touch(mode=0o600)
    config_file.write_text(json.dumps(config))

    banner("Extract: source-getty-images -> DuckDB (PyAirbyte)")
    counts = json.loads(
        run(
            "airbyte", "python", "pipeline/extract.py", str(config_file), str(warehouse)
        ).splitlines()[-1]
    )
    print("records per stream:", ", ".join(f"{k} {v}" for k, v in counts.items()))

    banner("Transform: dbt build (DuckDB)")
    dbt_env = {
        "GETTY_DUCKDB_PATH": str(warehouse),
        "GETTY_DBT_SCHEMA": "getty",
        "GETTY_DBT_TARGET": "duckdb",
    }
    out = run(
        "dbt",
        "dbt",
        "build",
        "--project-dir",
        "transformations",
        "--profiles-dir",
        "transformations",
        "--target-path",
        str(work / "dbt-target"),
        "--log-path",
        str(work / "dbt-logs"),
        extra_env=dbt_env,
    )
    print(next((line for line in out.splitlines() if "Done." in line), out.splitlines()[-1]))
    print(run("dbt", "python", "pipeline/summary.py", str(warehouse)), end="")

    banner("Load: feeds -> DAM folder (XMP/IIM), newsroom (ninjs), ERP (UBL 2.1 + journal)")
    for line in run(
        "airbyte", "python", "pipeline/load.py", str(warehouse), str(OUTPUT), sandbox_url or ""
    ).splitlines():
        print(line)
    files = {
        kind: sum(1 for _ in (OUTPUT / folder).rglob(pattern))
        for kind, folder, pattern in (
            ("XMP sidecars", "dam", "*.xmp"),
            ("ninjs items", "newsroom", "*.json"),
            ("UBL invoices", "erp/ubl", "*.xml"),
        )
    }
    print("written:", ", ".join(f"{v} {k}" for k, v in files.items()), f"under {OUTPUT}")
    banner("Done")


def main() -> int:
    OUTPUT.mkdir(exist_ok=True)
    real = config_from_environment()
    if real is not None:
        banner("Getty API (credentials from the environment)")
        pipeline(real, None)
        return 0
    banner("Getty sandbox")
    with sandbox(os.environ.get("GETTY_SANDBOX_SCALE", "small")) as config:
        sample_sandbox(config)
        pipeline(config | {"company_wide": True, "requests_per_second": 50}, config["api_base_url"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
