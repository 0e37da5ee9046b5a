"""The base stream: Getty's host, auth, pacing, error classes, retries and concurrent paging."""

from __future__ import annotations

import json
import math
import random
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

import backoff
import requests
from singer_sdk import RESTStream, metrics
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError
from singer_sdk.pagination import PageNumberPaginator
from singer_sdk.streams.rest import PageContext
from source_getty_images.schemas import load_schema

from tap_getty_images.concurrency import in_order

if TYPE_CHECKING:
    from singer_sdk.helpers.types import Context

    from tap_getty_images.tap import TapGettyImages

DEFAULT_API_BASE_URL = "https://api.gettyimages.com"
PAGE_SIZE = 100  # Getty's maximum
AHEAD = 16  # responses requested ahead of the one being emitted
FIRST_PAGES_AHEAD = 3  # contexts (windows) whose first page is requested ahead
END = object()


def last_page(result_count: int, page_size: int = PAGE_SIZE) -> int:
    """Getty reports the total (`result_count`), not the number of pages."""
    return max(1, math.ceil(result_count / page_size))


def error_code(response: requests.Response) -> str | None:
    """`ErrorCode` of Getty's application errors; gateway errors (401, 403, 429) have none."""
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("ErrorCode") if isinstance(body, dict) else None


@dataclass(frozen=True)
class Page:
    """One answered request: the context it was made for, its page number, its JSON body.

    The body is parsed where it is consumed, not in the worker thread that received it: the
    records then live and die in one thread's heap, which keeps the process's memory flat
    (parsed in the workers, they fragment eight thread arenas that only grow)."""

    context: Context | None
    number: int | None
    status: int
    content: bytes = field(repr=False)

    @cached_property
    def body(self) -> dict[str, Any]:
        if not self.content:
            return {}
        try:
            body = json.loads(self.content)
        except ValueError as error:
            raise FatalAPIError(
                f"Getty answered {self.status} with a body that is not JSON: {error}"
            ) from error
        return body if isinstance(body, dict) else {}


class ResultCountPaginator(PageNumberPaginator):
    """Pages from 1 up to the last page `result_count` implies (no request past the end)."""

    def __init__(self, count_key: str, page_size: int = PAGE_SIZE) -> None:
        super().__init__(1)
        self.count_key, self.page_size = count_key, page_size

    def has_more(self, response: requests.Response) -> bool:
        if response.status_code != 200:
            return False
        return self.current_value < last_page(
            response.json().get(self.count_key, 0), self.page_size
        )


class GettyStream(RESTStream[int]):
    """A Getty API v3 stream. Schemas come from the Airbyte source's files (one source of truth)."""

    primary_keys: ClassVar[list[str]] = ["id"]
    records_key: ClassVar[str] = ""
    count_key: ClassVar[str] = "result_count"
    page_size_param: ClassVar[str] = "page_size"
    skippable_errors: ClassVar[frozenset[tuple[int, str | None]]] = frozenset(
        {(400, "InvalidPage")}
    )

    def __init__(self, tap: TapGettyImages) -> None:
        super().__init__(tap, schema=load_schema(self.name))
        self.tap = tap

    @property
    def url_base(self) -> str:
        return (self.config.get("api_base_url") or DEFAULT_API_BASE_URL).rstrip("/") + "/v3"

    @property
    def authenticator(self) -> Any:
        return self.tap.authenticator

    @property
    def requests_session(self) -> requests.Session:
        return self.tap.session

    @property
    def timeout(self) -> int:
        return 120

    def get_new_paginator(self) -> ResultCountPaginator:
        return ResultCountPaginator(self.count_key)

    def build_prepared_request(self, *args: Any, **kwargs: Any) -> requests.PreparedRequest:
        """An unauthenticated request: `_request` authenticates each attempt, inside the retry
        loop, so a token renewal that meets a 429 is retried too."""
        request = requests.Request(*args, **kwargs)
        request.headers.setdefault("User-Agent", self.user_agent)
        return request.prepare()

    # ------------------------------------------------------------------ errors
    def validate_response(self, response: requests.Response) -> None:
        status = response.status_code
        token = (response.request.headers.get("Authorization") or "").removeprefix("Bearer ")
        if status < 400:
            self.authenticator.accepted(token)
            return
        if status == 401 and "invalid_token" in response.headers.get("WWW-Authenticate", ""):
            self.authenticator.rejected(token)
            raise RetriableAPIError("401 invalid_token: renewing the access token", response)
        if status == 429 or status >= 500:
            raise RetriableAPIError(self.response_error_message(response), response)
        if self.is_skippable(response):
            return
        raise FatalAPIError(self.response_error_message(response))

    def is_skippable(self, response: requests.Response) -> bool:
        """Answers that are not failures here (e.g. 400 InvalidPage: no page that far)."""
        return (response.status_code, error_code(response)) in self.skippable_errors

    def response_error_message(self, response: requests.Response) -> str:
        """Getty's error, where it came from and what to change; no header or secret."""
        status, code = response.status_code, error_code(response)
        try:
            body = response.json()
            detail = body.get("ErrorMessage") or body.get("message") or ""
        except (ValueError, AttributeError):
            detail = response.reason
        where = (
            f"{self.name} ({response.request.method} {requests.utils.urlparse(response.url).path})"
        )
        message = f"{status} {code or response.reason}: {detail} [{where}]"
        hint = self.error_hint(status, code)
        return f"{message}. {hint}" if hint else message

    def error_hint(self, status: int, code: str | None) -> str:
        if status == 401:
            return "Getty did not accept api_key: check api_key (and api_base_url)."
        if status == 403 and code == "InsufficientPermissions":
            if self.authenticator.grant == "client_credentials":
                return (
                    "credentials.auth_type client_credentials has no user context; account "
                    "data needs auth_type password or refresh_token."
                )
            if self.config.get("company_wide"):
                return (
                    "company_wide needs the company-wide permission on the Getty account; "
                    "set company_wide to false or ask Getty to enable it."
                )
        if status == 403:
            return "The Getty account or API key may not be allowed this endpoint."
        return ""

    # ------------------------------------------------------------------ retries
    def backoff_wait_generator(self) -> Generator[float, None, None]:
        return backoff.expo(base=2, factor=0.5, max_value=30)

    def backoff_max_tries(self) -> int:
        return 8

    def backoff_jitter(self, value: float) -> float:
        """Between half and all of the wait: spreads the workers out after a 429 burst."""
        return value / 2 + random.uniform(0, value / 2)

    # ------------------------------------------------------------------ requests
    def fetch(self, context: Context | None, page: int | None) -> Page:
        """One request for `context` (and page), retried per the rules above."""
        http = self.get_http_request(page=PageContext(stream_context=context, next_page_token=page))
        prepared = self.build_prepared_request(
            method=http.method, url=http.url, params=http.encode_params(), headers=http.headers
        )
        response = self.request_decorator(self.send)(prepared)
        return Page(context, page, response.status_code, response.content)

    def send(self, request: requests.PreparedRequest) -> requests.Response:
        """One attempt: authenticate (a renewed token if need be), send, classify the answer."""
        response = self.requests_session.send(
            self.authenticator(request), timeout=self.timeout, allow_redirects=self.allow_redirects
        )
        self.log_duration(response)
        self.validate_response(response)
        content = response.content
        if response.status_code == 200 and content and not content.rstrip().endswith(b"}"):
            raise RetriableAPIError("the JSON body ended early", response)
        return response

    def log_duration(self, response: requests.Response) -> None:
        """singer-sdk's `http_request_duration` metric, as its own request loop logs it."""
        status = metrics.Status.SUCCEEDED if response.status_code < 400 else metrics.Status.FAILED
        point = metrics.Point(
            "timer",
            metric=metrics.Metric.HTTP_REQUEST_DURATION,
            value=response.elapsed.total_seconds(),
            tags={
                metrics.Tag.STREAM: self.name,
                metrics.Tag.ENDPOINT: self.path,
                metrics.Tag.HTTP_STATUS_CODE: response.status_code,
                metrics.Tag.STATUS: status,
            },
        )
        metrics.log(self.metrics_logger, point)

    def submit(self, context: Context | None, page: int | None = None) -> Future[Page]:
        return self.tap.executor.submit(self.fetch, context, page)

    def fetch_all(self, contexts: Iterable[Context | None]) -> Iterator[Page]:
        """One request per context, several in flight, answers in order."""
        return in_order((self.submit(context) for context in contexts), AHEAD)

    def read_pages(self, contexts: Iterable[Context | None]) -> Iterator[Page]:
        """Every page of every context, in order. After page 1 the count of pages is known, so
        the others are requested together; the next context's first page follows at once."""

        def planned() -> Iterator[Future[Page]]:
            # First pages go out a few contexts ahead, so waiting for a count costs no time.
            queued = iter(contexts)
            firsts: deque[tuple[Context | None, Future[Page]]] = deque()
            while True:
                while len(firsts) < FIRST_PAGES_AHEAD and (nxt := next(queued, END)) is not END:
                    firsts.append((nxt, self.submit(nxt, 1)))
                if not firsts:
                    return
                context, first = firsts.popleft()
                yield first
                total = first.result().body.get(self.count_key, 0)
                for number in range(2, last_page(total) + 1):
                    yield self.submit(context, number)

        current: Context | None = None
        planned_pages = seen_count = 0
        for page in in_order(planned(), AHEAD):
            if page.number == 1:
                yield from self._pages_added_meanwhile(current, planned_pages, seen_count)
                current = page.context
                planned_pages = last_page(page.body.get(self.count_key, 0))
                seen_count = 0
            seen_count = max(seen_count, page.body.get(self.count_key, 0))
            yield page
        yield from self._pages_added_meanwhile(current, planned_pages, seen_count)

    def _pages_added_meanwhile(
        self, context: Context | None, planned_pages: int, seen_count: int
    ) -> Iterator[Page]:
        """Records that arrived while a context was paged push older ones past the pages
        planned from the first count: read those too (duplicates are possible, losses not)."""
        while seen_count and last_page(seen_count) > planned_pages:
            extra = range(planned_pages + 1, last_page(seen_count) + 1)
            planned_pages = extra[-1]
            for page in in_order((self.submit(context, n) for n in extra), AHEAD):
                seen_count = max(seen_count, page.body.get(self.count_key, 0))
                yield page

    def records_of(self, pages: Iterable[Page]) -> Iterator[dict[str, Any]]:
        for page in pages:
            yield from page.body.get(self.records_key) or []
