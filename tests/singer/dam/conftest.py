"""Fixtures for the target-dam tests: raw Getty records read from the sandbox."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

READER = Path(__file__).resolve().parents[2] / "airbyte" / "dam" / "sandbox_reader.py"


@pytest.fixture(scope="session")
def sandbox_records(getty_sandbox: Any) -> list[tuple[str, dict[str, Any]]]:
    spec = importlib.util.spec_from_file_location("dam_sandbox_reader", READER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    reader = module.SandboxReader(getty_sandbox.url, getty_sandbox.config())
    return list(reader.records(purchases=15, downloads=15))
