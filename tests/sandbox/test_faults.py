"""Fault injection and throttling behave as configured, so connectors can be proven against them."""

from __future__ import annotations

import http.client
import json
import time
from urllib.parse import urlsplit

import pytest
import requests

QPS_DETAIL = "Account Over Queries Per Second Limit"


@pytest.fixture
def sandbox(getty_sandbox_factory):
    return getty_sandbox_factory()


def test_qps_limit_gives_429_without_retry_after(sandbox, make_client):
    client = make_client(sandbox)
    sandbox.set_faults(qps=5)
    statuses = [client.get("/v3/products") for _ in range(8)]
    limited = [r for r in statuses if r.status_code == 429]
    assert [r.status_code for r in statuses[:5]] == [200] * 5 and limited
    for resp in limited:
        assert resp.headers["X-Error-Detail"] == QPS_DETAIL
        assert "Retry-After" not in resp.headers
        assert not any(h.lower().startswith("x-ratelimit") for h in resp.headers)
        assert resp.json() == {"message": QPS_DETAIL}
    time.sleep(1.05)
    assert client.get("/v3/products").status_code == 200


def test_fractional_qps_allows_one_call_per_interval(sandbox, make_client):
    client = make_client(sandbox)
    sandbox.set_faults(qps=0.5)
    statuses = [client.get("/v3/products").status_code for _ in range(3)]
    assert statuses == [200, 429, 429]


def test_bursts_of_429(sandbox, make_client):
    client = make_client(sandbox)
    sandbox.set_faults(burst_429_every=5, burst_429_length=2)
    statuses = [client.get("/v3/products").status_code for _ in range(10)]
    assert statuses == [200, 200, 200, 429, 429] * 2


def test_error_rate_gives_getty_500s_reproducibly(sandbox, make_client):
    client = make_client(sandbox)
    runs = []
    for _ in range(2):
        sandbox.set_faults(error_rate=0.3, fault_seed=7)
        runs.append([client.get("/v3/products").status_code for _ in range(40)])
    assert runs[0] == runs[1]
    assert 5 <= runs[0].count(500) <= 20 and runs[0].count(200) == 40 - runs[0].count(500)
    sandbox.set_faults(error_rate=1.0)
    resp = client.get("/v3/products")
    assert resp.headers["Content-Type"] == "application/vnd.getty.error+json"
    assert resp.json()["ErrorCode"] == "InternalServerError"


def test_added_latency(sandbox, make_client):
    client = make_client(sandbox)
    sandbox.set_faults(latency_ms=300)
    started = time.perf_counter()
    client.get("/v3/products")
    assert time.perf_counter() - started >= 0.3


def raw_get(sandbox, token, path):
    url = urlsplit(sandbox.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
    conn.request(
        "GET",
        path,
        headers={"Api-Key": sandbox.credentials.api_key, "Authorization": f"Bearer {token}"},
    )
    return conn.getresponse()


def test_dropped_connections(sandbox, make_client):
    client = make_client(sandbox)
    sandbox.set_faults(drop_rate=1.0)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        raw_get(sandbox, client.token, "/v3/products")
    with pytest.raises(requests.ConnectionError):
        client.get("/v3/products")


def test_truncated_bodies(sandbox, make_client):
    client = make_client(sandbox)
    sandbox.set_faults(truncate_rate=1.0)
    resp = raw_get(sandbox, client.token, "/v3/products")
    declared = int(resp.getheader("Content-Length"))
    with pytest.raises(http.client.IncompleteRead) as caught:
        resp.read()
    assert 0 < len(caught.value.partial) < declared
    with pytest.raises(json.JSONDecodeError):
        json.loads(caught.value.partial)


def test_tokens_revoked_mid_run(sandbox, make_client):
    client = make_client(sandbox)
    sandbox.set_faults(revoke_tokens_after=3)
    statuses = [client.get("/v3/products").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 401, 401]
    client.token = client.fetch_token("password")["access_token"]
    assert client.get("/v3/products").status_code == 200, "revocation happens once"


def test_forbid_an_endpoint(sandbox, make_client):
    client = make_client(sandbox)
    sandbox.set_faults(forbid=["/v3/purchased-assets"])
    assert client.get("/v3/purchased-assets").status_code == 403
    assert client.get("/v3/downloads").status_code == 200


def test_faults_are_settable_over_http_and_unknown_ones_rejected(sandbox, make_client):
    client = make_client(sandbox)
    assert sandbox.admin("faults", {"error_rate": 1.0})["error_rate"] == 1.0
    assert client.get("/v3/products").status_code == 500
    sandbox.admin("reset", {})
    assert client.get("/v3/products").status_code == 200
    resp = requests.post(f"{sandbox.url}/_sandbox/faults", json={"chaos": 1}, timeout=5)
    assert resp.status_code == 400 and "chaos" in resp.json()["error"]


def test_stats_count_requests_by_route_and_status(sandbox, make_client):
    client = make_client(sandbox)
    sandbox.reset()
    client.get("/v3/orders/8000001")
    client.get("/v3/orders/8000002")
    client.get("/v3/downloads", page=99)
    stats = sandbox.stats()
    assert stats["by_route"]["GET /v3/orders/{order_id}"] == 2
    assert stats["by_route"]["GET /v3/downloads"] == 1
    assert stats["by_status"]["400"] == 1


def test_gateway_errors_come_in_turn(sandbox, make_client):
    client = make_client(sandbox)
    sandbox.set_faults(gateway_rate=1.0)
    statuses = sorted(client.get("/v3/products").status_code for _ in range(3))
    assert statuses == [502, 503, 504]


def test_a_stalled_answer_outlasts_a_short_read_timeout(sandbox, make_client):
    client = make_client(sandbox)
    sandbox.set_faults(stall_rate=1.0, stall_seconds=1.5)
    with pytest.raises(requests.Timeout):
        client.http.get(f"{sandbox.url}/v3/products", headers=client.headers(), timeout=0.5)
    sandbox.set_faults()
    assert client.get("/v3/products").status_code == 200
