"""Start a real `trytond` (from .venvs/tryton) on a copy of a prepared SQLite database.

The database is created once (about 30 s of CPU: module install, chart of accounts, fiscal
years) into `.cache/tryton/` and copied for each server, so a test session pays for it once.
Its file name carries a hash of the Tryton version, the modules and the set-up script, so a
change to any of them builds a new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[3]
TRYTON_ENV = Path(os.environ.get("GETTY_TRYTON_ENV", REPO / ".venvs" / "tryton"))
CACHE = REPO / ".cache" / "tryton"
DATABASE = "getty"
ADMIN_PASSWORD = "tryton-admin-test"  # noqa: S105 - throwaway local test server
SETUP_SCRIPT = Path(__file__).with_name("tryton_setup.py")
# Supplier invoices with analytic accounts, and analytic budgets per cost centre.
MODULES = ("account_invoice", "analytic_invoice", "analytic_budget")


@dataclass(frozen=True)
class TrytonServer:
    url: str
    database: str
    username: str
    password: str
    folder: Path
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def output(self, **extra: str) -> dict[str, str]:
        """An `output` config block for this server."""
        return {
            "type": "tryton",
            "url": self.url,
            "database": self.database,
            "username": self.username,
            "password": self.password,
        } | extra


def available() -> str | None:
    """None if a server can start here, else the reason."""
    if not (TRYTON_ENV / "bin" / "trytond").exists():
        return f"no trytond in {TRYTON_ENV}: build it with `make .venvs/tryton/.built`"
    return None


def _conf(folder: Path, port: int) -> Path:
    conf = folder / "trytond.conf"
    conf.write_text(
        f"[database]\nuri = sqlite://\npath = {folder}\n\n[web]\nlisten = 127.0.0.1:{port}\n"
    )
    return conf


def template() -> Path:
    """The prepared database file, created on first use."""
    version = subprocess.run(
        [str(TRYTON_ENV / "bin" / "python"), "-c", "import trytond; print(trytond.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    recipe = hashlib.sha256(repr(MODULES).encode() + SETUP_SCRIPT.read_bytes()).hexdigest()
    target = CACHE / f"{DATABASE}-{version}-{recipe[:12]}.sqlite"
    if target.exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        folder = Path(tmp)
        conf = _conf(folder, 0)
        (folder / f"{DATABASE}.sqlite").touch()
        passfile = folder / "password"
        passfile.write_text(ADMIN_PASSWORD)
        env = os.environ | {"TRYTONPASSFILE": str(passfile)}
        subprocess.run(
            [
                str(TRYTON_ENV / "bin" / "trytond-admin"),
                "-c",
                str(conf),
                "-d",
                DATABASE,
                "--all",
                "-u",
                *MODULES,
                "--activate-dependencies",
                "--email",
                "admin@example.com",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(TRYTON_ENV / "bin" / "python"), str(SETUP_SCRIPT), str(conf), DATABASE],
            check=True,
            capture_output=True,
        )
        shutil.move(folder / f"{DATABASE}.sqlite", target)
    return target


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running(folder: Path) -> Iterator[TrytonServer]:
    """A server on a fresh copy of the template database in `folder`."""
    shutil.copy(template(), folder / f"{DATABASE}.sqlite")
    port = _free_port()
    conf = _conf(folder, port)
    log = (folder / "trytond.log").open("wb")
    process = subprocess.Popen(
        [str(TRYTON_ENV / "bin" / "trytond"), "-c", str(conf), "-d", DATABASE],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.post(
                    f"{url}/{DATABASE}/rpc/",
                    json={"id": 0, "method": "common.server.version", "params": []},
                    timeout=2,
                )
                break
            except requests.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"trytond did not start; see {folder / 'trytond.log'}"
                    ) from None
                time.sleep(0.2)
        yield TrytonServer(url, DATABASE, "admin", ADMIN_PASSWORD, folder, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
