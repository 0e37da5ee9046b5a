"""Getty API v3 endpoints over the generated account: parameters, paging, errors as at Getty."""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

from .http import (
    ApiError,
    Request,
    Response,
    days,
    end_of,
    invalid,
    is_number,
    json_response,
    parse_bool,
    parse_instant,
    parse_int,
    parse_list,
)
from .world import PAGE_SIZES, Json, World, iso

PRODUCT_TYPES = (
    "easyaccess",
    "editorialsubscription",
    "imagepack",
    "premiumaccess",
    "royaltyfreesubscription",
    "creditpack",
    "aigen",
)

IMAGE_SETS = {
    "summary_set": [
        "artist",
        "asset_family",
        "caption",
        "collection_code",
        "collection_id",
        "collection_name",
        "license_model",
        "max_dimensions",
        "title",
    ],
    "detail_set": [
        "allowed_use",
        "artist",
        "artist_title",
        "asset_family",
        "call_for_image",
        "caption",
        "city",
        "collection_code",
        "collection_id",
        "collection_name",
        "color_type",
        "copyright",
        "country",
        "credit_line",
        "date_created",
        "date_submitted",
        "download_sizes",
        "editorial_segments",
        "event_ids",
        "graphical_style",
        "license_model",
        "max_dimensions",
        "orientation",
        "product_types",
        "quality_rank",
        "referral_destinations",
        "state_province",
        "title",
    ],
    "display_set": ["display_sizes"],
}
VIDEO_SETS = {
    "summary_set": [
        "asset_family",
        "caption",
        "collection_code",
        "collection_name",
        "display_sizes",
        "license_model",
        "title",
    ],
    "detail_set": [
        "allowed_use",
        "artist",
        "asset_family",
        "call_for_image",
        "caption",
        "clip_length",
        "collection_code",
        "collection_id",
        "collection_name",
        "color_type",
        "copyright",
        "date_created",
        "display_sizes",
        "download_sizes",
        "era",
        "event_ids",
        "license_model",
        "mastered_to",
        "originally_shot_on",
        "product_types",
        "quality_rank",
        "shot_speed",
        "source",
        "title",
    ],
    "display_set": ["display_sizes"],
}
IMAGE_FIELDS = frozenset(IMAGE_SETS["detail_set"]) | {
    "alternative_ids",
    "comp",
    "comp_webp",
    "date_camera_shot",
    "download_product",
    "downloads",
    "editorial_source",
    "entity_details",
    "id",
    "is_ai_editable",
    "istock_collection",
    "istock_licenses",
    "keywords",
    "largest_downloads",
    "links",
    "object_name",
    "people",
    "preview",
    "thumb",
    "uri_oembed",
    *IMAGE_SETS,
}
VIDEO_FIELDS = frozenset(VIDEO_SETS["detail_set"]) | {
    "id",
    "city",
    "comp",
    "country",
    "download_product",
    "downloads",
    "editorial_segments",
    "entity_details",
    "is_ai_editable",
    "istock_collection",
    "istock_licenses",
    "key_frames",
    "keywords",
    "object_name",
    "orientation",
    "people",
    "preview",
    "referral_destinations",
    "state_province",
    "thumb",
    *VIDEO_SETS,
}
MAX_IDS = 100


def paginate(
    query: dict[str, str], total: int, default_size: int, size_param: str = "page_size"
) -> slice:
    """Getty paging: allowed sizes only, pages from 1, 400 InvalidPage past the last page."""
    size = parse_int(query, size_param, default_size)
    if size not in PAGE_SIZES:
        raise ApiError(
            400, "InvalidPageSize", f"{size_param} must be one of {list(PAGE_SIZES)}, not {size}"
        )
    page = parse_int(query, "page", 1)
    if page < 1:
        raise ApiError(400, "PageNumberLessThanOne", "page must be greater than or equal to 1")
    last = max(1, math.ceil(total / size))
    if page > last:
        raise ApiError(
            400, "InvalidPage", f"page must be less than or equal to {last}, results count {total}"
        )
    return slice((page - 1) * size, page * size)


class GettyApi:
    """The endpoint handlers. Each takes a Request and returns a Response or raises ApiError."""

    def __init__(self, world: World, company_access: bool = True) -> None:
        self.world = world
        self.company_access = company_access
        self._lock = threading.Lock()
        self._change_sets: dict[int, tuple[int, list[Json]]] = {}  # channel -> outstanding set
        self._confirmed: dict[int, int] = {}  # channel -> changes confirmed so far
        self._next_change_set = 9_100_000
        self._usage_batches: dict[str, int] = {}

    @property
    def now(self) -> datetime:
        return datetime.fromtimestamp(self.world.now, UTC)

    # ----------------------------------------------------------------- account
    def customer(self, req: Request) -> Response:
        user = self.world.users[0]
        return json_response(
            {
                "first_name": user.first_name,
                "middle_name": user.middle_name,
                "last_name": user.last_name,
            }
        )

    def _company(self, req: Request, param: str) -> int | None:
        """None for the whole company, else the index of the authenticated user."""
        if not parse_bool(req.query, param):
            return 0
        if not self.company_access:
            raise ApiError(
                403,
                "InsufficientPermissions",
                f"{param} is not enabled for this account. Contact your Getty Images "
                "account representative.",
            )
        return None

    def download_window(self, query: dict[str, str]) -> tuple[int, int]:
        """[from, to] in epoch seconds, with Getty's defaults: a window of at most 30 days."""
        use_time = parse_bool(query, "use_time")
        raw_from, raw_to = query.get("date_from"), query.get("date_to")
        today_end = end_of(self.now.date())
        start = parse_instant("date_from", raw_from, use_time, False) if raw_from else None
        end = parse_instant("date_to", raw_to, use_time, True) if raw_to else None
        if start is not None and end is None:
            end = min(today_end, end_of((start + days(30)).date()))
        if end is None:
            end = today_end
        if start is None:
            start = datetime.combine((end - days(30)).date(), datetime.min.time(), UTC)
        return math.ceil(start.timestamp()), math.floor(end.timestamp())

    def downloads(self, req: Request) -> Response:
        user = self._company(req, "company_downloads")
        product_type = req.query.get("product_type") or None
        if product_type and product_type not in PRODUCT_TYPES:
            raise invalid("product_type", f"'{product_type}' is not one of {list(PRODUCT_TYPES)}")
        ts_from, ts_to = self.download_window(req.query)
        found = self.world.downloads_matching(ts_from, ts_to, user, product_type)
        page = paginate(req.query, len(found), 30)
        return json_response(
            {
                "result_count": len(found),
                "downloads": [self.world.download(i, req.base_url) for i in found[page]],
            }
        )

    def purchase_window(self, query: dict[str, str]) -> tuple[int, int]:
        raw_from, raw_to = query.get("date_from"), query.get("date_to")
        start = parse_instant("date_from", raw_from, False, False).timestamp() if raw_from else 0
        end = (
            parse_instant("date_to", raw_to, False, True).timestamp() if raw_to else self.world.now
        )
        return math.ceil(start), math.floor(end)

    def purchased_assets(self, req: Request) -> Response:
        user = self._company(req, "company_purchases")
        ts_from, ts_to = self.purchase_window(req.query)
        found = self.world.purchases_matching(ts_from, ts_to, user)
        page = paginate(req.query, len(found), 75)
        return json_response(
            {
                "result_count": len(found),
                "previous_purchases": [self.world.purchase(j, req.base_url) for j in found[page]],
            }
        )

    def order(self, req: Request, order_id: str) -> Response:
        if not is_number(order_id):
            raise invalid("id", f"'{order_id}' is not an order id")
        o = self.world.order_index(order_id)
        access = self.world.order_access(o) if o is not None else "missing"
        if o is None or access == "missing":
            raise ApiError(404, "OrderNotFound", f"Order {order_id} was not found.")
        if access == "forbidden":
            raise ApiError(
                403,
                "NoAccessToOrderMetadata",
                "You do not have access to the metadata of this order.",
            )
        return json_response(self.world.order_detail(o))

    def products(self, req: Request) -> Response:
        fields = parse_list(req.query, "fields")
        unknown = [f for f in fields if f != "download_requirements"]
        if unknown:
            raise ApiError(
                400,
                "InvalidRequestParameters",
                f"Unknown fields {unknown}; allowed: ['download_requirements']",
            )
        with_reqs = "download_requirements" in fields
        return json_response(
            {"products": [self.world.product_public(p, with_reqs) for p in self.world.products]}
        )

    # ------------------------------------------------------------------ assets
    def _select(self, detail: Json, fields: Sequence[str], sets: dict[str, list[str]]) -> Json:
        wanted: set[str] = {"id"}
        for f in fields or ["summary_set"]:
            wanted.update(sets.get(f, [f]))
        out = {k: v for k, v in detail.items() if k in wanted}
        names = {"comp", "preview", "thumb"} & wanted
        if names and "display_sizes" not in wanted:
            out["display_sizes"] = [d for d in detail["display_sizes"] if d["name"] in names]
        return out

    def _assets(self, req: Request, ids: list[str], video: bool) -> tuple[list[Json], list[str]]:
        fields = parse_list(req.query, "fields")
        allowed = VIDEO_FIELDS if video else IMAGE_FIELDS
        bad = [f for f in fields if f not in allowed]
        if bad:
            raise invalid("fields", f"unknown field(s) {bad}")
        found, missing = [], []
        for asset_id in dict.fromkeys(ids):
            k = self.world.asset_index(asset_id)
            if k is None or self.world.asset_is_video(k) != video or self.world.asset_withdrawn(k):
                missing.append(asset_id)
                continue
            detail = self.world.asset_detail(k, req.base_url)
            found.append(self._select(detail, fields, VIDEO_SETS if video else IMAGE_SETS))
        return found, missing

    def assets(self, req: Request, kind: str) -> Response:
        ids = parse_list(req.query, "ids")
        if not ids:
            if kind == "images":
                raise ApiError(400, "ImageIdMustBeSpecified", "The ids parameter is required.")
            raise invalid("ids", "at least one id is required")
        if len(ids) > MAX_IDS:
            raise invalid("ids", f"{len(ids)} ids given, the maximum is {MAX_IDS}")
        found, missing = self._assets(req, ids, video=kind == "videos")
        return json_response({kind: found, f"{kind}_not_found": missing})

    def asset(self, req: Request, kind: str, asset_id: str) -> Response:
        found, _ = self._assets(req, [asset_id], video=kind == "videos")
        if not found:
            code = "VideosNotFound" if kind == "videos" else "ImageNotFound"
            raise ApiError(404, code, f"Asset {asset_id} was not found.")
        return json_response({kind: found, f"{kind}_not_found": []})

    def download_history(self, req: Request, kind: str, asset_id: str) -> Response:
        user = self._company(req, "company_downloads")
        k = self.world.asset_index(asset_id)
        if k is None or self.world.asset_is_video(k) != (kind == "videos"):
            raise ApiError(
                404,
                "ImageNotFound" if kind == "images" else "VideosNotFound",
                f"Asset {asset_id} was not found.",
            )
        history = []
        for i in reversed(self.world.downloads_of_asset(k)):
            if user is not None and self.world.download_key(i).user != user:
                continue
            d = self.world.download(i, req.base_url)
            history.append(
                {
                    key: d[key]
                    for key in (
                        "date_downloaded",
                        "product_id",
                        "product_type",
                        "agreement_name",
                        "size_name",
                        "user",
                        "download_details",
                    )
                }
            )
        return json_response({"id": asset_id, "downloads": history})

    # ------------------------------------------------------------------ boards
    def _board_asset(self, req: Request, k: int, added: int) -> Json:
        return {
            "id": self.world.asset_id(k),
            "asset_type": "video" if self.world.asset_is_video(k) else "image",
            "date_added": iso(added),
            "display_sizes": [
                {"name": "thumb", "uri": self.world.media_uri(req.base_url, k, "thumb")}
            ],
        }

    def boards(self, req: Request) -> Response:
        relation = req.query.get("board_relationship")
        if relation and relation not in ("owned", "invited"):
            raise invalid("board_relationship", f"'{relation}' is not 'owned' or 'invited'")
        order = req.query.get("sort_order", "date_last_updated_descending")
        sorters: dict[str, tuple[Callable[[Json], Any], bool]] = {
            "date_last_updated_descending": (lambda b: b["updated"], True),
            "date_last_updated_ascending": (lambda b: b["updated"], False),
            "name_ascending": (lambda b: b["name"], False),
            "name_decending": (lambda b: b["name"], True),
        }
        if order not in sorters:
            raise invalid("sort_order", f"'{order}' is not one of {list(sorters)}")
        key, reverse = sorters[order]
        chosen = sorted(
            (b for b in self.world.boards if not relation or b["relationship"] == relation),
            key=key,
            reverse=reverse,
        )
        page = paginate(req.query, len(chosen), 30, size_param="pageSize")
        listed = []
        for b in chosen[page]:
            item = {
                "id": b["id"],
                "asset_count": len(b["assets"]),
                "date_created": iso(b["created"]),
                "date_last_updated": iso(b["updated"]),
                "description": b["description"],
                "name": b["name"],
                "board_relationship": b["relationship"],
            }
            if b["assets"]:
                item["hero_asset"] = self._board_asset(req, *b["assets"][0])
            listed.append(item)
        return json_response({"boards": listed, "board_count": len(chosen)})

    def _board(self, board_id: str) -> Json:
        board = self.world.board(board_id)
        if board is None:
            raise ApiError(404, "BoardNotFound", f"Board {board_id} was not found.")
        return board

    def board(self, req: Request, board_id: str) -> Response:
        b = self._board(board_id)
        owner = b["relationship"] == "owned"
        return json_response(
            {
                "id": b["id"],
                "name": b["name"],
                "description": b["description"],
                "asset_count": len(b["assets"]),
                "assets": [self._board_asset(req, k, added) for k, added in b["assets"]],
                "date_created": iso(b["created"]),
                "date_last_updated": iso(b["updated"]),
                "comment_count": len(b["comments"]),
                "permissions": {
                    "can_delete_board": owner,
                    "can_invite_to_board": owner,
                    "can_update_name": owner,
                    "can_update_description": owner,
                    "can_add_assets": True,
                    "can_remove_assets": owner,
                },
                "links": {"invitation": None, "share": f"{req.base_url}/boards/{b['id']}/share"},
            }
        )

    def board_comments(self, req: Request, board_id: str) -> Response:
        b = self._board(board_id)
        comments = []
        for n, c in enumerate(b["comments"]):
            user = self.world.users[c["user"]]
            comments.append(
                {
                    "id": f"{b['id']}-c{n}",
                    "text": c["text"],
                    "date_created": iso(c["ts"]),
                    "created_by": {"first_name": user.first_name, "last_name": user.last_name},
                    "permissions": {"can_delete_comment": c["user"] == 0},
                }
            )
        return json_response({"comments": comments, "permissions": {"can_add_comment": True}})

    # ----------------------------------------------------------- asset changes
    CHANNELS: ClassVar[dict[int, tuple[str, str]]] = {  # asset family x asset type, as Getty has
        1: ("Image", "Creative"),
        2: ("Image", "Editorial"),
        3: ("Film", "Creative"),
        4: ("Film", "Editorial"),
    }

    def _changes(self, channel: int) -> list[Json]:
        return list(self.world.channel_changes(channel, self.CHANNELS[channel][0]))

    def channels(self, req: Request) -> Response:
        out = []
        for channel, (asset_type, family) in self.CHANNELS.items():
            pending = self._changes(channel)[self._confirmed.get(channel, 0) :]
            out.append(
                {
                    "ChannelId": channel,
                    "AssetFamily": family,
                    "AssetChangeType": "All",
                    "CreateDateUtc": iso(self.world.start),
                    "NotificationCount": len(pending),
                    "AssetType": asset_type,
                    "OldestChangeNotificationDateUtc": (
                        pending[0]["asset_changed_utc_datetime"] if pending else iso(self.world.end)
                    ),
                    "Metadata": None,
                }
            )
        return json_response(out)

    def change_set(self, req: Request) -> Response:
        raw = req.query.get("channel_id", "")
        if not is_number(raw):
            raise ApiError(400, "InvalidChannelIdException", "channel_id must be an integer.")
        channel = int(raw)
        if channel not in self.CHANNELS:
            raise ApiError(404, "ChannelNotFound", "The channel you specified does not exist.")
        size = parse_int(req.query, "batch_size", 2200)
        if not 1 <= size <= 2200:
            raise invalid("batch_size", "must be between 1 and 2200")
        with self._lock:
            if channel in self._change_sets:  # unconfirmed: delivered again, unchanged
                set_id, changes = self._change_sets[channel]
                return json_response({"change_set_id": str(set_id), "changed_assets": changes})
            done = self._confirmed.get(channel, 0)
            changes = self._changes(channel)[done : done + size]
            if not changes:  # Getty: "an empty response body will be returned"
                return Response(200, b"")
            self._next_change_set += 1
            self._change_sets[channel] = (self._next_change_set, changes)
            return json_response(
                {"change_set_id": str(self._next_change_set), "changed_assets": changes}, status=201
            )

    def confirm_change_set(self, req: Request, set_id: str) -> Response:
        if not is_number(set_id):
            raise ApiError(400, "InvalidChangeSetId", f"'{set_id}' is not a change-set id.")
        with self._lock:
            for channel, (known, changes) in self._change_sets.items():
                if known == int(set_id):
                    del self._change_sets[channel]
                    self._confirmed[channel] = self._confirmed.get(channel, 0) + len(changes)
                    return Response(200)
        raise ApiError(404, "ChangeSetNotFound", "Transaction was not found.")

    # ------------------------------------------------------------------- usage
    def _refuse_reused_batch(self, batch_id: str) -> None:
        if batch_id in self._usage_batches:
            raise ApiError(
                409, "TransactionIdDuplicated", f"Batch id '{batch_id}' has already been used."
            )

    def usage_batch(self, req: Request, batch_id: str) -> Response:
        try:
            usages = json.loads(req.body or b"null")["asset_usages"]
            assert isinstance(usages, list)
        except (ValueError, TypeError, KeyError, AssertionError):
            raise ApiError(
                400, "InvalidRequest", "Body must be JSON {'asset_usages': [...]}."
            ) from None
        if not 1 <= len(usages) <= 1000:
            raise ApiError(
                400, "InvalidRequest", f"{len(usages)} usages given; a batch holds 1 to 1000."
            )
        with self._lock:
            self._refuse_reused_batch(batch_id)
        today = self.now.date()
        invalid_ids: list[str] = []
        for usage in usages:
            asset_id = str(usage.get("asset_id", "")) if isinstance(usage, dict) else ""
            k = self.world.asset_index(asset_id)
            try:
                when = datetime.fromisoformat(str(usage["usage_date"])[:10]).date()
                quantity = int(usage["quantity"])
            except (KeyError, ValueError, TypeError):
                raise ApiError(
                    400, "InvalidRequest", f"Usage of '{asset_id}' needs quantity and usage_date."
                ) from None
            if when > today or quantity < 1:
                raise ApiError(
                    400,
                    "InvalidRequest",
                    f"Usage of '{asset_id}': date after today or quantity below 1.",
                )
            if k is None:
                invalid_ids.append(asset_id)
        if invalid_ids:  # all or nothing: no usage is recorded
            raise ApiError(
                400,
                "InvalidRequest",
                "Unknown asset ids; no usage was recorded.",
                invalid_assets=invalid_ids,
            )
        with self._lock:  # checked again: another request may have used the id meanwhile
            self._refuse_reused_batch(batch_id)
            self._usage_batches[batch_id] = len(usages)
        return json_response(
            {"invalid_assets": [], "total_asset_usages_processed": len(usages)}, status=201
        )
