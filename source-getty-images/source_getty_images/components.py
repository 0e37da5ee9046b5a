"""The three things manifest.yaml cannot declare in airbyte-cdk 7.39.1 (see the README).

- `ResultCountPageIncrement`: Getty pages stop on `result_count`, not only on a short page.
- `SharedTokenOAuthenticator`: one OAuth token for every stream of a sync, renewed shortly
  before it expires; rejected credentials fail with a message naming the settings to fix.
- `NotFoundLoggingExtractor`: the ids Getty lists in `images_not_found`/`videos_not_found`
  are logged as a warning, not dropped silently.

The manifest names them `source_declarative_manifest.components.<class>`, the module name the
CDK gives a manifest-only connector's `components.py`. Self-contained: Airbyte may load this
file as text, outside the package, and runs it before registering it as a module: so no
`from __future__ import annotations` here (dataclasses would then look the module up).
"""

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.declarative.auth.oauth import DeclarativeOauth2Authenticator
from airbyte_cdk.sources.declarative.extractors.dpath_extractor import DpathExtractor
from airbyte_cdk.sources.declarative.requesters.paginators.strategies.page_increment import (
    PageIncrement,
)
from airbyte_cdk.sources.types import Record, StreamSlice
from airbyte_cdk.utils import AirbyteTracedException
from airbyte_cdk.utils.datetime_helpers import AirbyteDateTime, ab_datetime_now

LOGGER = logging.getLogger("airbyte")


@dataclass
class ResultCountPageIncrement(PageIncrement):
    """`PageIncrement` that also stops once page * page_size reaches the body's total,
    `count_field` (`result_count`; the board list calls it `board_count`).

    A window of exactly 100 results then costs one call, not a second one that Getty answers
    with 400 `InvalidPage` (which the error handler still ends cleanly, as a safety net).
    """

    count_field: str = "result_count"

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
        total = _result_count(response, self.count_field)
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


def _result_count(response: requests.Response, field: str) -> int | None:
    try:
        body = response.json()
        return int(body[field])
    except (ValueError, TypeError, KeyError):
        return None


@dataclass
class _SharedToken:
    value: str | None = None
    expires_at: AirbyteDateTime | None = None
    renew_at: AirbyteDateTime | None = None


_TOKENS: dict[tuple[str, ...], _SharedToken] = {}
_TOKENS_LOCK = threading.Lock()

WRONG_CLIENT = (
    "Getty rejected the API key or secret: check api_key and api_secret (your application in "
    "the Getty developer portal, https://developers.gettyimages.com/). The token endpoint "
    "answered {answer}."
)
WRONG_SIGN_IN = (
    "Getty rejected the username or password: check credentials.username and "
    "credentials.password (the sign-in of the Getty account, not the API key and secret). The "
    "token endpoint answered {answer}."
)
EXPIRED_GRANT = (
    "Getty rejected the refresh token: it has expired or been revoked. Get a new one by signing "
    "in to Getty through OAuth and enter it as credentials.refresh_token, or use the username "
    "and password credentials instead. The token endpoint answered {answer}."
)
REFUSED_GRANT = (
    "The Getty token endpoint refused the {grant} grant: check auth_url (default "
    "https://authentication.gettyimages.com/oauth2/token) and the credentials type. It "
    "answered {answer}."
)
REJECTED_AFTER_RENEWAL = (
    "Getty rejected an access token its token endpoint had just issued (401 on {url}): check "
    "that api_base_url and auth_url point to the same Getty environment (their defaults are "
    "the hosts of Getty) and that the application of api_key may use the Getty API v3."
)


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

    Rejected credentials end the sync with a config error that names the settings to fix: a
    4xx from the token endpoint (by OAuth error and grant), and a 401 for a request already
    retried with a renewed token.
    """

    renew_seconds_before_expiry: int = 60

    # ------------------------------------------------------------ rejected credentials
    def refresh_access_token(self) -> tuple[str, AirbyteDateTime]:
        """The CDK's token request; a 4xx from the token endpoint names the settings to fix."""
        try:
            return super().refresh_access_token()
        except (requests.RequestException, AirbyteTracedException) as error:
            response = _rejection_of(error)
            if response is None:
                raise
            raise AirbyteTracedException(
                message=self._rejected_credentials_message(response),
                internal_message=self._redacted(
                    f"POST {self.get_token_refresh_endpoint()} answered "
                    f"{response.status_code}: {response.text[:1000]}"
                ),
                failure_type=FailureType.config_error,
            ) from error

    def _rejected_credentials_message(self, response: requests.Response) -> str:
        error = _oauth_error(response)
        answer = f"{response.status_code} {error}".strip()
        grant = self.get_grant_type()
        if error == "invalid_client" or (response.status_code == 401 and not error):
            return WRONG_CLIENT.format(answer=answer)
        if error == "invalid_grant" and grant == "password":
            return WRONG_SIGN_IN.format(answer=answer)
        if error == "invalid_grant" and grant == "refresh_token":
            return EXPIRED_GRANT.format(answer=answer)
        return REFUSED_GRANT.format(grant=grant, answer=answer)

    def _redacted(self, text: str) -> str:
        """`text` without the key, secret, password or refresh token, should Getty echo one."""
        secrets = (
            self.get_client_id(),
            self.get_client_secret(),
            self.get_refresh_token(),
            self.get_refresh_request_body().get("password"),
        )
        # Longest first: a key inside a secret must not leave the secret's remainder visible.
        for secret in sorted(
            (x for x in secrets if isinstance(x, str) and x), key=len, reverse=True
        ):
            text = text.replace(secret, "****")
        return text

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """The CDK's Authorization header, and once per request the hook that stops at a
        second 401 (the CDK calls this again with the same request to retry it)."""
        request = super().__call__(request)
        if not any(isinstance(hook, _RejectedAfterRenewal) for hook in request.hooks["response"]):
            request.register_hook("response", _RejectedAfterRenewal(self._redacted))
        return request

    # ------------------------------------------------------------------- shared token
    @property
    def _shared(self) -> _SharedToken:
        slot: _SharedToken | None = self.__dict__.get("_slot")
        if slot is None:
            slot = self._slot = self._find_slot()
        return slot

    def _find_slot(self) -> _SharedToken:
        body = self.get_refresh_request_body()
        # Every credential is part of the key: a wrong secret or password must not reuse the
        # token that the right ones obtained in the same process (hashed: no secret in memory
        # beyond the config's own).
        secrets = "\n".join(
            str(x or "")
            for x in (self.get_client_secret(), body.get("password"), self.get_refresh_token())
        )
        key = (
            str(self.get_token_refresh_endpoint()),
            self.get_client_id(),
            self.get_grant_type(),
            str(body.get("username") or ""),
            hashlib.sha256(secrets.encode()).hexdigest(),
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


class _RejectedAfterRenewal:
    """Response hook of one request (and its retries): stops at a 401 for a renewed token.

    The CDK renews the token once per request and stops at the next 401 too, but with a
    message that names no setting ("Refreshed OAuth access token is rejected by the API").
    """

    def __init__(self, redacted: Callable[[str], str]) -> None:
        self.first_rejected: str | None = None
        self.redacted = redacted

    def __call__(self, response: requests.Response, **_: Any) -> requests.Response:
        if response.status_code != 401:
            return response
        request = response.request
        sent = str(request.headers.get("Authorization", ""))
        if self.first_rejected is None:
            self.first_rejected = sent
        elif sent != self.first_rejected:
            parts = urlsplit(str(request.url))
            url = f"{parts.scheme}://{parts.netloc}{parts.path}"
            raise AirbyteTracedException(
                message=REJECTED_AFTER_RENEWAL.format(url=url),
                internal_message=self.redacted(
                    f"{request.method} {url} answered 401 again after the token was renewed: "
                    f"{response.headers.get('WWW-Authenticate', '')} {response.text[:500]}"
                ),
                failure_type=FailureType.config_error,
            )
        return response


def _rejection_of(error: BaseException) -> requests.Response | None:
    """The token endpoint's 4xx answer behind `error` (not 408, 425 or 429), if that is what
    it is."""
    for candidate in (error, error.__cause__):
        response = getattr(candidate, "response", None)
        if isinstance(response, requests.Response):
            status = response.status_code
            transient = status in (408, 425, 429)  # timeout, too early, throttled: retried
            return response if 400 <= status < 500 and not transient else None
    return None


def _oauth_error(response: requests.Response) -> str:
    """The OAuth `error` code of a token endpoint answer (`invalid_client` ...), or ''."""
    try:
        body = response.json()
    except ValueError:
        return ""
    error = body.get("error") if isinstance(body, Mapping) else None
    return " ".join(error.split())[:64] if isinstance(error, str) else ""


@dataclass
class NotFoundLoggingExtractor(DpathExtractor):
    """`DpathExtractor` that also logs, as a warning, the ids Getty answered it has no asset for.

    `GET /v3/images?ids=...` answers 200 with the assets it has and lists the others in
    `images_not_found` (`videos_not_found` for videos). A manifest cannot log from a 200: the
    error handler's SUCCESS logs nothing and IGNORE would drop the records found.
    """

    not_found_field: str = ""
    asset_type: str = "asset"

    def extract_records(self, response: requests.Response) -> Iterable[MutableMapping[Any, Any]]:
        missing = _not_found_ids(response, self.not_found_field)
        if missing:
            LOGGER.warning(
                "Getty has no %s for ids %s: skipped.", self.asset_type, ", ".join(missing)
            )
        yield from super().extract_records(response)


def _not_found_ids(response: requests.Response, field: str) -> list[str]:
    try:
        body = response.json()
    except ValueError:
        return []
    ids = body.get(field) if isinstance(body, Mapping) and field else None
    return [str(i) for i in ids] if isinstance(ids, list) else []
