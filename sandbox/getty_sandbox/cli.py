"""`getty-sandbox`: serve the emulator on a local port."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import sys
from datetime import UTC, datetime

from .auth import Credentials
from .faults import FaultSettings
from .server import Sandbox, SandboxServer
from .world import SCALES, World


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="getty-sandbox", description=__doc__)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    p.add_argument("--seed", type=int, default=42, help="same seed, same account")
    p.add_argument(
        "--scale",
        choices=sorted(SCALES),
        default="small",
        help="preset sizes; the count flags below override them",
    )
    for name in ("downloads", "purchases", "orders", "assets", "users", "boards", "years"):
        p.add_argument(f"--{name}", type=int, help=f"number of {name}")
    p.add_argument("--now", help="anchor instant, ISO 8601 (default: the current time)")
    p.add_argument("--token-ttl", type=int, default=1800, help="access token lifetime, seconds")
    p.add_argument(
        "--no-company-access",
        action="store_true",
        help="answer company_downloads/company_purchases with 403",
    )
    faults = p.add_argument_group("faults (also settable at POST /_sandbox/faults)")
    for f in dataclasses.fields(FaultSettings):
        flag = "--" + f.name.replace("_", "-")
        if f.name == "forbid":
            faults.add_argument(flag, action="append", default=[], metavar="PATH_PREFIX")
        else:
            faults.add_argument(flag, type=type(f.default), default=f.default)
    p.add_argument("--verbose", action="store_true", help="log every request")
    p.add_argument(
        "--print-config",
        action="store_true",
        help="print a connector config for this sandbox as JSON, then serve",
    )
    return p


def sandbox_from_args(args: argparse.Namespace) -> Sandbox:
    overrides = {
        k: getattr(args, k)
        for k in ("downloads", "purchases", "orders", "assets", "users", "boards", "years")
        if getattr(args, k) is not None
    }
    scale = dataclasses.replace(SCALES[args.scale], **overrides)
    now = datetime.fromisoformat(args.now.replace("Z", "+00:00")) if args.now else None
    if now is not None and now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    world = World(seed=args.seed, scale=scale, now=now)
    faults = FaultSettings(
        **{f.name: getattr(args, f.name) for f in dataclasses.fields(FaultSettings)}
    )
    return Sandbox(
        world,
        Credentials(username=world.users[0].username),
        token_ttl=args.token_ttl,
        faults=faults,
        company_access=not args.no_company_access,
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        sandbox = sandbox_from_args(args)
    except ValueError as err:
        parser.error(str(err))
    server = SandboxServer(sandbox, host=args.host, port=args.port, verbose=args.verbose)
    summary = sandbox.account()
    print(
        f"getty-sandbox on {server.url} (seed {args.seed}: {summary['downloads']} downloads, "
        f"{summary['purchases']} purchases, {summary['orders']} orders)",
        file=sys.stderr,
        flush=True,
    )
    if args.print_config:
        print(json.dumps(connector_config(sandbox, server.url)), flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def connector_config(sandbox: Sandbox, url: str) -> dict[str, object]:
    """A config for this project's connectors pointing at the sandbox (password grant)."""
    c = sandbox.credentials
    return {
        "api_key": c.api_key,
        "api_secret": c.api_secret,
        "credentials": {"auth_type": "password", "username": c.username, "password": c.password},
        "start_date": datetime.fromtimestamp(sandbox.world.start, UTC).strftime("%Y-%m-%d"),
        "api_base_url": url,
        "auth_url": f"{url}/oauth2/token",
    }


if __name__ == "__main__":
    sys.exit(main())
