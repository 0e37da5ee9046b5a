"""OAuth2 token issue, expiry, refresh and revocation, as Getty's token endpoint does it."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Credentials:
    """The sandbox's fake, public credentials."""

    api_key: str = "sandbox-api-key"
    api_secret: str = "sandbox-api-secret"  # noqa: S105
    username: str = "sandbox-user"
    password: str = "sandbox-password"  # noqa: S105
    authorization_code: str = "sandbox-authorization-code"


@dataclass
class Token:
    grant: str
    user_context: bool
    expires_at: float
    revoked: bool = False


class OAuthError(Exception):
    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description


@dataclass
class TokenStore:
    credentials: Credentials
    ttl: int = 1800
    _tokens: dict[str, Token] = field(default_factory=dict)
    _refresh: dict[str, str] = field(default_factory=dict)  # refresh token -> grant
    _lock: threading.Lock = field(default_factory=threading.Lock)
    issued: int = 0

    def grant(self, form: dict[str, str]) -> dict[str, str]:
        """Answer a token request; raise OAuthError as Getty would."""
        creds = self.credentials
        if form.get("client_id") != creds.api_key or form.get("client_secret") != creds.api_secret:
            raise OAuthError(401, "invalid_client", "Client credentials are invalid.")
        grant = form.get("grant_type", "")
        if grant == "client_credentials":
            return self._issue(grant, user_context=False, with_refresh=False)
        if grant == "password":
            if form.get("username") != creds.username or form.get("password") != creds.password:
                raise OAuthError(400, "invalid_grant", "The user name or password is incorrect.")
            return self._issue(grant, user_context=True, with_refresh=True)
        if grant == "authorization_code":
            if form.get("code") != creds.authorization_code:
                raise OAuthError(400, "invalid_grant", "The authorization code is invalid.")
            return self._issue(grant, user_context=True, with_refresh=True)
        if grant == "refresh_token":
            with self._lock:
                known = self._refresh.get(form.get("refresh_token", ""))
            if known is None:
                raise OAuthError(400, "invalid_grant", "The refresh token is invalid or revoked.")
            return self._issue(grant, user_context=True, with_refresh=True)
        raise OAuthError(400, "unsupported_grant_type", f"Grant type '{grant}' is not supported.")

    def _issue(self, grant: str, user_context: bool, with_refresh: bool) -> dict[str, str]:
        token = secrets.token_urlsafe(32)
        body = {"access_token": token, "token_type": "Bearer", "expires_in": str(self.ttl)}
        with self._lock:
            self._tokens[token] = Token(grant, user_context, time.monotonic() + self.ttl)
            self.issued += 1
            if with_refresh:
                refresh = secrets.token_urlsafe(32)
                self._refresh[refresh] = grant
                body["refresh_token"] = refresh
        return body

    def check(self, token: str) -> tuple[Token | None, str]:
        """The token if usable, else None and why (for WWW-Authenticate)."""
        with self._lock:
            found = self._tokens.get(token)
        if found is None:
            return None, "The access token is invalid"
        if found.revoked:
            return None, "The access token has been revoked"
        if time.monotonic() >= found.expires_at:
            return None, "The access token expired"
        return found, ""

    def revoke_all(self) -> int:
        """Revoke every access token (refresh tokens stay valid, as after a key rotation)."""
        with self._lock:
            live = [t for t in self._tokens.values() if not t.revoked]
            for t in live:
                t.revoked = True
        return len(live)
