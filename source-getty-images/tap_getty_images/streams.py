"""The seven streams. Names, keys, cursors and schemas are shared with the Airbyte source."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from tap_getty_images.client import PAGE_SIZE, GettyStream, error_code
from tap_getty_images.windows import Window, day_windows, instant_windows, parse_instant

if TYPE_CHECKING:
    from singer_sdk.helpers.types import Context

PROGRESS_MARKERS = "progress_markers"


class HistoryStream(GettyStream):
    """An account history read in date windows, incremental on its date.

    Each window is a checkpoint: once all its pages are emitted the bookmark moves to the
    newest date seen, and a STATE message follows, so an interrupted sync resumes from the
    last finished window. The next sync starts `lookback_days` before the bookmark.
    Within a window Getty lists newest first, so records are not sorted (`is_sorted` False).
    """

    is_sorted = False
    window_days: ClassVar[int]
    company_param: ClassVar[str]

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

    def get_records(self, context: Context | None) -> Iterable[dict[str, Any]]:
        window = None
        for page in self.read_pages(self.window_contexts()):
            if page.context is not None and page.context["date_from"] != window:
                self._checkpoint()
                window = page.context["date_from"]
            for record in page.body.get(self.records_key) or []:
                self.note(record)
                yield record
        self._checkpoint(final=True)
        self._tap.ledger.finished(self.name)

    def note(self, record: dict[str, Any]) -> None:
        """Tell the ledger which ids this record brings (for orders, images, videos)."""

    def _checkpoint(self, final: bool = False) -> None:
        """Promote the newest date emitted so far to the bookmark, and say so in a STATE."""
        if not self.selected:
            return
        state = self.stream_state
        newest = (state.get(PROGRESS_MARKERS) or {}).get("replication_key_value")
        current = state.get("replication_key_value")
        if newest and (not current or parse_instant(newest) > parse_instant(current)):
            state["replication_key"] = self.replication_key
            state["replication_key_value"] = newest
        if final:  # the bookmark is final: the SDK must not replace it with a lower marker
            state.pop(PROGRESS_MARKERS, None)
        self._write_state_message()


class DownloadsStream(HistoryStream):
    """`GET /v3/downloads`: one record per download event."""

    name = "downloads"
    path = "/downloads"
    primary_keys: ClassVar[list[str]] = ["id", "date_downloaded", "downloaded_by"]
    replication_key = "date_downloaded"
    records_key = "downloads"
    company_param = "company_downloads"

    def windows(self) -> Iterator[Window]:
        # To the second (use_time): the last window ends when the run started, so no
        # download arrives inside a window while it is paged.
        return instant_windows(self.start(), self._tap.started_at)

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
        self._tap.ledger.saw_asset(record.get("asset_type"), record.get("id"))

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

    def windows(self) -> Iterator[Window]:
        # Whole days (Getty takes no time here) in 90-day windows: no limit applies, and
        # fewer windows mean fewer short last pages.
        return day_windows(self.start().date(), self._tap.started_at.date(), days=90)

    def note(self, record: dict[str, Any]) -> None:
        self._tap.ledger.saw_asset(record.get("asset_type"), record.get("asset_id"))
        self._tap.ledger.saw_order(record.get("order_id"))


class OrdersStream(GettyStream):
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

    def get_records(self, context: Context | None) -> Iterable[dict[str, Any]]:
        order_ids = self._tap.ledger.order_ids()
        for page in self.fetch_all({"order_id": order_id} for order_id in order_ids):
            if page.status == 200:
                yield page.body
            else:
                self.logger.warning(
                    "Skipped order %s: Getty answered %s %s",
                    page.context["order_id"] if page.context else "?",
                    page.status,
                    error_code_of(page.body),
                )


class AssetMetadataStream(GettyStream):
    """Metadata of every distinct asset of one type seen in downloads and purchases,
    100 ids a call. Ids Getty no longer serves (`*_not_found`) are logged, not emitted."""

    asset_type: ClassVar[str]
    fields: ClassVar[str]

    def get_url_params(
        self, context: Context | None, next_page_token: int | None
    ) -> dict[str, Any]:
        return {"ids": (context or {}).get("ids"), "fields": self.fields}

    def get_records(self, context: Context | None) -> Iterable[dict[str, Any]]:
        ids = self._tap.ledger.asset_ids(self.asset_type)
        batches = (",".join(ids[i : i + PAGE_SIZE]) for i in range(0, len(ids), PAGE_SIZE))
        missing = 0
        for page in self.fetch_all({"ids": batch} for batch in batches):
            missing += len(page.body.get(f"{self.name}_not_found") or [])
            yield from page.body.get(self.name) or []
        if missing:
            self.logger.warning(
                "Getty no longer serves %d of the %d %ss seen (%s_not_found)",
                missing,
                len(ids),
                self.asset_type,
                self.name,
            )


class ImagesStream(AssetMetadataStream):
    name = "images"
    path = "/images"
    asset_type = "image"
    fields = "detail_set,display_set,keywords"  # keywords are not part of detail_set


class VideosStream(AssetMetadataStream):
    name = "videos"
    path = "/videos"
    asset_type = "video"
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


STREAM_TYPES: tuple[type[GettyStream], ...] = (
    DownloadsStream,
    PurchasedAssetsStream,
    OrdersStream,
    ImagesStream,
    VideosStream,
    ProductsStream,
    BoardsStream,
)
