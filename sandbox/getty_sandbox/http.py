"""Request and response values, Getty's two error envelopes, and query-parameter parsing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

GETTY_ERROR_TYPE = "application/vnd.getty.error+json"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes = b""
    base_url: str = ""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def json_response(data: Any, status: int = 200) -> Response:
    return Response(status, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


class ApiError(Exception):
    """An application error: `application/vnd.getty.error+json` with ErrorCode/ErrorMessage."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra

    def response(self) -> Response:
        body = {"ErrorCode": self.code, "ErrorMessage": self.message, **self.extra}
        return Response(
            status=self.status, body=json.dumps(body).encode(), content_type=GETTY_ERROR_TYPE
        )


def edge_error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """An error from Getty's API gateway: `{"message": ...}`, no ErrorCode."""
    return Response(status, json.dumps({"message": message}).encode(), headers=headers or {})


def invalid(param: str, why: str) -> ApiError:
    return ApiError(400, "InvalidParameterValue", f"Invalid value for '{param}': {why}")


def parse_bool(query: dict[str, str], name: str, default: bool = False) -> bool:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise invalid(name, f"'{raw}' is not a boolean (true or false)")


def is_number(raw: str) -> bool:
    """ASCII digits only (str.isdigit also accepts '²', which int() rejects)."""
    return raw.isascii() and raw.isdigit()


def parse_int(query: dict[str, str], name: str, default: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    if not is_number(raw.removeprefix("-")):
        raise ApiError(
            400,
            "InvalidRequest",
            f"Field: {name}, Message: The value '{raw}' is not valid for Int32.",
        )
    return int(raw)


def parse_list(query: dict[str, str], name: str) -> list[str]:
    return [v.strip() for v in query.get(name, "").split(",") if v.strip()]


def parse_instant(name: str, raw: str, use_time: bool, end_of_day: bool) -> datetime:
    """A date (time ignored) or, with use_time, a date-time; naive values are UTC."""
    text = raw.strip().replace(" ", "T")
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise invalid(name, f"'{raw}' is not an ISO 8601 date (YYYY-MM-DD)") from None
    if not use_time:  # any time part is ignored
        moment = time.max if end_of_day else time.min
        return datetime.combine(value.date(), moment, UTC)
    if len(text) <= 10 and end_of_day:
        value = datetime.combine(value.date(), time.max)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def end_of(day: date) -> datetime:
    return datetime.combine(day, time.max, UTC)


def days(n: int) -> timedelta:
    return timedelta(days=n)
