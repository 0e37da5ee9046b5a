"""Rejected credentials: the exact message users see on `check` and `read`, and no secret.

HttpMocker cases pin each token endpoint answer; sandbox cases show that Getty's answers (as
the sandbox mirrors them) reach the same messages.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from airbyte_cdk.models import AirbyteMessageSerializer, FailureType, Status
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput, _run_command, make_file
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse
from airbyte_cdk.test.models.outcome import ExpectedOutcome
from freezegun import freeze_time
from source_getty_images.run import create_source

API = "https://api.example.test"
TOKEN_URL = "https://auth.example.test/oauth2/token"
NOW = "2026-11-28T12:00:00Z"
PASSWORD = {"auth_type": "password", "username": "ann", "password": "pw-Q7"}
REFRESH_TOKEN = {"auth_type": "refresh_token", "refresh_token": "rt-Q7"}
CLIENT_CREDENTIALS = {"auth_type": "client_credentials"}
CONFIG: dict[str, Any] = {
    "api_key": "key-Q7",
    "api_secret": "secret-Q7",
    "credentials": PASSWORD,
    "start_date": "2026-11-10",
    "requests_per_second": 100,
    "api_base_url": API,
    "auth_url": TOKEN_URL,
}
CLIENT = "client_id=key-Q7&client_secret=secret-Q7"
TOKEN_BODIES = {
    "password": f"grant_type=password&{CLIENT}&username=ann&password=pw-Q7",
    "refresh_token": f"grant_type=refresh_token&{CLIENT}&refresh_token=rt-Q7",
    "client_credentials": f"grant_type=client_credentials&{CLIENT}",
}
DOWNLOADS = HttpRequest(
    f"{API}/v3/downloads",
    query_params={
        "date_from": "2026-11-10T00:00:00Z",
        "date_to": NOW,
        "use_time": "true",
        "company_downloads": "false",
        "page": "1",
        "page_size": "100",
    },
)

# What users read: the field to check and the fix, then what Getty answered.
KEY_OR_SECRET = (
    "Getty rejected the API key or secret: check api_key and api_secret (your application in "
    "the Getty developer portal, https://developers.gettyimages.com/). The token endpoint "
    "answered 401 invalid_client."
)
USERNAME_OR_PASSWORD = (
    "Getty rejected the username or password: check credentials.username and "
    "credentials.password (the sign-in of the Getty account, not the API key and secret). The "
    "token endpoint answered 400 invalid_grant."
)
EXPIRED_REFRESH_TOKEN = (
    "Getty rejected the refresh token: it has expired or been revoked. Get a new one by signing "
    "in to Getty through OAuth and enter it as credentials.refresh_token, or use the username "
    "and password credentials instead. The token endpoint answered 400 invalid_grant."
)
REFUSED_GRANT = (
    "The Getty token endpoint refused the client_credentials grant: check auth_url (default "
    "https://authentication.gettyimages.com/oauth2/token) and the credentials type. It "
    "answered 400 unauthorized_client."
)


def rejected_new_token(api: str) -> str:
    return (
        f"Getty rejected an access token its token endpoint had just issued (401 on {api}/v3/"
        "downloads): check that api_base_url and auth_url point to the same Getty environment "
        "(their defaults are the hosts of Getty) and that the application of api_key may use "
        "the Getty API v3."
    )


def oauth_error(status: int, error: str, description: str) -> HttpResponse:
    return HttpResponse(json.dumps({"error": error, "error_description": description}), status)


def token_ok(token: str) -> HttpResponse:
    body = {"access_token": token, "token_type": "Bearer", "expires_in": "1800"}
    return HttpResponse(json.dumps(body))


UNAUTHORIZED = HttpResponse(
    json.dumps({"message": "Authorization has been denied for this request."}),
    401,
    {"WWW-Authenticate": 'Bearer realm="Download",error="invalid_token"'},
)

# (credentials, token endpoint answer, message). The refresh token case echoes the token in
# its description, as a provider might: it must not reach any output either.
REJECTIONS = {
    "wrong key or secret": (
        PASSWORD,
        oauth_error(401, "invalid_client", "Client credentials are invalid."),
        KEY_OR_SECRET,
    ),
    "wrong password": (
        PASSWORD,
        oauth_error(400, "invalid_grant", "The user name or password is incorrect."),
        USERNAME_OR_PASSWORD,
    ),
    "expired refresh token": (
        REFRESH_TOKEN,
        oauth_error(400, "invalid_grant", "The refresh token rt-Q7 is invalid or revoked."),
        EXPIRED_REFRESH_TOKEN,
    ),
    "grant not allowed": (
        CLIENT_CREDENTIALS,
        oauth_error(400, "unauthorized_client", "This client may not use this grant."),
        REFUSED_GRANT,
    ),
}


@pytest.fixture
def frozen_clock():
    """The mocked windows end now; the sandbox cases run on the real clock."""
    with freeze_time(NOW):
        yield


def run_check(config: dict[str, Any]) -> EntrypointOutput:
    """`check` through the Airbyte entrypoint, as the platform runs it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = make_file(Path(tmp) / "config.json", config)
        return _run_command(
            create_source(config),
            ["check", "--config", path],
            expected_outcome=ExpectedOutcome.EXPECT_SUCCESS,
        )


def check_message(output: EntrypointOutput) -> tuple[Status, str]:
    (status,) = [m.connectionStatus for m in output.connection_status_messages]
    return status.status, status.message or ""


def failed_check(message: str) -> tuple[Status, str]:
    """A check that failed on `message`: the CDK names the stream and quotes the reason."""
    return Status.FAILED, repr(f"Stream downloads is not available: {message}")


def read_error(output: EntrypointOutput) -> tuple[FailureType, str]:
    """The stream's error, as the sync's failure reason shows it; every error a config error.

    (The CDK ends a failed read with a summary error naming the streams that failed.)
    """
    errors = [m.trace.error for m in output.errors]
    assert {e.failure_type for e in errors} == {FailureType.config_error}
    return errors[0].failure_type, errors[0].message


def secrets_of(config: dict[str, Any]) -> list[str]:
    credentials = config["credentials"]
    values = [config["api_key"], config["api_secret"]]
    values += [credentials.get("password"), credentials.get("refresh_token")]
    return [v for v in values if v]


def assert_no_secret(output: EntrypointOutput, secrets: list[str]) -> None:
    """No secret of the config (nor an access token) in any message: logs, traces, status."""
    text = "\n".join(
        orjson.dumps(AirbyteMessageSerializer.dump(m)).decode()
        for m in output.get_message_iterator()
    )
    assert text, "no output to inspect"
    leaked = [s for s in secrets if s in text]
    assert not leaked, leaked


# ------------------------------------------------------------------- token endpoint (mocked)
@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize("case", REJECTIONS.values(), ids=REJECTIONS.keys())
def test_check_names_the_setting_the_token_endpoint_rejected(case):
    credentials, answer, message = case
    config = CONFIG | {"credentials": credentials}
    with HttpMocker() as http:
        token = HttpRequest(TOKEN_URL, body=TOKEN_BODIES[credentials["auth_type"]])
        http.post(token, answer)
        output = run_check(config)
        http.assert_number_of_calls(token, 1)
    assert check_message(output) == failed_check(message)
    assert_no_secret(output, secrets_of(config))


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize("case", REJECTIONS.values(), ids=REJECTIONS.keys())
def test_read_fails_as_a_config_error_naming_the_setting(case, ab):
    credentials, answer, message = case
    config = CONFIG | {"credentials": credentials}
    with HttpMocker() as http:
        token = HttpRequest(TOKEN_URL, body=TOKEN_BODIES[credentials["auth_type"]])
        http.post(token, answer)
        output = ab.Sync(config).read(["downloads"], expect_failure=True)
        http.assert_number_of_calls(token, 1)
    assert read_error(output) == (FailureType.config_error, message)
    assert not output.records
    assert_no_secret(output, secrets_of(config))


# ----------------------------------------------------- a 401 that outlives one renewal (mocked)
@pytest.mark.usefixtures("frozen_clock")
def test_check_stops_after_one_renewal_when_the_api_keeps_answering_401():
    with HttpMocker() as http:
        token = HttpRequest(TOKEN_URL, body=TOKEN_BODIES["password"])
        http.post(token, [token_ok("tok-1"), token_ok("tok-2"), token_ok("tok-3")])
        http.get(DOWNLOADS, [UNAUTHORIZED, UNAUTHORIZED, UNAUTHORIZED])
        output = run_check(CONFIG)
        http.assert_number_of_calls(token, 2)
        http.assert_number_of_calls(DOWNLOADS, 2)
    assert check_message(output) == failed_check(rejected_new_token(API))
    assert_no_secret(output, [*secrets_of(CONFIG), "tok-1", "tok-2"])


@pytest.mark.usefixtures("frozen_clock")
def test_read_stops_after_one_renewal_when_the_api_keeps_answering_401(ab):
    with HttpMocker() as http:
        token = HttpRequest(TOKEN_URL, body=TOKEN_BODIES["password"])
        http.post(token, [token_ok("tok-1"), token_ok("tok-2"), token_ok("tok-3")])
        http.get(DOWNLOADS, [UNAUTHORIZED, UNAUTHORIZED, UNAUTHORIZED])
        output = ab.Sync(CONFIG).read(["downloads"], expect_failure=True)
        http.assert_number_of_calls(token, 2)
        http.assert_number_of_calls(DOWNLOADS, 2)
    assert read_error(output) == (FailureType.config_error, rejected_new_token(API))
    assert_no_secret(output, [*secrets_of(CONFIG), "tok-1", "tok-2"])


@pytest.mark.usefixtures("frozen_clock")
def test_a_401_cured_by_one_renewal_is_no_error(ab):
    with HttpMocker() as http:
        token = HttpRequest(TOKEN_URL, body=TOKEN_BODIES["password"])
        http.post(token, [token_ok("tok-1"), token_ok("tok-2")])
        page = HttpResponse(json.dumps({"result_count": 0, "downloads": []}))
        http.get(DOWNLOADS, [UNAUTHORIZED, page])
        output = ab.Sync(CONFIG).read(["downloads"])
        http.assert_number_of_calls(token, 2)
    assert not output.errors


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize(
    "wrong",
    [{"api_secret": "secret-X9"}, {"credentials": PASSWORD | {"password": "pw-X9"}}],
    ids=["secret", "password"],
)
def test_wrong_credentials_never_reuse_the_token_of_the_right_ones(wrong):
    """Tokens are shared within a process: by every credential, not by key and user alone."""
    config = CONFIG | wrong
    wrong_body = (
        TOKEN_BODIES["password"]
        .replace("secret-Q7", config["api_secret"])
        .replace("pw-Q7", config["credentials"]["password"])
    )
    with HttpMocker() as http:
        right = HttpRequest(TOKEN_URL, body=TOKEN_BODIES["password"])
        rejected = HttpRequest(TOKEN_URL, body=wrong_body)
        http.post(right, token_ok("tok-1"))
        answer = "invalid_client" if "api_secret" in wrong else "invalid_grant"
        http.post(rejected, oauth_error(400 if "credentials" in wrong else 401, answer, "No."))
        http.get(DOWNLOADS, HttpResponse(json.dumps({"result_count": 0, "downloads": []})))
        assert check_message(run_check(CONFIG))[0] == Status.SUCCEEDED
        status, _ = check_message(run_check(config))
        http.assert_number_of_calls(rejected, 1)
    assert status == Status.FAILED


@pytest.mark.usefixtures("frozen_clock")
def test_a_secret_that_contains_the_key_is_masked_whole(ab):
    secret = "key-Q7-Zq9tail"  # the key is a part of it
    config = CONFIG | {"api_secret": secret}
    echo = oauth_error(401, "invalid_client", f"Unknown client key-Q7 with secret {secret}.")
    with HttpMocker() as http:
        http.post(
            HttpRequest(TOKEN_URL, body=TOKEN_BODIES["password"].replace("secret-Q7", secret)),
            echo,
        )
        output = ab.Sync(config).read(["downloads"], expect_failure=True)
    assert_no_secret(output, [*secrets_of(config), "Zq9tail"])


# ---------------------------------------------------------------------- against the sandbox
def sandbox_cases(sandbox) -> dict[str, tuple[dict[str, Any], str]]:
    user = sandbox.config()["credentials"]["username"]
    return {
        "wrong secret": (sandbox.config(api_secret="secret-Q7"), KEY_OR_SECRET),
        "wrong key": (sandbox.config(api_key="key-Q7"), KEY_OR_SECRET),
        "wrong password": (
            sandbox.config(
                credentials={"auth_type": "password", "username": user, "password": "pw-Q7"}
            ),
            USERNAME_OR_PASSWORD,
        ),
        "revoked refresh token": (
            sandbox.config(credentials=REFRESH_TOKEN),
            EXPIRED_REFRESH_TOKEN,
        ),
    }


@pytest.mark.parametrize(
    "case", ["wrong secret", "wrong key", "wrong password", "revoked refresh token"]
)
def test_sandbox_check_names_the_setting(getty_sandbox, case):
    config, message = sandbox_cases(getty_sandbox)[case]
    output = run_check(config)
    assert check_message(output) == failed_check(message)
    assert_no_secret(output, secrets_of(config))


def test_sandbox_read_names_the_setting(getty_sandbox, ab):
    config, message = sandbox_cases(getty_sandbox)["wrong password"]
    output = ab.Sync(config).read(["downloads", "products"], expect_failure=True)
    assert read_error(output) == (FailureType.config_error, message)
    assert not output.records
    assert_no_secret(output, secrets_of(config))
