"""Renditions are real image files; the command starts a sandbox that serves the API."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import requests


def png_chunks(data: bytes):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body)
        yield kind, body
        pos += 12 + length


def test_thumbs_are_jpeg_and_previews_are_png(client):
    image_id = client.sandbox.truth("images")["keys"][0]
    image = client.get("/v3/images", ids=image_id, fields="display_set").json()["images"][0]
    sizes = {d["name"]: d["uri"] for d in image["display_sizes"]}
    assert all(uri.startswith(client.sandbox.url) for uri in sizes.values())
    thumb = requests.get(sizes["thumb"], timeout=5)
    assert thumb.headers["Content-Type"] == "image/jpeg"
    assert thumb.content[:3] == b"\xff\xd8\xff" and thumb.content[-2:] == b"\xff\xd9"
    preview = requests.get(sizes["preview"], timeout=5)
    assert preview.headers["Content-Type"] == "image/png"
    chunks = dict(png_chunks(preview.content))
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    raw = zlib.decompress(chunks[b"IDAT"])
    assert len(raw) == height * (1 + 3 * width)


def test_download_thumb_uri_is_served(client):
    record = client.get("/v3/downloads", company_downloads="true").json()["downloads"][0]
    assert requests.get(record["thumb_uri"], timeout=5).status_code == 200
    assert requests.get(f"{client.sandbox.url}/media/thumb/123.jpg", timeout=5).status_code == 404


@pytest.mark.skipif(
    shutil.which("exiftool") is None,
    reason="exiftool (Debian libimage-exiftool-perl) is not installed",
)
def test_exiftool_reads_the_renditions(client, tmp_path: Path):
    image_id = client.sandbox.truth("images")["keys"][0]
    for kind, ext in (("thumb", "jpg"), ("preview", "png")):
        path = tmp_path / f"{kind}.{ext}"
        path.write_bytes(
            requests.get(f"{client.sandbox.url}/media/{kind}/{image_id}.{ext}", timeout=5).content
        )
        info = json.loads(subprocess.check_output(["exiftool", "-j", str(path)]))[0]
        assert info["FileType"] == ext.upper().replace("JPG", "JPEG")
        assert info["ImageWidth"] > 0 and "Error" not in info


def test_the_command_serves_and_prints_a_connector_config():
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "getty_sandbox",
            "--port",
            "0",
            "--seed",
            "3",
            "--scale",
            "tiny",
            "--print-config",
            "--now",
            "2026-11-01T00:00:00Z",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        banner = proc.stderr.readline()
        url = re.search(r"http://[\d.]+:\d+", banner).group(0)
        config = json.loads(proc.stdout.readline())
        assert config["api_base_url"] == url and config["auth_url"] == f"{url}/oauth2/token"
        account = requests.get(f"{url}/_sandbox/account", timeout=5).json()
        assert (account["seed"], account["downloads"]) == (3, 300)
        token = requests.post(
            config["auth_url"],
            timeout=5,
            data={
                "grant_type": "password",
                "client_id": config["api_key"],
                "client_secret": config["api_secret"],
                **config["credentials"],
            },
        ).json()
        assert token["token_type"] == "Bearer"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
