"""Each toolchain has its own environment on Python 3.11; airbyte-cdk never meets singer-sdk."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import importlib.util as u, sys
print(sys.version_info[:2] == (3, 11), *(u.find_spec(m) is not None for m in
      ("airbyte_cdk", "singer_sdk", "dbt", "getty_sandbox")))
"""
EXPECTED = {  # env: (airbyte_cdk, singer_sdk, dbt, getty_sandbox)
    "airbyte": (True, False, False, True),
    "singer": (False, True, False, True),
    "dbt": (False, False, True, True),
    "sandbox": (False, False, False, True),
    "meltano": (False, False, False, False),
    "tryton": (False, False, False, False),
}


@pytest.mark.parametrize("env", sorted(EXPECTED))
def test_environment_holds_its_toolchain_only(env):
    python = ROOT / ".venvs" / env / "bin" / "python"
    if not python.exists():
        pytest.fail(f"{python} is missing: run `make envs` (make test builds it first)")
    out = subprocess.check_output([str(python), "-c", PROBE], text=True).split()
    assert out[0] == "True", f"{env} is not on Python 3.11"
    assert tuple(v == "True" for v in out[1:]) == EXPECTED[env]


def test_every_requirements_file_has_an_expectation():
    envs = {p.stem for p in (ROOT / "envs").glob("*.txt")} - {"debian"}
    assert envs == set(EXPECTED), "add the new environment to EXPECTED"
