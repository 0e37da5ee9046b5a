"""IPTC ninjs picture items: 3.1 (camelCase) by default, 2.2 (lowercase) on request."""

from __future__ import annotations

from typing import Any

from .metadata import AssetMetadata

SCHEMAS = {
    "3.1": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
    "2.2": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#",
}
RENDITION_NAMES = {"thumb": "thumbnail", "preview": "preview", "comp": "comp"}
CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".tif": "image/tiff"}
# 3.1 property names that 2.2 spells differently from plain lowercase.
RENAMED_2_2 = {"embargoedUntil": "embargoed"}


def item_uri(asset_id: str) -> str:
    return f"urn:gettyimages:asset:{asset_id}"


def picture(m: AssetMetadata, version: str = "3.1") -> dict[str, Any]:
    """The ninjs item for one asset; only properties with a value are present."""
    item: dict[str, Any] = {
        "uri": item_uri(m.asset_id),
        "type": "video" if m.asset_type == "video" else "picture",
        "representationType": "full",
        "standard": {"name": "ninjs", "version": version, "schema": SCHEMAS[version]},
        "pubStatus": "usable",
        "altIds": [{"role": "gettyimages", "value": m.asset_id}],
    }
    optional: dict[str, Any] = {
        "contentCreated": m.date_created,
        "versionCreated": _version_created(m),
        "headlines": [{"value": m.title}] if m.title else None,
        "descriptions": [{"role": "caption", "value": m.caption}] if m.caption else None,
        "by": m.creator,
        "copyrightHolder": m.copyright_owner,
        "copyrightNotice": m.copyright_notice,
        "usageTerms": _usage_terms(m),
        "edNote": m.instructions,
        "located": ", ".join(p for p in (m.city, m.state_province, m.country) if p) or None,
        "subjects": [{"name": k} for k in m.keywords] or None,
        "infoSources": [{"name": m.image_supplier, "role": "originalSource"}],
        "renditions": _renditions(m) or None,
        "expires": f"{m.license_end_date}T23:59:59Z" if m.license_end_date else None,
    }
    item.update({k: v for k, v in optional.items() if v})
    if m.licensee_transaction_ids or m.license_id:
        refs = [{"name": "licenseId", "value": m.license_id}] if m.license_id else []
        refs += [{"name": "purchaseOrder", "value": v} for v in m.licensee_transaction_ids]
        item["altIds"] += [{"role": r["name"], "value": r["value"]} for r in refs]
    return item if version == "3.1" else to_2_2(item)


def _usage_terms(m: AssetMetadata) -> str | None:
    parts = [p for p in (m.usage_terms, m.region_constraints) if p]
    return " ".join(parts) or None


def _version_created(m: AssetMetadata) -> str | None:
    """The license start makes a new version for the newsroom; deterministic across re-runs."""
    return f"{m.license_start_date}T00:00:00Z" if m.license_start_date else None


def _renditions(m: AssetMetadata) -> list[dict[str, Any]]:
    out = []
    for name, uri in sorted(m.renditions.items()):
        rendition = {"name": RENDITION_NAMES.get(name, name), "href": uri}
        suffix = uri.rsplit(".", 1)[-1].lower() if "." in uri.rsplit("/", 1)[-1] else ""
        if f".{suffix}" in CONTENT_TYPES:
            rendition["contentType"] = CONTENT_TYPES[f".{suffix}"]
        out.append(rendition)
    return out


def to_2_2(value: Any) -> Any:
    """A 3.1 item spelled as ninjs 2.2 (property names in lowercase)."""
    if isinstance(value, list):
        return [to_2_2(v) for v in value]
    if isinstance(value, dict):
        return {RENAMED_2_2.get(k, k.lower()): to_2_2(v) for k, v in value.items()}
    return value
