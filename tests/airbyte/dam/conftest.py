"""Fixtures for the destination-dam tests: sandbox records, exiftool, the ninjs schemas."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
SHARED = Path(__file__).resolve().parents[4] / "shared"
NINJS = SHARED / "standards" / "ninjs"


def _load_reader() -> Any:
    spec = importlib.util.spec_from_file_location("dam_sandbox_reader", HERE / "sandbox_reader.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SandboxReader


@pytest.fixture(scope="session")
def sandbox_records(getty_sandbox: Any) -> list[tuple[str, dict[str, Any]]]:
    """Raw stream records (purchases, downloads, orders, images, videos) from the sandbox."""
    reader = _load_reader()(getty_sandbox.url, getty_sandbox.config())
    return list(reader.records(purchases=20, downloads=20))


@pytest.fixture(scope="session")
def s3_server() -> Any:
    """A local S3 server (moto, in its own process) that checks SigV4 signatures; yields its
    endpoint, bucket, region and an access key allowed to write there."""
    if importlib.util.find_spec("moto") is None:
        pytest.skip("moto is not installed (envs/airbyte.txt installs moto[s3])")
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "s3_server.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout and proc.stdin
    line = proc.stdout.readline()
    if not line:
        proc.wait(timeout=10)
        raise RuntimeError(f"the S3 test server did not start (exit {proc.returncode})")
    yield json.loads(line)
    proc.stdin.close()
    proc.wait(timeout=20)


@pytest.fixture(scope="session")
def exiftool_reader() -> Any:
    from getty_dam.exiftool import ExifTool

    if not shutil.which("exiftool"):
        pytest.skip("exiftool is not installed (Debian: libimage-exiftool-perl, envs/debian.txt)")
    tool = ExifTool()
    yield tool
    tool.close()


@pytest.fixture(scope="session")
def ninjs_schema() -> Any:
    def load(version: str) -> dict[str, Any]:
        path = NINJS / f"ninjs-schema_{version}.json"
        if not path.exists():
            pytest.skip(f"{path} is absent (the shared standards folder beside the repo)")
        return json.loads(path.read_text("utf-8"))

    return load


UNICODE_ASSET = {
    "id": "901",
    "title": "Zürich — «Straße» & <Tag> 東京",
    "caption": "Première ligne\nВторая строка; 第三行 ✓",
    "artist": "Zoë Ødegaard",
    "credit_line": "Zoë Ødegaard / Getty Images",
    "copyright": "2025 Zoë Ødegaard",
    "collection_name": "Getty Images News",
    "asset_family": "editorial",
    "license_model": "rightsmanaged",
    "allowed_use": {
        "how_can_i_use_it": "Available for editorial uses only.",
        "release_info": "Not released. More information",
        "usage_restrictions": ["NO SALES IN FRANCE.", "Mandatory credit line required."],
    },
    "date_created": "2025-03-04T05:06:07Z",
    "city": "Zürich",
    "state_province": "Zürich",
    "country": "Schweiz",
    "keywords": [{"text": "Straße"}, {"text": "東京"}],
    "referral_destinations": [
        {"site_name": "gettyimages", "uri": "https://www.gettyimages.com/detail/901"}
    ],
    "display_sizes": [],
}
UNICODE_PURCHASE = {
    "asset_id": "901",
    "asset_type": "image",
    "order_id": "7001",
    "date_purchased": "2026-10-02T03:04:05Z",
    "purchased_by": "zoë",
    "license_model": "rightsmanaged",
    "size_name": "large",
}
UNICODE_ORDER = {
    "id": "7001",
    "invoice_number": "INV-Ü1",
    "order_date": "2026-10-02T03:04:00Z",
    "end_client": "Café Größe GmbH",
    "notes": {
        "licensee_name": "Nørthwind Mediå",
        "purchase_order_number": "PO-ß-42",
        "project_title": "Été campaign",
        "ordered_by": "Zoë",
    },
    "assets": [{"id": "901"}],
}


@pytest.fixture
def unicode_records() -> list[tuple[str, dict[str, Any]]]:
    """One image, its purchase and its order, with unicode and XML-special text."""
    return [
        ("images", json.loads(json.dumps(UNICODE_ASSET))),
        ("purchased_assets", dict(UNICODE_PURCHASE)),
        ("orders", json.loads(json.dumps(UNICODE_ORDER))),
    ]


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root (relative path -> bytes), for comparing final states."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def snapshot() -> Any:
    return tree
