"""Auth as Getty does it: grants, Api-Key on every call, user tokens on account data, expiry."""

from __future__ import annotations

import time

import pytest

ACCOUNT_PATHS = [
    "/v3/customers/current",
    "/v3/downloads",
    "/v3/purchased-assets",
    "/v3/products",
    "/v3/boards",
    "/v3/asset-changes/channels",
]


@pytest.mark.parametrize("grant", ["password", "client_credentials", "authorization_code"])
def test_grants_issue_tokens_with_expires_in_as_a_string(getty_sandbox, grant, make_client):
    body = make_client(getty_sandbox, grant=None).fetch_token(grant)
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == "1800"
    assert ("refresh_token" in body) is (grant != "client_credentials")


def test_refresh_token_grant_gives_a_working_token(getty_sandbox, client):
    first = client.fetch_token("password")
    refreshed = client.fetch_token("refresh_token", refresh_token=first["refresh_token"])
    assert client.get("/v3/customers/current", token=refreshed["access_token"]).status_code == 200


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({"client_secret": "wrong"}, 401, "invalid_client"),
        ({"password": "wrong"}, 400, "invalid_grant"),
        ({"grant_type": "implicit"}, 400, "unsupported_grant_type"),
        ({"grant_type": "refresh_token", "refresh_token": "nope"}, 400, "invalid_grant"),
    ],
)
def test_token_endpoint_rejects_bad_requests(getty_sandbox, form, status, error, make_client):
    c = getty_sandbox.credentials
    base = {
        "grant_type": "password",
        "client_id": c.api_key,
        "client_secret": c.api_secret,
        "username": c.username,
        "password": c.password,
    }
    resp = make_client(getty_sandbox, grant=None).http.post(
        getty_sandbox.auth_url, data=base | form, timeout=10
    )
    assert (resp.status_code, resp.json()["error"]) == (status, error)
    assert "access_token" not in resp.json()


@pytest.mark.parametrize("key", [None, "not-the-key"])
def test_api_key_is_required_everywhere(getty_sandbox, client, key):
    headers = {"Authorization": f"Bearer {client.token}"} | ({"Api-Key": key} if key else {})
    for path in [*ACCOUNT_PATHS, "/v3/images?ids=1"]:
        resp = client.http.get(getty_sandbox.url + path, headers=headers, timeout=10)
        assert resp.status_code == 401
        assert resp.json() == {"message": "Unauthorized"}


def test_account_endpoints_need_a_bearer_token(getty_sandbox, make_client):
    anonymous = make_client(getty_sandbox, grant=None)
    for path in ACCOUNT_PATHS:
        resp = anonymous.get(path)
        assert resp.status_code == 401, path
        challenge = resp.headers["WWW-Authenticate"]
        assert challenge.startswith('Bearer realm="Download",error="invalid_token"')
        assert "ErrorCode" not in resp.json()


def test_metadata_endpoints_work_with_the_api_key_alone(getty_sandbox, make_client):
    anonymous = make_client(getty_sandbox, grant=None)
    image_id = getty_sandbox.truth("images")["keys"][0]
    assert anonymous.get("/v3/images", ids=image_id).json()["images"][0]["id"] == image_id


def test_client_credentials_reach_metadata_but_not_account_data(getty_sandbox, make_client):
    app = make_client(getty_sandbox, grant="client_credentials")
    image_id = getty_sandbox.truth("images")["keys"][0]
    assert app.get("/v3/images", ids=image_id).status_code == 200
    resp = app.get("/v3/downloads")
    assert resp.status_code == 403
    assert resp.headers["Content-Type"] == "application/vnd.getty.error+json"
    assert resp.json()["ErrorCode"] == "InsufficientPermissions"


def test_tokens_expire_and_refresh_tokens_outlive_them(getty_sandbox_factory, make_client):
    sandbox = getty_sandbox_factory(token_ttl=1)
    client = make_client(sandbox, grant=None)
    issued = client.fetch_token("password")
    assert issued["expires_in"] == "1"
    assert client.get("/v3/downloads", token=issued["access_token"]).status_code == 200
    time.sleep(1.1)
    expired = client.get("/v3/downloads", token=issued["access_token"])
    assert expired.status_code == 401
    assert 'error_description="The access token expired"' in expired.headers["WWW-Authenticate"]
    fresh = client.fetch_token("refresh_token", refresh_token=issued["refresh_token"])
    assert client.get("/v3/downloads", token=fresh["access_token"]).status_code == 200


def test_revoked_tokens_get_401_invalid_token(getty_sandbox_factory, make_client):
    sandbox = getty_sandbox_factory()
    client = make_client(sandbox)
    assert client.get("/v3/products").status_code == 200
    assert sandbox.admin("revoke-tokens", {})["revoked"] >= 1
    resp = client.get("/v3/products")
    assert resp.status_code == 401
    assert "revoked" in resp.headers["WWW-Authenticate"]


def test_token_calls_count_against_the_rate_limit(getty_sandbox_factory, make_client):
    sandbox = getty_sandbox_factory()
    sandbox.set_faults(qps=2)
    client = make_client(sandbox, grant=None)
    c = sandbox.credentials
    form = {
        "grant_type": "client_credentials",
        "client_id": c.api_key,
        "client_secret": c.api_secret,
    }
    statuses = [
        client.http.post(sandbox.auth_url, data=form, timeout=5).status_code for _ in range(4)
    ]
    assert statuses[:2] == [200, 200]
    assert 429 in statuses[2:]
