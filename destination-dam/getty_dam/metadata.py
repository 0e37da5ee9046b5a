"""One merged asset (plus its order) as the fields IPTC Photo Metadata and PLUS define.

Every output (XMP, IIM, ninjs, REST DAMs) renders from `AssetMetadata`, so the mapping
lives here once; the README's mapping table documents it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

SUPPLIER = "Getty Images"
SUPPLIER_URL = "https://www.gettyimages.com"
PLUS_VOCAB = "http://ns.useplus.org/ldf/vocab/"
# Restriction sentences that say where an asset may (not) be used become region constraints.
REGIONAL = re.compile(
    r"\b(sales? in|rights? (in|for)?\s*[A-Z]|except|outside|only in|territor|worldwide)",
    re.IGNORECASE,
)
YEAR_PREFIX = re.compile(r"^\s*(?:©|\(c\)|copyright)?\s*\d{4}\s+", re.IGNORECASE)


@dataclass
class AssetMetadata:
    asset_id: str
    asset_type: str = "image"
    title: str | None = None
    caption: str | None = None
    creator: str | None = None
    credit_line: str | None = None
    copyright_notice: str | None = None
    copyright_owner: str | None = None
    instructions: str | None = None
    usage_terms: str | None = None
    web_statement: str | None = None
    keywords: list[str] = field(default_factory=list)
    date_created: str | None = None
    city: str | None = None
    state_province: str | None = None
    country: str | None = None
    image_supplier: str = SUPPLIER
    supplier_image_id: str | None = None
    licensor: str = SUPPLIER
    licensor_url: str = SUPPLIER_URL
    licensee: str | None = None
    end_user: str | None = None
    license_id: str | None = None
    license_start_date: str | None = None
    license_end_date: str | None = None
    licensor_transaction_ids: list[str] = field(default_factory=list)
    licensee_transaction_ids: list[str] = field(default_factory=list)
    licensee_project_references: list[str] = field(default_factory=list)
    region_constraints: str | None = None
    model_release_status: str | None = None
    property_release_status: str | None = None
    license_model: str | None = None
    renditions: dict[str, str] = field(default_factory=dict)
    licensed_file_uri: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def describe(
    asset: dict[str, Any], order: dict[str, Any] | None, default_licensee: str | None = None
) -> AssetMetadata:
    """The IPTC/PLUS view of a merged asset record and the order of its current license."""
    event = asset.get("license") or {}
    inline_order = event.get("order") or {}
    joined = order if order and order.get("id") == event.get("order_id") else {}

    def from_order(name: str) -> Any:
        return inline_order.get(name) or joined.get(name)

    restrictions = asset.get("usage_restrictions") or []
    regional = [r for r in restrictions if REGIONAL.search(r)]
    release = release_status(asset.get("release_info"))
    copyright_notice = asset.get("copyright")
    return AssetMetadata(
        asset_id=asset["id"],
        asset_type=asset.get("asset_type") or "image",
        title=asset.get("title"),
        caption=asset.get("caption"),
        creator=asset.get("artist"),
        credit_line=asset.get("credit_line"),
        copyright_notice=copyright_notice,
        copyright_owner=YEAR_PREFIX.sub("", copyright_notice) if copyright_notice else None,
        instructions=" ".join(restrictions) or None,
        usage_terms=asset.get("usage_terms"),
        web_statement=asset.get("referral_uri"),
        keywords=list(asset.get("keywords") or []),
        date_created=asset.get("date_created"),
        city=asset.get("city"),
        state_province=asset.get("state_province"),
        country=asset.get("country"),
        supplier_image_id=asset["id"],
        licensee=from_order("licensee_name") or default_licensee,
        end_user=from_order("end_client"),
        license_id=license_id(asset["id"], event),
        license_start_date=(event.get("licensed_at") or "")[:10] or None,
        license_end_date=asset.get("license_end_date"),
        licensor_transaction_ids=_present(event.get("order_id"), from_order("invoice_number")),
        licensee_transaction_ids=_present(from_order("purchase_order_number")),
        licensee_project_references=_present(
            event.get("project_code"), from_order("project_title")
        ),
        region_constraints=" ".join(regional) or None,
        model_release_status=release[0],
        property_release_status=release[1],
        license_model=asset.get("license_model"),
        renditions={
            name: asset[f"{name}_uri"]
            for name in ("thumb", "comp", "preview")
            if asset.get(f"{name}_uri")
        },
        licensed_file_uri=asset.get("licensed_file_uri"),
    )


def license_id(asset_id: str, event: dict[str, Any]) -> str | None:
    """Purchases: `<order id>-<asset id>`; downloads: `<product id>-<asset id>-<UTC time>`."""
    if event.get("license_source") == "purchase" and event.get("order_id"):
        return f"{event['order_id']}-{asset_id}"
    if event.get("license_source") == "download" and event.get("licensed_at"):
        stamp = re.sub(r"[^0-9]", "", event["licensed_at"])
        return f"{event.get('product_id') or 'download'}-{asset_id}-{stamp}"
    return None


def release_status(release_info: str | None) -> tuple[str | None, str | None]:
    """PLUS model and property release status URIs from Getty's `release_info` text."""
    if not release_info:
        return None, None
    text = release_info.lower()
    if text.startswith("not released"):
        return PLUS_VOCAB + "MR-NON", PLUS_VOCAB + "PR-NON"
    model = PLUS_VOCAB + "MR-UMR" if "model" in text else None
    prop = PLUS_VOCAB + "PR-UPR" if "property" in text else None
    return model, prop


def _present(*values: Any) -> list[str]:
    return [str(v) for v in values if v not in (None, "")]
