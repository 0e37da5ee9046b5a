"""The two things manifest.yaml cannot declare in airbyte-cdk 7.39.1 (see the README).

- `ResultCountPageIncrement`: Getty pages stop on `result_count`, not only on a short page.
- `SharedTokenOAuthenticator`: one OAuth token for every stream of a sync, renewed shortly
  before it expires.

The manifest names them `source_declarative_manifest.components.<class>`, the module name the
CDK gives a manifest-only connector's `components.py`. Self-contained: Airbyte may load this
file as text, outside the package, and runs it before registering it as a module: so no
`from __future__ import annotations` here (dataclasses would then look the module up).
"""

import hashlib
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import requests
from airbyte_cdk.sources.declarative.auth.oauth import DeclarativeOauth2Authenticator
from airbyte_cdk.sources.declarative.requesters.paginators.strategies.page_increment import (
    PageIncrement,
)
from airbyte_cdk.sources.types import Record, StreamSlice
from airbyte_cdk.utils.datetime_helpers import AirbyteDateTime, ab_datetime_now


@dataclass
class ResultCountPageIncrement(PageIncrement):
    """`PageIncrement` that also stops once page * page_size reaches the body's `result_count`.

    A window of exactly 100 results then costs one call, not a second one that Getty answers
    with 400 `InvalidPage` (which the error handler still ends cleanly, as a safety net).
    """

    def next_page_token(
        self,
        response: requests.Response,
        last_page_size: int,
        last_record: Record | None,
        last_page_token_value: Any | None,
        page_size_override: int | None = None,
        stream_slice: StreamSlice | None = None,
    ) -> Any | None:
        page = last_page_token_value if isinstance(last_page_token_value, int) else None
        total = _result_count(response)
        if page is not None and total is not None and page * (self._page_size or 0) >= total:
            return None
        return super().next_page_token(
            response,
            last_page_size,
            last_record,
            last_page_token_value,
            page_size_override,
            stream_slice,
        )


def _result_count(response: requests.Response) -> int | None:
    try:
        body = response.json()
        return int(body["result_count"])
    except (ValueError, TypeError, KeyError):
        return None


@dataclass
class _SharedToken:
    value: str | None = None
    expires_at: AirbyteDateTime | None = None
    renew_at: AirbyteDateTime | None = None


_TOKENS: dict[tuple[str, ...], _SharedToken] = {}
_TOKENS_LOCK = threading.Lock()


def forget_tokens() -> None:
    """Drop every shared token of this process (tests; a new sync otherwise reuses them)."""
    with _TOKENS_LOCK:
        _TOKENS.clear()


@dataclass
class SharedTokenOAuthenticator(DeclarativeOauth2Authenticator):
    """`OAuthAuthenticator` whose token is shared by every requester of the process.

    The CDK builds one authenticator per requester, and each fetched its own token (Getty
    counts token calls against the rate limit). Here instances with the same token URL, client
    id, grant, username and refresh token share one token, renewed `renew_seconds_before_expiry`
    before it expires (at most half its lifetime early). A 401 still refreshes it once: the
    CDK's refresh lock is class-wide, and a token another requester already replaced is not
    fetched again.
    """

    renew_seconds_before_expiry: int = 60

    @property
    def _shared(self) -> _SharedToken:
        slot: _SharedToken | None = self.__dict__.get("_slot")
        if slot is None:
            slot = self._slot = self._find_slot()
        return slot

    def _find_slot(self) -> _SharedToken:
        body = self.get_refresh_request_body()
        refresh_token = self.get_refresh_token() or ""
        key = (
            str(self.get_token_refresh_endpoint()),
            self.get_client_id(),
            self.get_grant_type(),
            str(body.get("username") or ""),
            hashlib.sha256(refresh_token.encode()).hexdigest() if refresh_token else "",
        )
        with _TOKENS_LOCK:
            return _TOKENS.setdefault(key, _SharedToken())

    @property
    def access_token(self) -> str:
        value = self._shared.value
        if value is None:
            raise ValueError("OAuth access token is empty")
        return value

    @access_token.setter
    def access_token(self, value: str) -> None:
        self._shared.value = value

    def _has_access_token_been_initialized(self) -> bool:
        return self._shared.value is not None

    def get_token_expiry_date(self) -> AirbyteDateTime:
        return self._shared.expires_at or super().get_token_expiry_date()

    def set_token_expiry_date(self, value: AirbyteDateTime) -> None:
        super().set_token_expiry_date(value)
        expires_at = super().get_token_expiry_date()
        lifetime = expires_at - ab_datetime_now()
        margin = min(timedelta(seconds=self.renew_seconds_before_expiry), lifetime / 2)
        shared = self._shared
        shared.expires_at = expires_at
        shared.renew_at = expires_at - max(margin, timedelta(0))

    def token_has_expired(self) -> bool:
        shared = self._shared
        if shared.value is None or shared.renew_at is None:
            return True
        return ab_datetime_now() >= shared.renew_at
