"""Turn incoming records (Getty source streams or the dbt feeds) into upserts of asset fields.

Every stream upserts only the fields it owns, so the merged asset is the same whichever way
(and in whichever order) the data came. License fields travel together as one license event;
the most recent event wins. Orders are kept apart and joined to their assets when rendered.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from .errors import BadRecord

ASSET_STREAMS = ("images", "videos")
LICENSE_STREAMS = ("downloads", "purchased_assets")
FEED_STREAMS = ("dam_assets", "newsroom_pictures")
STREAMS = (*ASSET_STREAMS, *LICENSE_STREAMS, "orders", *FEED_STREAMS)

# Fields describing the asset itself (from images/videos or the feeds).
ASSET_FIELDS = (
    "asset_type",
    "title",
    "caption",
    "artist",
    "credit_line",
    "copyright",
    "collection_name",
    "asset_family",
    "license_model",
    "usage_terms",
    "usage_restrictions",
    "release_info",
    "date_created",
    "city",
    "state_province",
    "country",
    "keywords",
    "referral_uri",
    "thumb_uri",
    "comp_uri",
    "preview_uri",
    "licensed_file_uri",
    "license_end_date",
    "editorial_segments",
    "max_width",
    "max_height",
)
# Fields of one license event (a purchase or a download); replaced together.
LICENSE_FIELDS = (
    "licensed_at",
    "license_source",
    "order_id",
    "product_id",
    "agreement_name",
    "product_type",
    "licensed_by",
    "project_code",
    "download_notes",
    "size_name",
)
ORDER_FIELDS = (
    "invoice_number",
    "order_date",
    "end_client",
    "licensee_name",
    "purchase_order_number",
    "project_title",
    "ordered_by",
)
# Asset fields that several raw streams carry: a stream without a value keeps the other's.
SHARED_FIELDS = ("asset_type", "license_model", "thumb_uri")
LIST_FIELDS = ("usage_restrictions", "keywords", "editorial_segments")
TIME_FIELDS = ("date_created", "licensed_at", "order_date")
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")


@dataclass
class Upsert:
    """Fields to merge into one asset (kind "asset") or one order (kind "order")."""

    kind: str
    key: str
    fields: dict[str, Any] = field(default_factory=dict)
    license: dict[str, Any] | None = None
    asset_ids: list[str] = field(default_factory=list)  # orders: the assets they cover


def upserts_for(stream: str, record: dict[str, Any]) -> list[Upsert]:
    """The upserts one record makes; raises BadRecord naming the field and the fix."""
    stream = stream_role(stream)
    if stream in ASSET_STREAMS:
        return [_from_asset_metadata(stream, record)]
    if stream == "downloads":
        return [_from_download(record)]
    if stream == "purchased_assets":
        return [_from_purchase(record)]
    if stream == "orders":
        return [_from_order(record)]
    if stream in FEED_STREAMS:
        return [_from_feed(stream, record)]
    raise BadRecord(
        stream,
        None,
        f"unknown stream; this destination reads {', '.join(STREAMS)}: "
        "deselect the stream or rename it in the connection",
    )


def stream_role(stream: str) -> str:
    """The stream's name without a schema prefix (`public-dam_assets`, `analytics.dam_assets`)."""
    if stream in STREAMS:
        return stream
    return re.split(r"[-.]", stream)[-1]


def safe_id(stream: str, name: str, value: Any) -> str:
    """An id usable as a file name: letters, digits, '_' and '-' only."""
    text = "" if value is None else str(value).strip()
    if not SAFE_ID.fullmatch(text):
        raise BadRecord(
            stream,
            text or None,
            f"field {name!r} must be 1-128 letters, digits, '_' or '-' (got {text!r}); "
            "fix the id in the source data",
        )
    return text


def _from_asset_metadata(stream: str, r: dict[str, Any]) -> Upsert:
    asset_id = safe_id(stream, "id", r.get("id"))
    allowed = r.get("allowed_use") or {}
    sizes = {d.get("name"): d.get("uri") for d in r.get("display_sizes") or [] if d}
    referral = next(
        (
            d.get("uri")
            for d in r.get("referral_destinations") or []
            if d and d.get("site_name") == "gettyimages"
        ),
        None,
    )
    dims = r.get("max_dimensions") or {}
    fields = {
        "asset_type": "video" if stream == "videos" else "image",
        "title": r.get("title"),
        "caption": r.get("caption"),
        "artist": r.get("artist"),
        "credit_line": r.get("credit_line"),
        "copyright": r.get("copyright"),
        "collection_name": r.get("collection_name"),
        "asset_family": r.get("asset_family"),
        "license_model": r.get("license_model"),
        "usage_terms": allowed.get("how_can_i_use_it"),
        "usage_restrictions": allowed.get("usage_restrictions"),
        "release_info": allowed.get("release_info"),
        "date_created": r.get("date_created"),
        "city": r.get("city"),
        "state_province": r.get("state_province"),
        "country": r.get("country"),
        "keywords": [k.get("text") if isinstance(k, dict) else k for k in r.get("keywords") or []],
        "referral_uri": referral,
        "thumb_uri": sizes.get("thumb") or r.get("thumb_uri"),
        "comp_uri": sizes.get("comp"),
        "preview_uri": sizes.get("preview"),
        "editorial_segments": r.get("editorial_segments"),
        "max_width": dims.get("width"),
        "max_height": dims.get("height"),
    }
    return Upsert("asset", asset_id, _clean(stream, asset_id, fields))


def _from_download(r: dict[str, Any]) -> Upsert:
    asset_id = safe_id("downloads", "id", r.get("id"))
    details = r.get("download_details") or {}
    user = r.get("user") or {}
    fields = {
        "asset_type": r.get("asset_type"),
        "license_model": r.get("license_model"),
        "thumb_uri": r.get("thumb_uri"),
    }
    license_event = {
        "licensed_at": r.get("date_downloaded"),
        "license_source": "download",
        "product_id": r.get("product_id"),
        "agreement_name": r.get("agreement_name"),
        "product_type": r.get("product_type"),
        "licensed_by": user.get("username"),
        "project_code": details.get("project_code"),
        "download_notes": details.get("download_notes"),
        "size_name": r.get("size_name"),
    }
    return _license_upsert("downloads", asset_id, fields, license_event, "date_downloaded")


def _from_purchase(r: dict[str, Any]) -> Upsert:
    asset_id = safe_id("purchased_assets", "asset_id", r.get("asset_id"))
    fields = {
        "asset_type": r.get("asset_type"),
        "license_model": r.get("license_model"),
        "thumb_uri": r.get("thumb_uri"),
    }
    license_event = {
        "licensed_at": r.get("date_purchased"),
        "license_source": "purchase",
        "order_id": r.get("order_id"),
        "licensed_by": r.get("purchased_by"),
        "size_name": r.get("size_name"),
    }
    return _license_upsert("purchased_assets", asset_id, fields, license_event, "date_purchased")


def _from_order(r: dict[str, Any]) -> Upsert:
    order_id = safe_id("orders", "id", r.get("id"))
    notes = r.get("notes") or {}
    fields = {
        "invoice_number": r.get("invoice_number"),
        "order_date": r.get("order_date"),
        "end_client": r.get("end_client"),
        "licensee_name": notes.get("licensee_name"),
        "purchase_order_number": notes.get("purchase_order_number"),
        "project_title": notes.get("project_title"),
        "ordered_by": notes.get("ordered_by"),
    }
    assets = [safe_id("orders", "assets[].id", a.get("id")) for a in r.get("assets") or [] if a]
    return Upsert("order", order_id, _clean("orders", order_id, fields), asset_ids=assets)


def _from_feed(stream: str, r: dict[str, Any]) -> Upsert:
    asset_id = safe_id(stream, "asset_id", r.get("asset_id"))
    fields = _clean(stream, asset_id, {k: r[k] for k in ASSET_FIELDS if k in r})
    upsert = Upsert("asset", asset_id, fields)
    if r.get("licensed_at") is not None:
        event = {k: r.get(k) for k in LICENSE_FIELDS}
        upsert.license = _clean(stream, asset_id, event)
        # A feed row carries its order's fields inline.
        upsert.license["order"] = _clean(stream, asset_id, {k: r.get(k) for k in ORDER_FIELDS})
    return upsert


def _license_upsert(
    stream: str, asset_id: str, fields: dict[str, Any], event: dict[str, Any], time_field: str
) -> Upsert:
    if event["licensed_at"] in (None, ""):
        raise BadRecord(
            stream, asset_id, f"field {time_field!r} is missing; a license event needs its date"
        )
    event = {k: event.get(k) for k in LICENSE_FIELDS}
    return Upsert(
        "asset", asset_id, _clean(stream, asset_id, fields), license=_clean(stream, asset_id, event)
    )


def _clean(stream: str, key: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Normalise types: ids and text as str, lists as lists of str, times as UTC ISO."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name in LIST_FIELDS:
            out[name] = _as_list(stream, key, name, value)
        elif name in TIME_FIELDS:
            out[name] = utc_timestamp(stream, key, name, value)
        elif name == "license_end_date":
            out[name] = _as_date(stream, key, name, value)
        elif name in ("max_width", "max_height"):
            out[name] = int(value) if value not in (None, "") else None
        elif value is None or isinstance(value, str):
            out[name] = value if value != "" else None
        elif isinstance(value, int | float):
            out[name] = str(value)
        else:
            raise BadRecord(stream, key, f"field {name!r} must be text, got {type(value).__name__}")
    return out


def _as_list(stream: str, key: str, name: str, value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):  # a JSON array from a warehouse column
        try:
            value = json.loads(value) if value.strip().startswith("[") else [value]
        except json.JSONDecodeError as exc:
            raise BadRecord(stream, key, f"field {name!r} is not a JSON array: {exc}") from exc
    if not isinstance(value, list):
        raise BadRecord(stream, key, f"field {name!r} must be an array of text")
    return [str(v) for v in value if v not in (None, "")]


def utc_timestamp(stream: str, key: str, name: str, value: Any) -> str | None:
    """`value` as `YYYY-MM-DDTHH:MM:SSZ` (naive times are taken as UTC)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip().replace(" ", "T")
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise BadRecord(
                stream, key, f"field {name!r} is not an ISO 8601 date-time: {value!r}"
            ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _as_date(stream: str, key: str, name: str, value: Any) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError as exc:
        raise BadRecord(
            stream, key, f"field {name!r} is not a date (YYYY-MM-DD): {value!r}"
        ) from exc
