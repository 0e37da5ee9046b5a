"""singer-sdk's standard tap tests against a tiny sandbox: discovery, a dry-run sync of every
stream (each must return records), and the stream attribute checks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from getty_sandbox.pytest_plugin import start_sandbox
from singer_sdk.testing import SuiteConfig, get_tap_test_class
from tap_getty_images.tap import TapGettyImages

# The suite wants its config when the class is built, so this sandbox starts at import.
SANDBOX = start_sandbox("tiny", seed=7)

TestTapGettyImages = get_tap_test_class(
    TapGettyImages,
    config=SANDBOX.config(company_wide=True, requests_per_second=100),
    suite_config=SuiteConfig(max_records_limit=200),
    parse_env_config=False,
)


@pytest.fixture(scope="module", autouse=True)
def _stop_sandbox() -> Iterator[None]:
    yield
    SANDBOX.server.stop()
