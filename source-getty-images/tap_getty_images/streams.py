"""The seven streams. Names, keys, cursors and schemas are shared with the Airbyte source."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from tap_getty_images.client import PAGE_SIZE, GettyStream, Page, error_code
from tap_getty_images.windows import Window, day_windows, instant_windows, parse_instant

if TYPE_CHECKING:
    from singer_sdk.helpers.types import Context

    from tap_getty_images.ledger import Mark
    from tap_getty_images.tap import TapGettyImages

PROGRESS_MARKERS = "progress_markers"


class HistoryStream(GettyStream):
    """An account history read in date windows, incremental on its date.

    Window ends are checkpoints: once a window's pages are emitted, and the details of the
    orders and assets they name (see `ledger.py`), the bookmark moves to the newest date
    emitted and a STATE message follows, so an interrupted sync resumes from there. Details
    wait for a full call of 100 ids, but never for more than the SDK's state cadence
    (`STATE_MSG_FREQUENCY`, 10,000 records): then the next window end settles them all. The
    next sync starts `lookback_days` before the bookmark. Within a window Getty lists newest
    first, so records are not sorted (`is_sorted` False).
    """

    is_sorted = False
    company_param: ClassVar[str]
    dependents: ClassVar[tuple[str, ...]]  # the streams read through this one

    def windows(self) -> Iterator[Window]:
        raise NotImplementedError

    def window_contexts(self) -> Iterator[dict[str, Any]]:
        for window in self.windows():
            yield {"date_from": window.date_from, "date_to": window.date_to}

    def get_url_params(
        self, context: Context | None, next_page_token: int | None
    ) -> dict[str, Any]:
        params = dict(context or {})
        params[self.company_param] = "true" if self.config.get("company_wide") else "false"
        return params | {"page": next_page_token, "page_size": PAGE_SIZE}

    def start(self) -> Any:
        """Where this sync starts: `start_date`, or the bookmark less the lookback."""
        start = parse_instant(self.config["start_date"])
        bookmark = self.stream_state.get("replication_key_value")
        if bookmark:
            lookback = timedelta(days=int(self.config.get("lookback_days", 1)))
            start = max(start, parse_instant(bookmark) - lookback)
        return start

    def generate_child_contexts(
        self, record: dict[str, Any], context: Context | None
    ) -> Iterable[Context | None]:
        """None: the dependent streams are fed through the ledger, not once per record."""
        return ()

    def get_records(self, context: Context | None) -> Iterable[dict[str, Any]]:
        ledger = self.tap.ledger
        ledger.parent = self.name
        # Checkpoints: not in batch mode, where records wait in a batch file after they are
        # read and the SDK writes the state after each BATCH message itself.
        checkpoints = self.selected and not self.get_batch_config(self.config)
        unsettled: deque[tuple[str, Mark]] = deque()  # window ends: (newest date, ledger mark)
        newest: tuple[datetime, str] | None = None
        window, unsaved = None, 0  # unsaved: records emitted since the last checkpoint
        for page in self.read_pages(self.window_contexts()):
            if page.context is not None and page.context["date_from"] != window:
                window = page.context["date_from"]
                if newest:
                    unsettled.append((newest[1], ledger.mark()))
                if checkpoints and unsaved >= self.STATE_MSG_FREQUENCY:
                    ledger.emit_all()  # the SDK's cadence: stop waiting for full calls
                else:
                    ledger.emit_ready()
                if self._checkpoint(unsettled, write=checkpoints):
                    unsaved = 0
            records = page.body.get(self.records_key) or []
            unsaved += len(records)
            for record in records:
                if value := record.get(self.replication_key):
                    moment = parse_instant(value)
                    if newest is None or moment > newest[0]:
                        newest = (moment, value)
                self.note(record)
                yield record
        ledger.emit_all()
        ledger.report()
        if newest and self.selected:  # every window is settled: the bookmark is final
            self._move_bookmark(newest[1])
            # The SDK would promote its progress marker, lower than the bookmark after a
            # lookback: the bookmark never moves back.
            self.stream_state.pop(PROGRESS_MARKERS, None)

    def note(self, record: dict[str, Any]) -> None:
        """Hand the ledger the order and asset ids of this record."""

    def _checkpoint(self, unsettled: deque[tuple[str, Mark]], *, write: bool) -> bool:
        """Move the bookmark to the newest settled window end, and say so in a STATE."""
        settled = None
        while unsettled and self.tap.ledger.settled(unsettled[0][1]):
            settled = unsettled.popleft()[0]
        if not (settled and write and self._move_bookmark(settled)):
            return False
        self.tap.state_writer.write_state(self.tap_state)
        return True

    def _move_bookmark(self, value: str) -> bool:
        """Set the bookmark to `value` if that moves it forward."""
        state = self.stream_state
        current = state.get("replication_key_value")
        if current and parse_instant(value) <= parse_instant(current):
            return False
        state["replication_key"] = self.replication_key
        state["replication_key_value"] = value
        return True


class DownloadsStream(HistoryStream):
    """`GET /v3/downloads`: one record per download event."""

    name = "downloads"
    path = "/downloads"
    primary_keys: ClassVar[list[str]] = ["id", "date_downloaded", "downloaded_by"]
    replication_key = "date_downloaded"
    records_key = "downloads"
    company_param = "company_downloads"
    dependents = ("images", "videos")

    def windows(self) -> Iterator[Window]:
        # To the second (use_time): the last window ends when the run started, so no
        # download arrives inside a window while it is paged.
        return instant_windows(self.start(), self.tap.started_at)

    def window_contexts(self) -> Iterator[dict[str, Any]]:
        # Getty filters on one product type a call: one pass per configured type.
        product_types = self.config.get("product_types") or [None]
        for context in super().window_contexts():
            for product_type in product_types:
                yield (
                    context
                    | {"use_time": "true"}
                    | ({"product_type": product_type} if product_type else {})
                )

    def note(self, record: dict[str, Any]) -> None:
        self.tap.ledger.saw(ASSET_STREAMS.get(record.get("asset_type")), record.get("id"))

    def post_process(self, row: dict[str, Any], context: Context | None = None) -> dict[str, Any]:
        row["downloaded_by"] = (row.get("user") or {}).get("username")
        return row


class PurchasedAssetsStream(HistoryStream):
    """`GET /v3/purchased-assets`: one record per purchased asset (order line)."""

    name = "purchased_assets"
    path = "/purchased-assets"
    primary_keys: ClassVar[list[str]] = ["order_id", "asset_id", "date_purchased"]
    replication_key = "date_purchased"
    records_key = "previous_purchases"
    company_param = "company_purchases"
    dependents = ("orders", "images", "videos")

    def windows(self) -> Iterator[Window]:
        # Whole days (Getty takes no time here) in 90-day windows: no limit applies, and
        # fewer windows mean fewer short last pages.
        return day_windows(self.start().date(), self.tap.started_at.date(), days=90)

    def note(self, record: dict[str, Any]) -> None:
        self.tap.ledger.saw(ASSET_STREAMS.get(record.get("asset_type")), record.get("asset_id"))
        self.tap.ledger.saw("orders", record.get("order_id"))


class DependentStream(GettyStream):
    """Details of the ids that the history streams meet, fetched and emitted through them
    (`ledger.py`). No state and no ACTIVATE_VERSION: a sync emits the details of what it met,
    not the whole table."""

    state_partitioning_keys: ClassVar[list[str]] = []  # type: ignore[misc]
    ids_per_call: ClassVar[int] = 1

    @property
    def emit_activate_version_messages(self) -> bool:
        return False

    def request_details(self, ids: list[str]) -> Future[Page]:
        raise NotImplementedError

    def details(self, page: Page) -> Iterable[dict[str, Any]]:
        raise NotImplementedError

    def report(self) -> None:
        """Log what a parent's ids did not give (called when the parent is read)."""

    def emit(self) -> None:
        """Emit the answers the ledger has for this stream, while a parent is read."""
        self.sync({"parent": self.tap.ledger.parent})

    def get_records(self, context: Context | None) -> Iterable[dict[str, Any]]:
        queue = self.tap.ledger.queue(self.name)
        if queue is None:
            return
        if context is None:  # the tap's own pass: whatever a parent stopped early left
            queue.request()
            queue.wait_for = len(queue.requested)
        for page in queue.answers():
            yield from self.details(page)


class OrdersStream(DependentStream):
    """`GET /v3/orders/{id}`: one call per distinct order of the purchases read in this run.

    403 NoAccessToOrderMetadata and 404 skip that order with a warning.
    """

    name = "orders"
    path = "/orders/{order_id}"

    def is_skippable(self, response: Any) -> bool:
        return response.status_code == 404 or (response.status_code, error_code(response)) == (
            403,
            "NoAccessToOrderMetadata",
        )

    def request_details(self, ids: list[str]) -> Future[Page]:
        return self.submit({"order_id": ids[0]})

    def details(self, page: Page) -> Iterable[dict[str, Any]]:
        if page.status == 200:
            yield page.body
        else:
            self.logger.warning(
                "Skipped order %s: Getty answered %s %s",
                page.context["order_id"] if page.context else "?",
                page.status,
                error_code_of(page.body),
            )


class AssetMetadataStream(DependentStream):
    """Metadata of every distinct asset of one type seen in downloads and purchases,
    100 ids a call. Ids Getty has no asset for (`*_not_found`) are reported by id."""

    ids_per_call = PAGE_SIZE
    fields: ClassVar[str]

    def __init__(self, tap: TapGettyImages) -> None:
        super().__init__(tap)
        self.not_found: list[str] = []  # since the last report

    def get_url_params(
        self, context: Context | None, next_page_token: int | None
    ) -> dict[str, Any]:
        return {"ids": (context or {}).get("ids"), "fields": self.fields}

    def request_details(self, ids: list[str]) -> Future[Page]:
        return self.submit({"ids": ",".join(ids)})

    def details(self, page: Page) -> Iterable[dict[str, Any]]:
        self.not_found.extend(str(i) for i in page.body.get(f"{self.name}_not_found") or [])
        yield from page.body.get(self.name) or []

    def report(self) -> None:
        if self.not_found:
            self.logger.warning(
                "Getty has no %s for ids %s (met in %s): skipped",
                self.name.removesuffix("s"),
                ", ".join(self.not_found),
                self.tap.ledger.parent or "this sync",
            )
            self.not_found = []


class ImagesStream(AssetMetadataStream):
    name = "images"
    path = "/images"
    fields = "detail_set,display_set,keywords"  # keywords are not part of detail_set


class VideosStream(AssetMetadataStream):
    name = "videos"
    path = "/videos"
    fields = "detail_set,keywords"


class ProductsStream(GettyStream):
    """`GET /v3/products`: the account's products, quotas and expiry; a snapshot each sync."""

    name = "products"
    path = "/products"
    records_jsonpath = "$.products[*]"

    def get_url_params(
        self, context: Context | None, next_page_token: int | None
    ) -> dict[str, Any]:
        return {"fields": "download_requirements"}


class BoardsStream(GettyStream):
    """`GET /v3/boards`, then each board's detail (with its assets); `board_relationship`
    comes from the list."""

    name = "boards"
    path = "/boards"
    count_key = "board_count"

    def get_url(self, context: Context | None) -> str:
        board_id = (context or {}).get("board_id")
        return f"{self.url_base}/boards/{board_id}" if board_id else super().get_url(context)

    def get_url_params(
        self, context: Context | None, next_page_token: int | None
    ) -> dict[str, Any]:
        if (context or {}).get("board_id"):
            return {}
        return {"page": next_page_token, "pageSize": PAGE_SIZE}

    def get_records(self, context: Context | None) -> Iterable[dict[str, Any]]:
        relationship = {
            board["id"]: board.get("board_relationship")
            for page in self.read_pages([None])
            for board in page.body.get("boards") or []
        }
        for page in self.fetch_all({"board_id": board_id} for board_id in relationship):
            yield page.body | {"board_relationship": relationship[page.body["id"]]}


def error_code_of(body: dict[str, Any]) -> str:
    return str(body.get("ErrorCode") or body.get("message") or "")


ASSET_STREAMS = {"image": "images", "video": "videos"}

STREAM_TYPES: tuple[type[GettyStream], ...] = (
    DownloadsStream,
    PurchasedAssetsStream,
    OrdersStream,
    ImagesStream,
    VideosStream,
    ProductsStream,
    BoardsStream,
)
