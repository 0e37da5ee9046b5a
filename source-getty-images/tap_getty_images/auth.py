"""Getty's OAuth2 token endpoint, shared by every stream of a tap run.

One token serves all streams and worker threads; it is renewed a minute before it expires
and once more when Getty answers 401 `invalid_token` (a revoked or rotated token). A token
that Getty rejects before it ever worked is not renewed again: that is a credentials problem.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from singer_sdk.authenticators import OAuthAuthenticator
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError

RENEW_BEFORE_EXPIRY = timedelta(seconds=60)  # or the last quarter of a shorter lifetime

GRANT_HINTS = {
    "password": "check credentials.username and credentials.password",
    "refresh_token": "get a new credentials.refresh_token (it may have been revoked)",
    "client_credentials": "check api_key and api_secret",
}


class CredentialsRejected(FatalAPIError):
    """Getty refused the configured credentials; the message says which setting to fix."""


class GettyAuthenticator(OAuthAuthenticator):
    """Adds `Api-Key` and `Authorization: Bearer` to every request; thread-safe."""

    def __init__(
        self,
        *,
        auth_endpoint: str,
        api_key: str,
        api_secret: str,
        credentials: dict[str, Any],
        session: requests.Session,
    ) -> None:
        super().__init__(auth_endpoint=auth_endpoint, client_id=api_key, client_secret=api_secret)
        self.grant = credentials.get("auth_type", "client_credentials")
        self._credentials = credentials
        self._token_session = session
        self._lock = threading.RLock()
        self._proven: set[str] = set()  # tokens Getty has accepted at least once
        self._renewed_after_rejection = False

    @property
    def oauth_request_body(self) -> dict[str, Any]:
        body = {
            "grant_type": self.grant,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }
        if self.grant == "password":
            body |= {
                "username": self._credentials.get("username"),
                "password": self._credentials.get("password"),
            }
        elif self.grant == "refresh_token":
            body["refresh_token"] = self.refresh_token or self._credentials.get("refresh_token")
        return body

    def is_token_valid(self) -> bool:
        if self.access_token is None or self.last_refreshed is None:
            return False
        if not self.expires_in:
            return True
        lifetime = timedelta(seconds=self.expires_in)
        margin = min(RENEW_BEFORE_EXPIRY, lifetime / 4)
        return datetime.now(UTC) < self.last_refreshed + lifetime - margin

    def authenticate_request(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        with self._lock:
            if not self.is_token_valid():
                self.update_access_token()
            token = self.access_token
        request.headers["Api-Key"] = str(self.client_id)
        request.headers["Authorization"] = f"Bearer {token}"
        return request

    def update_access_token(self) -> None:
        """Ask Getty for a token with the configured grant (form-encoded, as Getty wants)."""
        requested_at = datetime.now(UTC)
        response = self._token_session.post(
            self.auth_endpoint, data=self.oauth_request_body, timeout=60
        )
        if response.status_code == 429 or response.status_code >= 500:
            raise RetriableAPIError(f"token endpoint answered {response.status_code}", response)
        if response.status_code != 200:
            raise CredentialsRejected(self._rejection(response))
        body = response.json()
        self.access_token = body["access_token"]
        # Getty sends expires_in as a string ("1800").
        self.expires_in = int(body["expires_in"]) if body.get("expires_in") else None
        self.refresh_token = body.get("refresh_token") or self.refresh_token
        self.last_refreshed = requested_at
        self.logger.info("Obtained a Getty access token (grant %s)", self.grant)

    def _rejection(self, response: requests.Response) -> str:
        try:
            body = response.json()
        except ValueError:
            body = {}
        error = body.get("error") or body.get("message") or response.reason
        return (
            f"Getty's token endpoint refused the {self.grant} grant "
            f"({response.status_code} {error}): {GRANT_HINTS.get(self.grant, '')}; "
            f"api_key/api_secret must be an API key pair with its secret."
        )

    def accepted(self, token: str) -> None:
        """Getty served a request with `token`."""
        if token not in self._proven:
            with self._lock:
                self._proven.add(token)
                self._renewed_after_rejection = False

    def rejected(self, token: str) -> None:
        """Getty answered 401 invalid_token for `token`: renew it once, or give up."""
        with self._lock:
            if token != self.access_token:
                return  # another thread has already renewed it
            if self._renewed_after_rejection and token not in self._proven:
                raise CredentialsRejected(
                    "Getty rejected a freshly issued access token (401 invalid_token); "
                    f"the {self.grant} grant does not give access: {GRANT_HINTS[self.grant]}."
                )
            self.access_token = None
            self._renewed_after_rejection = True
            self.logger.warning("Getty rejected the access token (401 invalid_token); renewing it")
