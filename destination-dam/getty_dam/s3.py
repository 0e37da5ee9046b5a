"""A small client for AWS S3 and S3-compatible stores (MinIO, Ceph, Garage, R2...): the object
calls the folder DAM needs, signed with AWS Signature Version 4 over `requests`.

Every PUT signs the SHA-256 of its body (`x-amz-content-sha256`), so the store rejects a body
that changed on the way; a PUT that returned 200 is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlsplit

import requests

from .errors import WriteFailed, redact

ALGORITHM = "AWS4-HMAC-SHA256"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
RETRIED_STATUS = (500, 502, 503, 504)


class S3Error(WriteFailed):
    """The store refused or failed a call; the message says which and what to check.
    Like every failed write it stops the sync: nothing after it is acknowledged."""


def uri_encode(text: str, safe: str = "-_.~") -> str:
    """RFC 3986 percent-encoding as SigV4 wants it (every byte but unreserved ones)."""
    return quote(text, safe=safe)


def query_string(query: Mapping[str, str]) -> str:
    """The canonical (sorted, encoded) query string; sent exactly so, never re-encoded."""
    return "&".join(f"{uri_encode(k)}={uri_encode(v)}" for k, v in sorted(query.items()))


def signing_key(secret: str, day: str, region: str, service: str) -> bytes:
    key = f"AWS4{secret}".encode()
    for part in (day, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def authorization(
    method: str,
    path: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    payload_sha256: str,
    *,
    access_key_id: str,
    secret_access_key: str,
    region: str,
    amz_date: str,
    service: str = "s3",
) -> str:
    """The `Authorization` header of a SigV4-signed request.

    `path` is the encoded path as sent; `headers` are every header to sign (must include
    `host`, `x-amz-date` and `x-amz-content-sha256`).
    """
    canonical_query = query_string(query)
    signed = {k.lower(): " ".join(str(v).split()) for k, v in headers.items()}
    names = ";".join(sorted(signed))
    canonical_headers = "".join(f"{k}:{signed[k]}\n" for k in sorted(signed))
    canonical = "\n".join([method, path, canonical_query, canonical_headers, names, payload_sha256])
    day = amz_date[:8]
    scope = f"{day}/{region}/{service}/aws4_request"
    to_sign = "\n".join(
        [ALGORITHM, amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = signing_key(secret_access_key, day, region, service)
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        f"{ALGORITHM} Credential={access_key_id}/{scope}, "
        f"SignedHeaders={names}, Signature={signature}"
    )


class S3Client:
    """Object calls on one bucket: `put`, `get`, `head`, `delete`, `list_keys`."""

    def __init__(
        self,
        bucket: str,
        access_key_id: str,
        secret_access_key: str,
        region: str = "us-east-1",
        endpoint: str | None = None,
        path_style: bool | None = None,
        session: requests.Session | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        attempts: int = 4,
    ) -> None:
        self.bucket, self.region = bucket, region
        self._key_id, self._secret = access_key_id, secret_access_key
        self.endpoint = (endpoint or f"https://s3.{region}.amazonaws.com").rstrip("/")
        # AWS: virtual-hosted style; other stores: path style, which all of them accept.
        self.path_style = endpoint is not None if path_style is None else path_style
        self.session = session or requests.Session()
        self.clock, self.attempts = clock, attempts

    def url(self, key: str) -> tuple[str, str, str]:
        """(URL, host, encoded path) of an object (key "" is the bucket itself)."""
        parts = urlsplit(self.endpoint)
        encoded_key = uri_encode(key, safe="-_.~/")
        if self.path_style:
            host = parts.netloc
            path = f"{parts.path}/{uri_encode(self.bucket)}/{encoded_key}"
        else:
            host = f"{self.bucket}.{parts.netloc}"
            path = f"{parts.path}/{encoded_key}"
        return f"{parts.scheme}://{host}{path}", host, path

    def request(
        self,
        method: str,
        key: str,
        *,
        query: Mapping[str, str] | None = None,
        body: bytes | Path = b"",
        headers: Mapping[str, str] | None = None,
        ok: tuple[int, ...] = (200,),
    ) -> requests.Response:
        """One signed call, retried on 5xx and dropped connections; raises S3Error otherwise."""
        query = dict(query or {})
        payload_sha256 = _sha256(body)
        url, host, path = self.url(key)
        if query:
            url = f"{url}?{query_string(query)}"
        for attempt in range(self.attempts):
            amz_date = self.clock().strftime("%Y%m%dT%H%M%SZ")
            signed = {
                "host": host,
                "x-amz-date": amz_date,
                "x-amz-content-sha256": payload_sha256,
                **{k.lower(): v for k, v in (headers or {}).items()},
            }
            sent = {k: v for k, v in signed.items() if k != "host"}
            sent["Host"] = host
            sent["Authorization"] = authorization(
                method,
                path,
                query,
                signed,
                payload_sha256,
                access_key_id=self._key_id,
                secret_access_key=self._secret,
                region=self.region,
                amz_date=amz_date,
            )
            try:
                with _body(body) as data:
                    response = self.session.request(
                        method, url, data=data, headers=sent, timeout=120
                    )
            except requests.ConnectionError as exc:
                if attempt + 1 == self.attempts:
                    raise S3Error(f"S3 {method} {key!r}: {type(exc).__name__}") from exc
            else:
                if response.status_code in ok:
                    return response
                if response.status_code not in RETRIED_STATUS or attempt + 1 == self.attempts:
                    raise self._error(method, key, response)
            time.sleep(0.2 * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _error(self, method: str, key: str, response: requests.Response) -> S3Error:
        code = _xml_text(response.content, "Code") or f"HTTP {response.status_code}"
        hint = {
            "InvalidAccessKeyId": "check access_key_id",
            "SignatureDoesNotMatch": "check secret_access_key (and s3_bucket_region)",
            "AccessDenied": "the key may not write to this bucket or path",
            "NoSuchBucket": f"bucket {self.bucket!r} does not exist; check s3_bucket_name",
            "PermanentRedirect": "the bucket is in another region; check s3_bucket_region",
            "AuthorizationHeaderMalformed": "check s3_bucket_region",
        }.get(code, "")
        where = f"s3://{self.bucket}/{key}"
        message = f"S3 {method} {where}: {code} (HTTP {response.status_code})"
        return S3Error(redact(f"{message}; {hint}" if hint else message, (self._secret,)))

    def put(
        self,
        key: str,
        body: bytes | Path,
        metadata: Mapping[str, str] | None = None,
        content_type: str = "application/octet-stream",
    ) -> None:
        """Store an object (bytes, or a local file streamed from disk) with user metadata."""
        headers = {"content-type": content_type}
        headers.update({f"x-amz-meta-{k}": v for k, v in (metadata or {}).items()})
        self.request("PUT", key, body=body, headers=headers)

    def get(self, key: str) -> bytes | None:
        """The object's bytes, or None when there is no such key."""
        response = self.request("GET", key, ok=(200, 404))
        if response.status_code == 404:
            if _xml_text(response.content, "Code") == "NoSuchBucket":
                raise self._error("GET", key, response)
            return None
        return response.content

    def head(self, key: str) -> dict[str, str] | None:
        """`etag` and user metadata (`x-amz-meta-` stripped) of an object, or None."""
        response = self.request("HEAD", key, ok=(200, 404))
        if response.status_code == 404:
            return None
        meta = {"etag": response.headers.get("ETag", "").strip('"')}
        for name, value in response.headers.items():
            if name.lower().startswith("x-amz-meta-"):
                meta[name.lower()[len("x-amz-meta-") :]] = value
        return meta

    def delete(self, key: str) -> None:
        self.request("DELETE", key, ok=(200, 204))

    def list_keys(self, prefix: str) -> Iterator[str]:
        """Keys starting with `prefix` (ListObjectsV2, every page)."""
        query = {"list-type": "2", "prefix": prefix}
        while True:
            response = self.request("GET", "", query=query)
            root = ET.fromstring(response.content)  # noqa: S314 - the configured store
            ns = root.tag.partition("}")[0] + "}" if root.tag.startswith("{") else ""
            for item in root.iter(f"{ns}Contents"):
                yield item.findtext(f"{ns}Key") or ""
            token = root.findtext(f"{ns}NextContinuationToken")
            if root.findtext(f"{ns}IsTruncated") != "true" or not token:
                return
            query = {**query, "continuation-token": token}


def _sha256(body: bytes | Path) -> str:
    if isinstance(body, bytes):
        return hashlib.sha256(body).hexdigest() if body else EMPTY_SHA256
    digest = hashlib.sha256()
    with open(body, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _body:
    """Bytes as they are; a file opened for streaming and closed afterwards."""

    def __init__(self, body: bytes | Path) -> None:
        self.body = body
        self.handle: IO[bytes] | None = None

    def __enter__(self) -> bytes | IO[bytes]:
        if isinstance(self.body, bytes):
            return self.body
        handle = open(self.body, "rb")  # closed in __exit__
        self.handle = handle
        return handle

    def __exit__(self, *exc: Any) -> None:
        if self.handle is not None:
            self.handle.close()


def _xml_text(content: bytes, tag: str) -> str | None:
    try:
        root = ET.fromstring(content)  # noqa: S314 - the configured store's answer
    except ET.ParseError:
        return None
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == tag:
            return element.text
    return None
