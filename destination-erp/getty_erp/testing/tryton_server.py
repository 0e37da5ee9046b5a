"""Start a real `trytond` (from .venvs/tryton) on a copy of a prepared SQLite database.

The database is created once (about 30 s of CPU: module install, chart of accounts, fiscal
years) into `.cache/tryton/` and copied for each server, so a test session pays for it once.
Its file name carries a hash of the Tryton version, the modules and the set-up script, so a
change to any of them builds a new one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def template_path() -> Path:
    """Where the prepared database for this Tryton version, module list and script lives."""
    version = subprocess.run(
        [str(TRYTON_ENV / "bin" / "python"), "-c", "import trytond; print(trytond.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    recipe = hashlib.sha256(repr(MODULES).encode() + SETUP_SCRIPT.read_bytes()).hexdigest()
    return CACHE / f"{DATABASE}-{version}-{recipe[:12]}.sqlite"


def _run(command: list[str], **kwargs: Any) -> None:
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode:
        raise RuntimeError(f"{Path(command[0]).name} failed:\n{done.stderr[-3000:]}")


def template() -> Path:
    """The prepared database file, created on first use (one builder at a time: a lock
    file serialises concurrent test sessions and the background build)."""
    target = template_path()
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / ".build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.exists():
            return target
        with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
            folder = Path(tmp)
            conf = _conf(folder, 0)
            (folder / f"{DATABASE}.sqlite").touch()
            passfile = folder / "password"
            passfile.write_text(ADMIN_PASSWORD)
            _run(
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
                env=os.environ | {"TRYTONPASSFILE": str(passfile)},
            )
            _run([str(TRYTON_ENV / "bin" / "python"), str(SETUP_SCRIPT), str(conf), DATABASE])
            shutil.move(folder / f"{DATABASE}.sqlite", target)
    return target


def prepare_in_background() -> subprocess.Popen[bytes] | None:
    """Start building the template in a child process when it is missing, so that the build
    (about 30 s of CPU) overlaps with other tests; `template()` waits for it."""
    if available() is not None or template_path().exists():
        return None
    return subprocess.Popen(
        [sys.executable, "-m", "getty_erp.testing.tryton_server"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


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


if __name__ == "__main__":
    template()
