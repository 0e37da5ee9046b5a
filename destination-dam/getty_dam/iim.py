"""IPTC IIM datasets (the legacy block newsroom systems such as Superdesk still ingest).

Values are UTF-8 (CodedCharacterSet ESC % G) and cut to IIM's maximum byte lengths at a
character boundary, so every reader accepts them.
"""

from __future__ import annotations

from typing import Any

from .metadata import AssetMetadata

# exiftool tag name -> maximum length in bytes (IIM 4.2, record 2)
MAX_BYTES = {
    "ObjectName": 64,
    "SpecialInstructions": 256,
    "By-line": 32,
    "City": 32,
    "Province-State": 32,
    "Country-PrimaryLocationName": 64,
    "OriginalTransmissionReference": 32,
    "Headline": 256,
    "Credit": 32,
    "Source": 32,
    "CopyrightNotice": 128,
    "Caption-Abstract": 2000,
    "Keywords": 64,
}


def cut(value: str, max_bytes: int) -> str:
    """The longest prefix of `value` whose UTF-8 encoding fits in `max_bytes`."""
    return value.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


def datasets(m: AssetMetadata) -> dict[str, Any]:
    """exiftool `IPTC:` tags and values for one asset (absent values are left out)."""
    values: dict[str, Any] = {
        "ObjectName": m.title,
        "Headline": m.title,
        "Caption-Abstract": m.caption,
        "By-line": [m.creator] if m.creator else None,
        "Credit": m.credit_line,
        "Source": m.image_supplier,
        "CopyrightNotice": m.copyright_notice,
        "SpecialInstructions": m.instructions,
        "City": m.city,
        "Province-State": m.state_province,
        "Country-PrimaryLocationName": m.country,
        "OriginalTransmissionReference": m.supplier_image_id,
        "Keywords": m.keywords or None,
    }
    tags: dict[str, Any] = {"IPTC:CodedCharacterSet": "UTF8"}
    for name, value in values.items():
        if not value:
            continue
        limit = MAX_BYTES[name]
        tags[f"IPTC:{name}"] = (
            [cut(v, limit) for v in value] if isinstance(value, list) else cut(value, limit)
        )
    if m.date_created:
        tags["IPTC:DateCreated"] = m.date_created[:10].replace("-", ":")
        tags["IPTC:TimeCreated"] = m.date_created[11:19] + "+00:00"
    return tags
