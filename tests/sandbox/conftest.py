"""A small HTTP client for the sandbox, with a user token, shared by the sandbox tests."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from getty_sandbox.pytest_plugin import RunningSandbox


class GettyClient:
    """Talks to a running sandbox as a connector would (password grant by default)."""

    def __init__(self, sandbox: RunningSandbox, grant: str = "password") -> None:
        self.sandbox = sandbox
        self.http = requests.Session()
        self.token = self.fetch_token(grant)["access_token"] if grant else None

    def fetch_token(self, grant: str, **extra: str) -> dict[str, Any]:
        c = self.sandbox.credentials
        form = {"grant_type": grant, "client_id": c.api_key, "client_secret": c.api_secret}
        if grant == "password":
            form |= {"username": c.username, "password": c.password}
        if grant == "authorization_code":
            form["code"] = c.authorization_code
        form |= extra
        resp = self.http.post(self.sandbox.auth_url, data=form, timeout=10)
        assert resp.status_code == 200, resp.text
        return resp.json()  # type: ignore[no-any-return]

    def headers(self, token: str | None = None) -> dict[str, str]:
        headers = {"Api-Key": self.sandbox.credentials.api_key}
        if token or self.token:
            headers["Authorization"] = f"Bearer {token or self.token}"
        return headers

    def get(self, path: str, token: str | None = None, **params: Any) -> requests.Response:
        return self.http.get(
            f"{self.sandbox.url}{path}", params=params, headers=self.headers(token), timeout=30
        )

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.http.request(
            method, f"{self.sandbox.url}{path}", headers=self.headers(), timeout=30, **kwargs
        )

    def all_pages(self, path: str, key: str, **params: Any) -> list[dict[str, Any]]:
        """Every record of a listing, paging by result_count with pages of 100."""
        records: list[dict[str, Any]] = []
        page = 1
        while True:
            body = self.get(path, page=page, page_size=100, **params).json()
            records.extend(body[key])
            if page * 100 >= body["result_count"]:
                return records
            page += 1


@pytest.fixture
def client(getty_sandbox: RunningSandbox) -> GettyClient:
    return GettyClient(getty_sandbox)


@pytest.fixture
def make_client() -> type[GettyClient]:
    """The client class, for tests that need another sandbox or another grant."""
    return GettyClient


@pytest.fixture(autouse=True)
def _no_faults_leak(getty_sandbox: RunningSandbox) -> Any:
    """Tests that set faults on the shared sandbox get them cleared afterwards."""
    yield
    getty_sandbox.set_faults()
