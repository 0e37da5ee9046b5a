"""The HTTP server: Getty's gateway (API key, QPS, tokens), faults, routing and admin endpoints."""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .api import GettyApi
from .auth import Credentials, OAuthError, TokenStore
from .faults import FaultInjector, FaultSettings
from .http import ApiError, Request, Response, edge_error, json_response
from .media import THUMB_JPEG, preview_png
from .truth import ground_truth
from .world import World, iso

QPS_DETAIL = "Account Over Queries Per Second Limit"
GATEWAY_ERRORS = {"502": "Bad Gateway", "503": "Service Unavailable", "504": "Gateway Timeout"}
Handler = Callable[..., Response]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    name: str
    needs: str  # "key" (Api-Key) or "account" (Api-Key and a user's Bearer token)
    handler: Callable[..., Response]


def _routes(api: GettyApi) -> list[Route]:
    table: list[tuple[str, str, str, Callable[..., Response]]] = [
        ("GET", r"/v3/customers/current", "account", api.customer),
        ("GET", r"/v3/downloads", "account", api.downloads),
        ("GET", r"/v3/purchased-assets", "account", api.purchased_assets),
        ("GET", r"/v3/orders/(?P<order_id>[^/]+)", "account", api.order),
        ("GET", r"/v3/products", "account", api.products),
        ("GET", r"/v3/(?P<kind>images|videos)", "key", api.assets),
        ("GET", r"/v3/(?P<kind>images|videos)/(?P<asset_id>[^/]+)", "key", api.asset),
        (
            "GET",
            r"/v3/(?P<kind>images|videos)/(?P<asset_id>[^/]+)/downloadhistory",
            "account",
            api.download_history,
        ),
        ("GET", r"/v3/boards", "account", api.boards),
        ("GET", r"/v3/boards/(?P<board_id>[^/]+)", "account", api.board),
        ("GET", r"/v3/boards/(?P<board_id>[^/]+)/comments", "account", api.board_comments),
        ("GET", r"/v3/asset-changes/channels", "account", api.channels),
        ("PUT", r"/v3/asset-changes/change-sets", "account", api.change_set),
        (
            "DELETE",
            r"/v3/asset-changes/change-sets/(?P<set_id>[^/]+)",
            "account",
            api.confirm_change_set,
        ),
        ("PUT", r"/v3/usage-batches/(?P<batch_id>[^/]+)", "account", api.usage_batch),
    ]
    routes = []
    for method, path, needs, handler in table:
        name = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", path)
        routes.append(Route(method, re.compile(path + "$"), f"{method} {name}", needs, handler))
    return routes


@dataclass
class Stats:
    by_route: Counter[str] = field(default_factory=Counter)
    by_status: Counter[int] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, route: str, status: int) -> None:
        with self.lock:
            self.by_route[route] += 1
            self.by_status[status] += 1

    def as_json(self) -> dict[str, Any]:
        with self.lock:
            return {
                "requests": sum(self.by_route.values()),
                "by_route": dict(self.by_route),
                "by_status": {str(k): v for k, v in sorted(self.by_status.items())},
            }


class Sandbox:
    """The whole emulator behind one handle: account data, tokens, faults, stats."""

    def __init__(
        self,
        world: World,
        credentials: Credentials | None = None,
        token_ttl: int = 1800,
        faults: FaultSettings | None = None,
        company_access: bool = True,
    ) -> None:
        self.world = world
        self.credentials = credentials or Credentials(username=world.users[0].username)
        self.tokens = TokenStore(self.credentials, ttl=token_ttl)
        self.faults = FaultInjector(faults)
        self.api = GettyApi(world, company_access=company_access)
        self.stats = Stats()
        self.routes = _routes(self.api)

    # ------------------------------------------------------------------ pipeline
    def handle(self, req: Request) -> tuple[Response, str | None]:
        """The response, and a transport fault ('drop' or 'truncate') to apply, if any."""
        path = req.path
        if path.startswith("/_sandbox/"):
            return self._admin(req), None
        if path.startswith("/media/"):
            return self._media(path), None
        if path in ("/oauth2/token", "/v4/oauth2/token"):
            return self._token(req), None
        if not path.startswith("/v3/"):
            return edge_error(404, "Not Found"), None
        return self._api(req)

    def _api(self, req: Request) -> tuple[Response, str | None]:
        key = req.header("Api-Key")
        if key != self.credentials.api_key:
            return edge_error(401, "Unauthorized"), None
        if self.faults.over_qps(key):
            return edge_error(429, QPS_DETAIL, {"X-Error-Detail": QPS_DETAIL}), None
        fault, revoke = self.faults.draw(req.path)
        if revoke:
            self.tokens.revoke_all()
        latency = self.faults.settings.latency_ms
        if latency:
            time.sleep(latency / 1000)
        if fault == "403":
            return edge_error(403, "Forbidden"), None
        if fault == "429":
            return edge_error(429, QPS_DETAIL, {"X-Error-Detail": QPS_DETAIL}), None
        if fault == "500":
            return ApiError(500, "InternalServerError", "An error has occurred.").response(), None
        if fault in GATEWAY_ERRORS:
            return edge_error(int(fault), GATEWAY_ERRORS[fault]), None
        if fault == "stall":
            time.sleep(self.faults.settings.stall_seconds)
        if fault == "drop":
            return Response(0), "drop"
        found = self._route(req)
        if isinstance(found, Response):
            return found, None
        route, params = found
        denied = self._authorize(req, route.needs)
        if denied is not None:
            return denied, None
        try:
            response = route.handler(req, **params)
        except ApiError as err:
            response = err.response()
        except Exception:  # a sandbox bug must still answer as Getty's servers would
            traceback.print_exc()
            response = ApiError(500, "InternalServerError", "An error has occurred.").response()
        return response, "truncate" if fault == "truncate" else None

    def route_name(self, req: Request) -> str:
        found = self._route(req)
        return found[0].name if isinstance(found, tuple) else f"{req.method} {req.path}"

    def _route(self, req: Request) -> tuple[Route, dict[str, str]] | Response:
        allowed = []
        for route in self.routes:
            match = route.pattern.match(req.path)
            if match:
                if route.method == req.method:
                    return route, match.groupdict()
                allowed.append(route.method)
        if allowed:
            return edge_error(405, "Method Not Allowed", {"Allow": ", ".join(allowed)})
        return edge_error(404, "Not Found")

    def _authorize(self, req: Request, needs: str) -> Response | None:
        auth = req.header("Authorization") or ""
        if not auth and needs == "key":
            return None
        token_value = auth[7:] if auth.lower().startswith("bearer ") else ""
        if not token_value:
            return self._challenge("An access token is required for this resource")
        token, why = self.tokens.check(token_value)
        if token is None:
            return self._challenge(why)
        if needs == "account" and not token.user_context:
            return ApiError(
                403,
                "InsufficientPermissions",
                "This resource needs a user's token (password, authorization_code or "
                "refresh_token grant); client_credentials has no user context.",
            ).response()
        return None

    @staticmethod
    def _challenge(why: str) -> Response:
        header = f'Bearer realm="Download",error="invalid_token",error_description="{why}"'
        return edge_error(
            401, "Authorization has been denied for this request.", {"WWW-Authenticate": header}
        )

    def _token(self, req: Request) -> Response:
        if req.method != "POST":
            return edge_error(405, "Method Not Allowed", {"Allow": "POST"})
        form = dict(parse_qsl(req.body.decode("utf-8", "replace")))
        client = form.get("client_id", "")
        if client and self.faults.over_qps(client):
            return edge_error(429, QPS_DETAIL, {"X-Error-Detail": QPS_DETAIL})
        try:
            body = self.tokens.grant(form)
        except OAuthError as err:
            resp = json_response(
                {"error": err.error, "error_description": err.description}, err.status
            )
            return resp
        resp = json_response(body)
        resp.headers["Cache-Control"] = "no-store"
        return resp

    def _media(self, path: str) -> Response:
        match = re.fullmatch(r"/media/(comp|preview|thumb)/(\d+)\.(jpg|png)", path)
        if not match or self.world.asset_index(match.group(2)) is None:
            return edge_error(404, "Not Found")
        if match.group(3) == "png":
            return Response(200, preview_png(match.group(2)), "image/png")
        return Response(200, THUMB_JPEG, "image/jpeg")

    # --------------------------------------------------------------------- admin
    def _admin(self, req: Request) -> Response:
        """Not Getty: test controls (faults, stats, ground truth, token revocation)."""
        action = req.path.removeprefix("/_sandbox/")
        try:
            if action == "health":
                return json_response({"status": "ok"})
            if action == "account":
                return json_response(self.account())
            if action == "stats":
                return json_response(self.stats.as_json() | {"tokens_issued": self.tokens.issued})
            if action == "faults" and req.method == "GET":
                return json_response(self.faults.settings.as_json())
            if action == "faults" and req.method == "POST":
                self.faults.configure(FaultSettings.from_json(json.loads(req.body or b"{}")))
                return json_response(self.faults.settings.as_json())
            if action == "reset" and req.method == "POST":
                self.faults.configure(FaultSettings())
                self.stats = Stats()
                return json_response({"status": "reset"})
            if action == "revoke-tokens" and req.method == "POST":
                return json_response({"revoked": self.tokens.revoke_all()})
            if action == "truth":
                q = req.query
                return json_response(
                    ground_truth(
                        self.world,
                        q.get("stream", ""),
                        q.get("date_from"),
                        q.get("date_to"),
                        company=q.get("company", "true").lower() == "true",
                        product_type=q.get("product_type") or None,
                    )
                )
        except (ValueError, TypeError) as err:
            return json_response({"error": str(err)}, 400)
        return json_response({"error": f"unknown admin action {req.method} {action}"}, 404)

    def account(self) -> dict[str, Any]:
        s = self.world.scale
        return {
            "seed": self.world.seed,
            "now": iso(self.world.now),
            "first_record": iso(self.world.start),
            "last_record": iso(self.world.end),
            "downloads": s.downloads,
            "purchases": s.purchases,
            "orders": s.orders,
            "assets": s.assets,
            "users": [u.username for u in self.world.users],
            "products": len(self.world.products),
            "boards": len(self.world.boards),
            "token_ttl": self.tokens.ttl,
        }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server: _Server

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        host = self.headers.get("Host") or f"{self.server.host}:{self.server.port}"
        req = Request(
            method=self.command,
            path=parts.path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            base_url=f"http://{host}",
        )
        sandbox = self.server.sandbox
        response, transport_fault = sandbox.handle(req)
        sandbox.stats.add(
            sandbox.route_name(req), response.status if transport_fault != "drop" else 0
        )
        if transport_fault == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if transport_fault == "truncate":
            self.wfile.write(response.body[: len(response.body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], sandbox: Sandbox, verbose: bool) -> None:
        super().__init__(address, _Handler)
        self.sandbox, self.verbose = sandbox, verbose
        self.host, self.port = address[0], self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (after a stall, a timeout) is the client's business."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class SandboxServer:
    """Runs a Sandbox on a local port in a background thread (tests) or the foreground (CLI)."""

    def __init__(
        self, sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0, verbose: bool = False
    ) -> None:
        self.sandbox = sandbox
        self._server = _Server((host, port), sandbox, verbose)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self._server.host}:{self._server.port}"

    def start(self) -> SandboxServer:
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.1,), daemon=True, name="getty-sandbox"
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)
