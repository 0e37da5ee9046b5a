"""The flat field set REST DAMs receive: names are this package's, values are text."""

from __future__ import annotations

from ..metadata import AssetMetadata

FIELD_NAMES = (
    "getty_asset_id",
    "title",
    "caption",
    "creator",
    "credit_line",
    "copyright_notice",
    "usage_terms",
    "instructions",
    "web_statement",
    "keywords",
    "date_created",
    "city",
    "state_province",
    "country",
    "image_supplier",
    "licensor",
    "licensee",
    "end_user",
    "license_id",
    "license_start_date",
    "license_end_date",
    "licensor_transaction_id",
    "licensee_transaction_id",
    "licensee_project_reference",
    "region_constraints",
    "model_release_status",
    "property_release_status",
    "license_model",
)


def dam_fields(m: AssetMetadata) -> dict[str, str]:
    """Every mapped field that has a value, as text (lists joined with ', ')."""
    values = {
        "getty_asset_id": m.asset_id,
        "title": m.title,
        "caption": m.caption,
        "creator": m.creator,
        "credit_line": m.credit_line,
        "copyright_notice": m.copyright_notice,
        "usage_terms": m.usage_terms,
        "instructions": m.instructions,
        "web_statement": m.web_statement,
        "keywords": ", ".join(m.keywords),
        "date_created": m.date_created,
        "city": m.city,
        "state_province": m.state_province,
        "country": m.country,
        "image_supplier": m.image_supplier,
        "licensor": m.licensor,
        "licensee": m.licensee,
        "end_user": m.end_user,
        "license_id": m.license_id,
        "license_start_date": m.license_start_date,
        "license_end_date": m.license_end_date,
        "licensor_transaction_id": ", ".join(m.licensor_transaction_ids),
        "licensee_transaction_id": ", ".join(m.licensee_transaction_ids),
        "licensee_project_reference": ", ".join(m.licensee_project_references),
        "region_constraints": m.region_constraints,
        "model_release_status": m.model_release_status,
        "property_release_status": m.property_release_status,
        "license_model": m.license_model,
    }
    return {k: v for k, v in values.items() if v}


def rendition_uri(m: AssetMetadata, preference: tuple[str, ...]) -> str | None:
    """The first rendition in `preference` the asset has."""
    for name in preference:
        uri = m.licensed_file_uri if name == "licensed_file" else m.renditions.get(name)
        if uri:
            return uri
    return None
