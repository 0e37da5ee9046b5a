"""XMP packets (IPTC Core, PLUS, Dublin Core) for sidecars and embedding; deterministic bytes."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from .metadata import AssetMetadata

NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "plus": "http://ns.useplus.org/ldf/xmp/1.0/",
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text(value: str) -> str:
    """XML-escaped text with characters XML 1.0 cannot carry removed."""
    return escape(_NOT_XML.sub("", value))


def _simple(name: str, value: str | None) -> list[str]:
    return [f"<{name}>{text(value)}</{name}>"] if value else []


def _alt(name: str, value: str | None) -> list[str]:
    if not value:
        return []
    return [
        f'<{name}><rdf:Alt><rdf:li xml:lang="x-default">{text(value)}</rdf:li></rdf:Alt></{name}>'
    ]


def _array(name: str, kind: str, values: list[str]) -> list[str]:
    if not values:
        return []
    items = "".join(f"<rdf:li>{text(v)}</rdf:li>" for v in values)
    return [f"<{name}><rdf:{kind}>{items}</rdf:{kind}></{name}>"]


def _structs(name: str, fields: dict[str, str | None]) -> list[str]:
    """A one-element Seq of a PLUS structure (Licensor, Licensee, ImageSupplier...)."""
    inner = "".join(f"<{k}>{text(v)}</{k}>" for k, v in fields.items() if v)
    if not inner:
        return []
    return [
        f'<{name}><rdf:Seq><rdf:li rdf:parseType="Resource">{inner}</rdf:li></rdf:Seq></{name}>'
    ]


def properties(m: AssetMetadata) -> list[str]:
    """The XMP properties of one asset, in a fixed order."""
    return [
        *_alt("dc:title", m.title),
        *_alt("dc:description", m.caption),
        *_array("dc:creator", "Seq", [m.creator] if m.creator else []),
        *_alt("dc:rights", m.copyright_notice),
        *_array("dc:subject", "Bag", m.keywords),
        *_simple("photoshop:Headline", m.title),
        *_simple("photoshop:Credit", m.credit_line),
        *_simple("photoshop:Instructions", m.instructions),
        *_simple("photoshop:DateCreated", m.date_created),
        *_simple("photoshop:City", m.city),
        *_simple("photoshop:State", m.state_province),
        *_simple("photoshop:Country", m.country),
        *_alt("xmpRights:UsageTerms", m.usage_terms),
        *_simple("xmpRights:WebStatement", m.web_statement),
        *_structs("plus:ImageSupplier", {"plus:ImageSupplierName": m.image_supplier}),
        *_simple("plus:ImageSupplierImageID", m.supplier_image_id),
        *_structs(
            "plus:Licensor", {"plus:LicensorName": m.licensor, "plus:LicensorURL": m.licensor_url}
        ),
        *_structs("plus:Licensee", {"plus:LicenseeName": m.licensee}),
        *_structs("plus:EndUser", {"plus:EndUserName": m.end_user}),
        *_structs("plus:CopyrightOwner", {"plus:CopyrightOwnerName": m.copyright_owner}),
        *_simple("plus:LicenseID", m.license_id),
        *_simple("plus:LicenseStartDate", m.license_start_date),
        *_simple("plus:LicenseEndDate", m.license_end_date),
        *_array("plus:LicensorTransactionID", "Bag", m.licensor_transaction_ids),
        *_array("plus:LicenseeTransactionID", "Bag", m.licensee_transaction_ids),
        *_array("plus:LicenseeProjectReference", "Bag", m.licensee_project_references),
        *_alt("plus:RegionConstraints", m.region_constraints),
        *_simple("plus:ModelReleaseStatus", m.model_release_status),
        *_simple("plus:PropertyReleaseStatus", m.property_release_status),
    ]


def packet(m: AssetMetadata) -> bytes:
    """A complete XMP packet (UTF-8), the same bytes for the same metadata."""
    xmlns = " ".join(f"xmlns:{p}={quoteattr(uri)}" for p, uri in NAMESPACES.items())
    body = "\n   ".join(properties(m))
    doc = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        f'  <rdf:Description rdf:about="" {xmlns}>\n   {body}\n  </rdf:Description>\n'
        " </rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>\n'
    )
    return doc.encode("utf-8")
