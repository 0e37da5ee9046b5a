"""The sandbox account: a company's Getty history generated from a seed, lazily, at any scale.

Downloads, purchases and orders are numbered; record `i` is a pure function of
(seed, i), and timestamps grow with `i`, so a date window maps to an index range by
binary search. Only small collections (users, products, boards) are materialised.
"""

from __future__ import annotations

import bisect
import threading
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from typing import Any

from . import vocab
from .rng import RecordRng, Rng

Json = dict[str, Any]

ASSET_ID_BASE = 1_000_000_000
_ASSET_MULT = 2_654_435_761  # odd and not a multiple of 5: a bijection modulo 10**9
_ASSET_INV = pow(_ASSET_MULT, -1, 10**9)
ORDER_ID_BASE = 8_000_000
PAGE_SIZES = (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 25, 30, 50, 60, 75, 100)


@dataclass(frozen=True)
class Scale:
    downloads: int
    purchases: int
    orders: int
    assets: int
    users: int = 8
    boards: int = 12
    years: int = 3


SCALES: dict[str, Scale] = {
    "tiny": Scale(downloads=300, purchases=150, orders=30, assets=250, users=4, boards=4, years=2),
    "small": Scale(downloads=3_000, purchases=900, orders=120, assets=1_500, boards=8),
    "bench": Scale(downloads=100_000, purchases=20_000, orders=2_000, assets=30_000),
    "huge": Scale(downloads=1_000_000, purchases=20_000, orders=2_000, assets=30_000),
}


def iso(ts: int) -> str:
    """Getty's response format: UTC ISO 8601 with a Z."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@dataclass(frozen=True)
class User:
    username: str
    first_name: str
    middle_name: str | None
    last_name: str

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    def as_json(self) -> Json:
        return {
            "username": self.username,
            "first_name": self.first_name,
            "middle_name": self.middle_name,
            "last_name": self.last_name,
        }


@dataclass(frozen=True)
class DownloadKey:
    """The cheap part of a download, enough to filter and to prove completeness."""

    index: int
    ts: int
    asset: int
    user: int
    product: int


class World:
    """Everything the sandbox account holds, derived from `seed` and anchored at `now`."""

    def __init__(
        self,
        seed: int = 42,
        scale: Scale = SCALES["small"],
        now: datetime | None = None,
        username: str = "sandbox-user",
    ) -> None:
        self.seed = seed
        self.scale = scale
        now = now or datetime.now(UTC)
        self.now = int(now.timestamp())
        self.end = self.now - 3600  # the newest record is an hour old
        self.start = self.end - scale.years * 365 * 86_400
        _check_scale(scale)
        self.rng = Rng(seed)
        self._index_lock = threading.Lock()
        self._downloads_by_asset: dict[int, array[int]] | None = None
        self.company_name = "Northwind Media Group"
        self.users = self._make_users(username)
        self.products = self._make_products()
        self._dl_slot = max(1, (self.end - self.start) // max(1, scale.downloads))
        self._order_slot = max(1, (self.end - self.start) // max(1, scale.orders))
        self._max_lines = -(-scale.purchases // scale.orders) + 1

    # ----------------------------------------------------------------- users, products
    def _make_users(self, login: str) -> list[User]:
        users = []
        for n in range(self.scale.users):
            first, middle, last = vocab.USERS[n % len(vocab.USERS)]
            name = f"{_ascii(first)}.{_ascii(last)}".strip(".")
            username = login if n == 0 else (name if "." in name else f"user{n:02d}")
            users.append(User(username, first, middle, last))
        return users

    def _make_products(self) -> list[Json]:
        day = 86_400
        specs: list[tuple[str, str, str, int | None, str | None, int | None, int, bool, bool]] = [
            # type, name, status, limit, duration, remaining, expires in days, note?, code?
            (
                "premiumaccess",
                "Premium Access — Global",
                "active",
                10_000,
                "yearly",
                6_140,
                290,
                False,
                True,
            ),
            (
                "editorialsubscription",
                "Editorial Subscription — News",
                "active",
                750,
                "monthly",
                9,
                21,
                False,
                False,
            ),
            ("imagepack", "Image Pack 25 — Marketing", "active", 25, None, 0, 120, False, False),
            ("imagepack", "Image Pack 10 — 2024", "inactive", 10, None, 3, -60, False, False),
            (
                "easyaccess",
                "Easy Access — Brand team",
                "active",
                None,
                None,
                None,
                400,
                True,
                False,
            ),
            (
                "royaltyfreesubscription",
                "iStock Essentials Subscription",
                "active",
                50,
                "monthly",
                44,
                12,
                False,
                False,
            ),
            ("creditpack", "iStock Credits 60", "active", None, None, None, 700, False, False),
            (
                "aigen",
                "Generative AI by Getty Images",
                "active",
                200,
                "monthly",
                180,
                330,
                False,
                False,
            ),
            (
                "premiumaccess",
                "Premium Access — 2023 agreement",
                "inactive",
                5_000,
                "yearly",
                0,
                -400,
                False,
                True,
            ),
            (
                "editorialsubscription",
                "Editorial Subscription — Sport",
                "active",
                1_000,
                "monthly",
                612,
                3,
                True,
                False,
            ),
        ]
        products = []
        for n, (ptype, name, status, limit, duration, remaining, days, note, code) in enumerate(
            specs
        ):
            r = self.rng.of("product", n)
            codes = r.sample(vocab.PROJECT_CODES, 4) if code else []
            expires = self.now + days * day
            reset = (self.now + (1 + r.below(27)) * day) if duration else None
            product: Json = {
                "id": 4_410_000 + n * 17 + r.below(10),
                "name": name,
                "type": ptype,
                "status": status,
                "agreement_name": f"{self.company_name} {ptype} agreement",
                "application_website": None,
                "download_limit": limit,
                "download_limit_duration": duration,
                "downloads_remaining": remaining,
                "download_limit_reset_utc_date": iso(reset) if reset else None,
                "expiration_utc_date": iso(expires),
                "credits_remaining": 38 if ptype == "creditpack" else None,
                "imagepack_resolution": "high" if ptype == "imagepack" else None,
                "team_credits": None,
                "download_requirements": {
                    "is_note_required": note,
                    "is_project_code_required": code,
                    "project_codes": codes,
                },
                "_expires": expires,
            }
            if ptype == "premiumaccess" and status == "active":  # overage only where agreed
                product["overage"] = {
                    "limit": 100,
                    "remaining": 83,
                    "count": 17,
                    "overages_reached": False,
                }
            products.append(product)
        return products

    def product_public(self, product: Json, with_requirements: bool) -> Json:
        out = {k: v for k, v in product.items() if not k.startswith("_")}
        if not with_requirements:
            out.pop("download_requirements")
        return out

    @cached_property
    def _download_products(self) -> list[int]:
        return [n for n, p in enumerate(self.products) if p["type"] not in ("creditpack", "aigen")]

    # ----------------------------------------------------------------------- assets
    def asset_id(self, k: int) -> str:
        return str(ASSET_ID_BASE + (k * _ASSET_MULT) % 10**9)

    def asset_index(self, asset_id: str) -> int | None:
        if not asset_id.isdigit():
            return None
        value = int(asset_id) - ASSET_ID_BASE
        if not 0 <= value < 10**9:
            return None
        k = (value * _ASSET_INV) % 10**9
        return k if k < self.scale.assets else None

    def asset_is_video(self, k: int) -> bool:
        return self.rng.of("asset-kind", k).chance(12)

    def asset_withdrawn(self, k: int) -> bool:
        """Licensed once, no longer served by Getty (listed in images_not_found)."""
        return self.rng.of("asset-withdrawn", k).chance(2)

    def asset_license_model(self, k: int) -> str:
        r = self.rng.of("asset-license", k)
        editorial = self.asset_is_editorial(k)
        return "rightsmanaged" if r.chance(45 if editorial else 15) else "royaltyfree"

    def asset_is_editorial(self, k: int) -> bool:
        return self.rng.of("asset-family", k).chance(50)

    def media_uri(self, base: str, k: int, kind: str) -> str:
        ext = "png" if kind == "preview" else "jpg"
        return f"{base}/media/{kind}/{self.asset_id(k)}.{ext}"

    def asset_detail(self, k: int, base: str) -> Json:
        """Every field the sandbox knows for an asset; `fields=` selects from these."""
        r = self.rng.of("asset", k)
        video = self.asset_is_video(k)
        editorial = self.asset_is_editorial(k)
        created = self.start - 200 * 86_400 + r.below(self.end - self.start)
        city, state, country = r.pick(vocab.PLACES)
        when = datetime.fromtimestamp(created, UTC).strftime("%B %d, %Y")
        if editorial:
            artist = r.pick(vocab.PHOTOGRAPHERS)
            kind = r.below(3)
            if kind == 0:
                team, event = r.pick(vocab.TEAMS), r.pick(vocab.EVENTS)
                title = f"{team} v Opponents - {event}"
                caption = (
                    f"{city.upper()}, {country.upper()} - {when.upper()}: Players of {team} "
                    f"celebrate during the {event} match in {city}. (Photo by {artist}/"
                    f"Getty Images)"
                )
                segment = "Sport"
            elif kind == 1:
                title = f"{r.pick(vocab.NEWS)} In {city}"
                caption = f"{title.split(' In ')[0]} in {city}, {country} on {when}."
                segment = "News"
            else:
                film = r.pick(vocab.FILMS)
                title = f"{film} Premiere"
                caption = (
                    f"{r.pick(vocab.USERS)[0]} {r.pick(vocab.ENTERTAINMENT)} {film} in "
                    f"{city}, {country} on {when}."
                )
                segment = "Entertainment"
            collection = r.pick(vocab.VIDEO_COLLECTIONS if video else vocab.EDITORIAL_COLLECTIONS)
            credit = f"{artist} / Getty Images" if collection[1] != "AFP" else f"{artist} / AFP"
            restrictions = r.sample(vocab.USAGE_RESTRICTIONS, 1 + r.below(2))
            allowed = {
                "how_can_i_use_it": "Available for editorial uses only.",
                "release_info": "Not released. More information",
                "usage_restrictions": restrictions,
            }
            segments: list[str] = [segment]
        else:
            artist = r.pick(vocab.CREATIVE_ARTISTS)
            title = f"{r.pick(vocab.SUBJECTS)} {r.pick(vocab.ACTIONS)}"
            caption = f"{r.pick(vocab.ADJECTIVES)} {title.lower()} {r.pick(vocab.SETTINGS)}"
            collection = r.pick(vocab.VIDEO_COLLECTIONS if video else vocab.CREATIVE_COLLECTIONS)
            credit = f"{artist}/{collection[2]} via Getty Images"
            allowed = {
                "how_can_i_use_it": "Available for all permitted uses under our License Terms.",
                "release_info": r.pick(vocab.RELEASES),
                "usage_restrictions": [],
            }
            segments = []
        year = datetime.fromtimestamp(created, UTC).year
        width, height = (
            (3840, 2160) if video else r.pick([(6000, 4000), (5472, 3648), (4000, 6000)])
        )
        keywords = [
            {
                "keyword_id": str(10_000 + vocab.KEYWORDS.index(w)),
                "text": w,
                "type": "Primary",
                "relevance": 100 - 7 * n,
                "entity_uris": None,
                "entity_types": None,
            }
            for n, w in enumerate(r.sample(vocab.KEYWORDS, 3 + r.below(6)))
        ]
        family = "editorial" if editorial else "creative"
        detail: Json = {
            "id": self.asset_id(k),
            "allowed_use": allowed,
            "artist": artist if not r.chance(3) else None,
            "asset_family": family,
            "call_for_image": False,
            "caption": caption if not r.chance(2) else None,
            "collection_code": collection[1],
            "collection_id": collection[0],
            "collection_name": collection[2],
            "color_type": "color" if not r.chance(10) else "black_and_white",
            "copyright": f"{year} {artist}" if not editorial else f"{year} Getty Images",
            "date_created": iso(created),
            "display_sizes": [
                {"is_watermarked": True, "name": n, "uri": self.media_uri(base, k, n)}
                for n in ("comp", "preview", "thumb")
            ],
            "editorial_segments": segments,
            "event_ids": [30_000_000 + r.below(900_000)] if editorial else [],
            "keywords": keywords,
            "license_model": self.asset_license_model(k),
            "max_dimensions": {"height": height, "width": width},
            "product_types": ["premiumaccess", "easyaccess"]
            + (["editorialsubscription"] if editorial else ["imagepack"]),
            "quality_rank": 1 + r.below(4),
            "referral_destinations": [
                {
                    "site_name": "gettyimages",
                    "uri": f"https://www.gettyimages.com/detail/{self.asset_id(k)}",
                }
            ],
            "title": title,
        }
        if video:
            detail |= {
                "clip_length": f"00:00:{10 + r.below(50):02d}:{r.below(25):02d}",
                "era": "2020s",
                "mastered_to": r.pick(["QuickTime 10-bit ProRes 422 HQ", "H.264"]),
                "originally_shot_on": r.pick(["4K (3840x2160)", "HD 1080p"]),
                "shot_speed": r.pick(["Real Time", "Slow Motion"]),
                "source": collection[2],
            }
            for size in detail["display_sizes"]:
                size["aspect_ratio"] = "16:9"
            detail["download_sizes"] = [
                {
                    "name": name,
                    "content_type": "video/quicktime",
                    "format": fmt,
                    "width": w,
                    "height": h,
                    "bytes": w * h * 40,
                }
                for name, fmt, w, h in (("hd1", "mov", 1920, 1080), ("4k", "mov", 3840, 2160))
            ]
        else:
            detail |= {
                "artist_title": "Staff" if editorial else "Contributor",
                "city": city if not r.chance(8) else None,
                "country": country,
                "state_province": state,
                "credit_line": credit,
                "date_submitted": iso(created + 3600 + r.below(86_400)),
                "editorial_source": collection[2] if editorial else None,
                "graphical_style": "photography",
                "object_name": f"{collection[1]}_{k:07d}",
                "orientation": "Horizontal" if width > height else "Vertical",
                "people": [],
                "download_sizes": [
                    {
                        "name": name,
                        "media_type": "image/jpeg",
                        "width": width // d,
                        "height": height // d,
                        "bytes": (width // d) * (height // d) // 4,
                    }
                    for name, d in (("small", 12), ("medium", 6), ("large", 3), ("x-large", 1))
                ],
            }
        return detail

    # -------------------------------------------------------------------- downloads
    def download_ts(self, i: int) -> int:
        return self.start + i * self._dl_slot + self.rng.of("dl-ts", i).below(self._dl_slot)

    def _download_asset_user(self, i: int) -> tuple[RecordRng, int, int]:
        """The first draws of a download: cheap enough to scan a million of them."""
        r = self.rng.of("download", i)
        a = self.scale.assets
        asset = r.below(max(1, a // 20)) if r.chance(30) else r.below(a)
        user = 0 if r.chance(35) else r.below(len(self.users))
        return r, asset, user

    def download_key(self, i: int) -> DownloadKey:
        ts = self.download_ts(i)
        r, asset, user = self._download_asset_user(i)
        valid = [n for n in self._download_products if self.products[n]["_expires"] > ts]
        product = r.pick(valid or self._download_products)
        return DownloadKey(i, ts, asset, user, product)

    def download(self, i: int, base: str) -> Json:
        key = self.download_key(i)
        r = self.rng.of("download-detail", i)
        product = self.products[key.product]
        reqs = product["download_requirements"]
        codes = reqs["project_codes"] or vocab.PROJECT_CODES
        if reqs["is_project_code_required"]:
            code = None if r.chance(4) else r.pick(codes)
        else:
            code = r.pick(codes) if r.chance(50) else None
        if reqs["is_note_required"]:
            note = None if r.chance(4) else r.pick(vocab.NOTES[:-1])
        else:
            note = r.pick(vocab.NOTES) if r.chance(40) else None
        video = self.asset_is_video(key.asset)
        if video:
            size_name, (w, h) = r.pick([("hd1080", (1920, 1080)), ("4k", (3840, 2160))])
            dpi = None
        else:
            size_name, (w, h) = r.pick(
                [
                    ("small", (509, 339)),
                    ("medium", (1024, 683)),
                    ("large", (2048, 1365)),
                    ("x-large", (6000, 4000)),
                ]
            )
            dpi = 72 if size_name in ("small", "medium") else 300
        return {
            "date_downloaded": iso(key.ts),
            "id": self.asset_id(key.asset),
            "asset_type": "video" if video else "image",
            "product_type": product["type"],
            "thumb_uri": self.media_uri(base, key.asset, "thumb"),
            "agreement_name": product["agreement_name"],
            "product_id": product["id"],
            "download_details": {"download_notes": note, "project_code": code},
            "download_source": r.pick(["Web", "API", "Web", "Plugin"]),
            "user": self.users[key.user].as_json(),
            "size_name": size_name,
            "dimensions": {"width": w, "height": h, "dpi": dpi},
            "license_model": self.asset_license_model(key.asset),
            "generated_asset_id": None,
        }

    def download_range(self, ts_from: int, ts_to: int) -> range:
        """Indices whose timestamp lies in [ts_from, ts_to], oldest first."""
        n = self.scale.downloads
        lo = _first_at_or_after(self.download_ts, n, ts_from)
        hi = _first_at_or_after(self.download_ts, n, ts_to + 1)
        return range(lo, hi)

    @lru_cache(maxsize=64)  # noqa: B019 - the world lives as long as the server
    def downloads_matching(
        self, ts_from: int, ts_to: int, user: int | None, product_type: str | None
    ) -> Sequence[int]:
        """Matching download indices, newest first (Getty's order)."""
        span = self.download_range(ts_from, ts_to)
        if user is None and product_type is None:
            return span[::-1]
        out = array("l")
        for i in reversed(span):
            if user is not None and self._download_asset_user(i)[2] != user:
                continue
            if product_type and self.products[self.download_key(i).product]["type"] != product_type:
                continue
            out.append(i)
        return out

    def downloads_of_asset(self, k: int) -> Sequence[int]:
        with self._index_lock:
            if self._downloads_by_asset is None:
                index: dict[int, array[int]] = {}
                for i in range(self.scale.downloads):
                    index.setdefault(self._download_asset_user(i)[1], array("l")).append(i)
                self._downloads_by_asset = index
        return self._downloads_by_asset.get(k, array("l"))

    # ------------------------------------------------------------- orders, purchases
    def order_ts(self, o: int) -> int:
        """Inside the order's slot, leaving room for its lines (one second each)."""
        room = self._order_slot - self._max_lines
        return self.start + o * self._order_slot + self.rng.of("order-ts", o).below(room)

    def order_lines(self, o: int) -> range:
        p, n = self.scale.purchases, self.scale.orders
        return range((o * p + n - 1) // n, ((o + 1) * p + n - 1) // n)

    def order_of_purchase(self, j: int) -> int:
        return j * self.scale.orders // self.scale.purchases

    def order_id(self, o: int) -> str:
        return str(ORDER_ID_BASE + o)

    def order_index(self, order_id: str) -> int | None:
        if not order_id.isdigit():
            return None
        o = int(order_id) - ORDER_ID_BASE
        return o if 0 <= o < self.scale.orders else None

    def order_user(self, o: int) -> int:
        r = self.rng.of("order-user", o)
        return 0 if r.chance(40) else r.below(len(self.users))

    def order_access(self, o: int) -> str:
        """'ok', 'forbidden' (403 NoAccessToOrderMetadata) or 'missing' (404)."""
        r = self.rng.of("order-access", o)
        if r.chance(3):
            return "forbidden"
        return "missing" if r.chance(1) else "ok"

    def purchase_ts(self, j: int) -> int:
        o = self.order_of_purchase(j)
        return self.order_ts(o) + (j - self.order_lines(o).start)

    def purchase_asset(self, j: int) -> int:
        o = self.order_of_purchase(j)
        line = j - self.order_lines(o).start
        offset = self.rng.of("order-assets", o).below(self.scale.assets)
        return (offset + line * 104_729) % self.scale.assets

    def purchase(self, j: int, base: str) -> Json:
        o = self.order_of_purchase(j)
        k = self.purchase_asset(j)
        r = self.rng.of("purchase", j)
        video = self.asset_is_video(k)
        size = r.pick(["4k", "hd1080"]) if video else r.pick(["x-large", "large", "medium"])
        bytes_ = {
            "4k": 812_000_000,
            "hd1080": 210_000_000,
            "x-large": 24_000_000,
            "large": 4_100_000,
            "medium": 640_000,
        }[size] + r.below(100_000)
        kind = "videos" if video else "images"
        return {
            "date_purchased": iso(self.purchase_ts(j)),
            "purchased_by": self.users[self.order_user(o)].username,
            "asset_id": self.asset_id(k),
            "asset_type": "video" if video else "image",
            "license_model": self.asset_license_model(k),
            "order_id": self.order_id(o),
            "thumb_uri": self.media_uri(base, k, "thumb"),
            "size_name": size,
            "file_size_in_bytes": str(bytes_),
            "download_uri": f"{base}/v3/downloads/{kind}/{self.asset_id(k)}?size={size}",
        }

    @lru_cache(maxsize=64)  # noqa: B019
    def purchases_matching(self, ts_from: int, ts_to: int, user: int | None) -> Sequence[int]:
        """Matching purchase indices, newest first."""
        n = self.scale.purchases
        lo = _first_at_or_after(self.purchase_ts, n, ts_from)
        hi = _first_at_or_after(self.purchase_ts, n, ts_to + 1)
        span = range(lo, hi)
        if user is None:
            return span[::-1]
        return array(
            "l", (j for j in reversed(span) if self.order_user(self.order_of_purchase(j)) == user)
        )

    def order_detail(self, o: int) -> Json:
        r = self.rng.of("order", o)
        ts = self.order_ts(o)
        year = datetime.fromtimestamp(ts, UTC).year
        po: str | None = f"PO-{year}-{1000 + o:05d}"
        if r.chance(8):
            po = None
        elif o > 0 and r.chance(3):
            po = f"PO-{datetime.fromtimestamp(self.order_ts(o - 1), UTC).year}-{999 + o:05d}"
        return {
            "id": self.order_id(o),
            "invoice_number": None if r.chance(5) else f"{56_000_000 + o * 7 + r.below(7)}",
            "order_date": iso(ts),
            "end_client": r.pick(vocab.END_CLIENTS) if r.chance(40) else None,
            "notes": {
                "licensee_name": self.company_name,
                "purchase_order_number": po,
                "project_title": r.pick(vocab.PROJECT_TITLES) if not r.chance(10) else None,
                "ordered_by": self.users[self.order_user(o)].full_name,
            },
            "assets": [{"id": self.asset_id(self.purchase_asset(j))} for j in self.order_lines(o)],
        }

    # ------------------------------------------------------------------------ boards
    @cached_property
    def boards(self) -> list[Json]:
        boards = []
        for b in range(self.scale.boards):
            r = self.rng.of("board", b)
            created = self.end - r.below(self.end - self.start)
            updated = min(self.end, created + r.below(90 * 86_400))
            assets = sorted({r.below(self.scale.assets) for _ in range(r.below(20))})
            comments = [
                {
                    "user": r.below(len(self.users)),
                    "ts": min(self.end, created + r.below(30 * 86_400)),
                    "text": r.pick(
                        [
                            "Approved ✔",
                            "Can we get this in vertical?",
                            "Legal: check the restrictions first.",
                            "Love this one!",
                            "Not for the Nordics campaign — too dark.",
                            "Budget OK.",
                        ]
                    ),
                }
                for _ in range(r.below(5))
            ]
            boards.append(
                {
                    "id": f"{r.bits():016x}{b:04x}",
                    "name": f"{r.pick(vocab.PROJECT_TITLES)} — shortlist {b + 1}",
                    "description": None if r.chance(30) else "Assets awaiting approval.",
                    "created": created,
                    "updated": updated,
                    "owner": r.below(len(self.users)),
                    "relationship": "owned" if r.chance(70) else "invited",
                    "assets": [(k, min(self.end, created + r.below(86_400 * 10))) for k in assets],
                    "comments": comments,
                }
            )
        return sorted(boards, key=lambda board: -int(board["updated"]))

    def board(self, board_id: str) -> Json | None:
        return next((b for b in self.boards if b["id"] == board_id), None)

    # ------------------------------------------------------------------- asset changes
    def channel_changes(self, channel: int, asset_type: str) -> Iterator[Json]:
        """Partner change notifications: New, Update, Delete (Delete may lack its type)."""
        total = 40 + self.rng.of("channel", channel).below(200)
        for c in range(total):
            r = self.rng.of("change", channel, c)
            k = r.below(self.scale.assets)
            life = r.pick(["New", "New", "Update", "Delete"])
            yield {
                "asset_changed_utc_datetime": iso(self.end - (total - c) * 600),
                "asset_lifecycle": life,
                "asset_type": None if life == "Delete" and r.chance(30) else asset_type,
                "id": self.asset_id(k),
                "uri": f"https://delivery.example.invalid/{self.asset_id(k)}"
                if life == "New"
                else None,
            }


def _check_scale(scale: Scale) -> None:
    """Reject sizes the generator cannot honour, naming the setting to change."""
    span = scale.years * 365 * 86_400
    problems = []
    if scale.years < 1:
        problems.append("years must be at least 1")
    for name in ("downloads", "purchases", "orders", "assets", "users"):
        if getattr(scale, name) < 1:
            problems.append(f"{name} must be at least 1")
    if scale.downloads > span:
        problems.append(
            f"downloads ({scale.downloads}) exceed one a second over {scale.years} "
            "year(s): raise years or lower downloads"
        )
    if scale.orders and span // scale.orders <= 2 * (-(-scale.purchases // scale.orders) + 1):
        problems.append(
            "too many purchases per order for the time each order has: raise years "
            "or orders, or lower purchases"
        )
    if problems:
        raise ValueError("invalid sandbox scale: " + "; ".join(problems))


def _first_at_or_after(ts_of: Any, n: int, ts: int) -> int:
    """Binary search over a non-decreasing timestamp function of the index."""

    class _View:
        def __len__(self) -> int:
            return n

        def __getitem__(self, i: int) -> int:
            return int(ts_of(i))

    return bisect.bisect_left(_View(), ts)
