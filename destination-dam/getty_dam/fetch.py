"""Fetch image files, only from allowed hosts and never from Getty's download endpoint."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import requests

from .errors import DamError, WriteFailed

# Calling this endpoint licenses the asset again (and may use a credit).
DOWNLOAD_ENDPOINT = re.compile(r"/downloads/(images|videos)/", re.IGNORECASE)
MAGIC = {
    b"\xff\xd8\xff": ".jpg",
    b"\x89PNG\r\n\x1a\n": ".png",
    b"II*\x00": ".tif",
    b"MM\x00*": ".tif",
}


def parts_host(url: str) -> str:
    return urlsplit(url).hostname or url


class FetchRefused(DamError):
    """A URL outside the allowlist, or Getty's download endpoint."""


class Fetcher:
    def __init__(
        self, allowed_hosts: tuple[str, ...], max_bytes: int = 200 << 20, timeout: float = 60.0
    ) -> None:
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self.max_bytes, self.timeout = max_bytes, timeout
        self.session = requests.Session()

    def check_url(self, url: str) -> None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or host not in self.allowed_hosts:
            raise FetchRefused(
                f"{host or url!r} is not in allowed_hosts; add it to the config "
                "if files may come from there"
            )
        if DOWNLOAD_ENDPOINT.search(parts.path):
            raise FetchRefused(
                "refusing Getty's download endpoint (it licenses the asset again); give a "
                "licensed-file URI or use the comp/preview/thumb renditions"
            )

    def get(self, url: str) -> tuple[bytes, str]:
        """The file's bytes and its extension (from its signature: .jpg, .png or .tif)."""
        self.check_url(url)
        with self.session.get(
            url, timeout=self.timeout, stream=True, allow_redirects=False
        ) as response:
            if response.is_redirect:
                raise FetchRefused(f"{url} redirects elsewhere; give the final URL")
            if 400 <= response.status_code < 500:  # this file is gone or expired
                raise DamError(
                    f"{urlsplit(url).path} answered HTTP {response.status_code}; the rendition "
                    "URI may have expired: re-read the asset, or drop it from fetch_renditions"
                )
            if not response.ok:  # the host's trouble, not the asset's: stop, retry later
                raise WriteFailed(f"{parts_host(url)} answered HTTP {response.status_code}")
            body = bytearray()
            for chunk in response.iter_content(1 << 16):
                body += chunk
                if len(body) > self.max_bytes:
                    raise DamError(f"{url}: larger than {self.max_bytes} bytes")
        for magic, ext in MAGIC.items():
            if body.startswith(magic):
                return bytes(body), ext
        raise DamError(f"{url}: not a JPEG, PNG or TIFF file")
