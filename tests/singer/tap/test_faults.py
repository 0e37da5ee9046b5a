"""Getty misbehaving: throttling, server errors, broken connections, revoked and short-lived
tokens, wrong credentials. Syncs complete with nothing lost, or fail saying what to fix."""

from __future__ import annotations

from typing import Any

import pytest
from singer_sdk.exceptions import FatalAPIError

HISTORY = ["downloads", "purchased_assets", "orders", "images", "videos"]


def assert_complete(output: Any, sandbox: Any, truth: Any) -> None:
    for stream in HISTORY:
        assert sorted(set(output.keys(stream))) == truth(sandbox, stream), stream


@pytest.mark.parametrize(
    "faults",
    [
        {"burst_429_every": 50, "burst_429_length": 3},
        {"error_rate": 0.08},
        {"drop_rate": 0.04, "truncate_rate": 0.04},
        {"revoke_tokens_after": 60},
    ],
    ids=["429-bursts", "500s", "dropped-and-truncated", "tokens-revoked"],
)
def test_faulty_getty_loses_nothing(
    getty_sandbox_factory: Any, run: Any, truth: Any, faults: dict[str, Any]
) -> None:
    sandbox = getty_sandbox_factory(scale="tiny", seed=11)
    sandbox.set_faults(**faults, fault_seed=3)
    output = run(sandbox.config(company_wide=True, requests_per_second=100), streams=HISTORY)
    assert_complete(output, sandbox, truth)
    statuses = sandbox.stats()["by_status"]
    expected = {
        "429-bursts": "429",
        "500s": "500",
        "dropped-and-truncated": "0",
        "tokens-revoked": "401",
    }
    assert any(statuses.get(code) for code in expected.values())  # the faults did happen


def test_revoked_token_is_renewed_once(getty_sandbox_factory: Any, run: Any) -> None:
    sandbox = getty_sandbox_factory(scale="tiny", seed=12)
    sandbox.set_faults(revoke_tokens_after=10)
    run(sandbox.config(company_wide=True, requests_per_second=100), streams=["downloads"])
    stats = sandbox.admin("stats")
    assert stats["tokens_issued"] == 2
    assert stats["by_status"]["401"] >= 1


def test_short_lived_tokens_are_renewed_before_they_expire(
    getty_sandbox_factory: Any, run: Any
) -> None:
    # A 12 s token is renewed 3 s before it expires: enough slack for a loaded CI machine,
    # and the paced sync (about 40 calls at 3 a second) outlives the first token.
    sandbox = getty_sandbox_factory(scale="tiny", seed=13, token_ttl=12)
    config = sandbox.config(company_wide=True, requests_per_second=3)
    output = run(config, streams=["downloads", "purchased_assets"])
    stats = sandbox.admin("stats")
    assert stats["tokens_issued"] > 1, stats
    assert "401" not in stats["by_status"]
    assert output.records["downloads"]


def test_pacing_keeps_under_getty_qps_limit(getty_sandbox_factory: Any, run: Any) -> None:
    sandbox = getty_sandbox_factory(scale="tiny", seed=14)
    sandbox.set_faults(qps=8)
    run(sandbox.config(company_wide=True, requests_per_second=6), streams=["purchased_assets"])
    assert "429" not in sandbox.stats()["by_status"]


def test_client_credentials_fail_with_the_setting_to_change(getty_sandbox: Any, run: Any) -> None:
    config = getty_sandbox.config(credentials={"auth_type": "client_credentials"})
    with pytest.raises(FatalAPIError, match=r"auth_type password or refresh_token"):
        run(config, streams=["products"])


def test_wrong_password_names_the_settings_and_hides_the_secrets(
    getty_sandbox: Any, run: Any
) -> None:
    secret = "not-the-password-4711"
    config = getty_sandbox.config(
        credentials={"auth_type": "password", "username": "sandbox-user", "password": secret}
    )
    with pytest.raises(FatalAPIError) as failure:
        run(config, streams=["products"])
    message = str(failure.value)
    assert "credentials.username and credentials.password" in message
    assert secret not in message and config["api_secret"] not in message


def test_company_wide_without_permission_says_so(getty_sandbox_factory: Any, run: Any) -> None:
    sandbox = getty_sandbox_factory(scale="tiny", company_access=False)
    with pytest.raises(FatalAPIError, match="company_wide"):
        run(sandbox.config(company_wide=True), streams=["downloads"])


def test_secrets_never_reach_logs_or_messages(getty_sandbox_factory: Any, run: Any) -> None:
    sandbox = getty_sandbox_factory(scale="tiny", seed=15)
    sandbox.set_faults(revoke_tokens_after=20, error_rate=0.05)
    config = sandbox.config(company_wide=True, requests_per_second=100)
    output = run(config, streams=["downloads", "orders"])
    text = output.logs + "".join(str(m) for m in output.messages)
    for secret in (config["api_secret"], config["credentials"]["password"]):
        assert secret not in text
    assert "Bearer " not in text and "access_token" not in text
