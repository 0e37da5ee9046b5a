"""Folder DAM: exiftool reads back every mapped field from sidecars and from embedded
JPEG/PNG/TIFF; re-runs are idempotent; a crash mid-write heals on the next run."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from getty_dam import DamConfig, DamLoader
from getty_dam.metadata import AssetMetadata
from PIL import Image

EXTRA_FEED = {"asset_id": "901", "license_end_date": "2027-10-01"}


def run(path: Path, records: list[tuple[str, dict[str, Any]]], **config: Any) -> DamLoader:
    loader = DamLoader(DamConfig.from_mapping({"dam_type": "folder", "path": str(path), **config}))
    for stream, record in records:
        loader.add(stream, record)
    loader.close()
    return loader


def metadata_of(path: Path) -> AssetMetadata:
    """The metadata the loader merged for asset 901 (what every file must carry)."""
    import json

    from getty_dam.metadata import describe

    records = path / ".getty-dam" / "records"
    asset = json.loads((records / "assets" / "901.json").read_text())
    order = json.loads((records / "orders" / "7001.json").read_text())
    return describe(asset, order)


def xmp_expected(m: AssetMetadata) -> dict[str, Any]:
    """exiftool (-n -struct -G1) names and values of every XMP property we map."""
    return {
        "XMP-dc:Title": m.title,
        "XMP-dc:Description": m.caption,
        "XMP-dc:Creator": [m.creator],
        "XMP-dc:Rights": m.copyright_notice,
        "XMP-dc:Subject": m.keywords,
        "XMP-photoshop:Headline": m.title,
        "XMP-photoshop:Credit": m.credit_line,
        "XMP-photoshop:Instructions": m.instructions,
        "XMP-photoshop:DateCreated": "2025:03:04 05:06:07Z",
        "XMP-photoshop:City": m.city,
        "XMP-photoshop:State": m.state_province,
        "XMP-photoshop:Country": m.country,
        "XMP-xmpRights:UsageTerms": m.usage_terms,
        "XMP-xmpRights:WebStatement": m.web_statement,
        "XMP-plus:ImageSupplier": [{"ImageSupplierName": "Getty Images"}],
        "XMP-plus:ImageSupplierImageID": "901",
        "XMP-plus:Licensor": [
            {"LicensorName": "Getty Images", "LicensorURL": "https://www.gettyimages.com"}
        ],
        "XMP-plus:Licensee": [{"LicenseeName": "Nørthwind Mediå"}],
        "XMP-plus:EndUser": [{"EndUserName": "Café Größe GmbH"}],
        "XMP-plus:CopyrightOwner": [{"CopyrightOwnerName": "Zoë Ødegaard"}],
        "XMP-plus:LicenseID": "7001-901",
        "XMP-plus:LicenseStartDate": "2026:10:02",
        "XMP-plus:LicenseEndDate": "2027:10:01",
        "XMP-plus:LicensorTransactionID": ["7001", "INV-Ü1"],
        "XMP-plus:LicenseeTransactionID": ["PO-ß-42"],
        "XMP-plus:LicenseeProjectReference": ["Été campaign"],
        "XMP-plus:RegionConstraints": "NO SALES IN FRANCE.",
        # exiftool shows PLUS vocabulary URIs (http://ns.useplus.org/ldf/vocab/…) by code
        "XMP-plus:ModelReleaseStatus": "MR-NON",
        "XMP-plus:PropertyReleaseStatus": "PR-NON",
    }


def iim_expected(m: AssetMetadata) -> dict[str, Any]:
    return {
        "IPTC:CodedCharacterSet": "\x1b%G",
        "IPTC:ObjectName": m.title,
        "IPTC:Headline": m.title,
        "IPTC:Caption-Abstract": m.caption,
        "IPTC:By-line": m.creator,
        "IPTC:Credit": m.credit_line,
        "IPTC:Source": "Getty Images",
        "IPTC:CopyrightNotice": m.copyright_notice,
        "IPTC:SpecialInstructions": m.instructions,
        "IPTC:City": "Zürich",
        "IPTC:Province-State": "Zürich",
        "IPTC:Country-PrimaryLocationName": "Schweiz",
        "IPTC:OriginalTransmissionReference": "901",
        "IPTC:Keywords": ["Straße", "東京"],
        "IPTC:DateCreated": "2025:03:04",
        "IPTC:TimeCreated": "05:06:07+00:00",
    }


def as_read(value: Any) -> Any:
    """exiftool prints numeric-looking text as numbers: compare as text."""
    if isinstance(value, list):
        return [as_read(v) for v in value]
    if isinstance(value, dict):
        return {k: as_read(v) for k, v in value.items()}
    return str(value)


def assert_fields(tags: dict[str, Any], expected: dict[str, Any]) -> None:
    for name, value in expected.items():
        assert value is not None, name
        assert name in tags, f"{name} missing"
        assert as_read(tags[name]) == as_read(value), name


def test_sidecar_carries_every_mapped_field(tmp_path, unicode_records, exiftool_reader):
    run(tmp_path, [*unicode_records, ("dam_assets", EXTRA_FEED)], embed_metadata=False)
    m = metadata_of(tmp_path)
    assert m.caption and "\n" in m.caption
    tags = exiftool_reader.read(tmp_path / "901.xmp")
    assert_fields(tags, xmp_expected(m))
    packet = (tmp_path / "901.xmp").read_text("utf-8")
    assert "&lt;Tag&gt; 東京" in packet  # XML escaped, unicode kept
    assert ">http://ns.useplus.org/ldf/vocab/MR-NON<" in packet


@pytest.mark.parametrize("ext", [".jpg", ".png", ".tif"])
def test_embedded_xmp_and_iim_in_present_image(tmp_path, unicode_records, exiftool_reader, ext):
    Image.new("RGB", (32, 24), (200, 30, 90)).save(tmp_path / f"901{ext}")
    pixels = Image.open(tmp_path / f"901{ext}").tobytes()
    loader = run(tmp_path, [*unicode_records, ("dam_assets", EXTRA_FEED)])
    assert loader.counts["assets_written"] == 1
    m = metadata_of(tmp_path)
    tags = exiftool_reader.read(tmp_path / f"901{ext}")
    assert_fields(tags, xmp_expected(m))
    assert_fields(tags, iim_expected(m))
    assert Image.open(tmp_path / f"901{ext}").tobytes() == pixels  # pixels untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == [".getty-dam", f"901{ext}", "901.xmp"]


def test_fetched_renditions_from_allowed_host(
    tmp_path, sandbox_records, getty_sandbox, exiftool_reader
):
    host = getty_sandbox.url.split("//")[1].split(":")[0]
    loader = run(tmp_path, sandbox_records, fetch_renditions=["comp"], allowed_hosts=[host])
    images = {r["id"]: r for s, r in sandbox_records if s == "images"}
    assert loader.counts["bad_records"] == 0
    for asset_id, image in images.items():
        tags = exiftool_reader.read(tmp_path / f"{asset_id}.jpg")
        assert tags["XMP-plus:ImageSupplierImageID"] == int(asset_id)
        assert tags.get("XMP-dc:Description") == image["caption"]
        assert tags["IPTC:By-line"] == image["artist"][:32]
    videos = {r["id"] for s, r in sandbox_records if s == "videos"}
    for asset_id in videos:  # videos get sidecars only
        assert (tmp_path / f"{asset_id}.xmp").exists()
        assert not list(tmp_path.glob(f"{asset_id}.jpg"))


def test_download_endpoint_and_unknown_hosts_are_refused(tmp_path, getty_sandbox):
    before = getty_sandbox.stats()
    feed = [
        {
            "asset_id": "1",
            "asset_type": "image",
            "licensed_file_uri": f"{getty_sandbox.url}/v3/downloads/images/1?size=large",
        },
        {
            "asset_id": "2",
            "asset_type": "image",
            "licensed_file_uri": "https://files.example.invalid/2.jpg",
        },
    ]
    host = getty_sandbox.url.split("//")[1].split(":")[0]
    loader = run(
        tmp_path,
        [("dam_assets", r) for r in feed],
        on_bad_record="skip",
        fetch_renditions=["licensed_file"],
        allowed_hosts=[host],
    )
    reasons = {b.key: b.reason for b in loader.bad}
    assert "download endpoint" in reasons["1"]
    assert "not in allowed_hosts" in reasons["2"]
    assert getty_sandbox.stats() == before  # not a single request reached the API
    assert (tmp_path / "1.xmp").exists() and (tmp_path / "2.xmp").exists()


def mtimes(root: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def test_rerun_is_idempotent(tmp_path, sandbox_records, unicode_records, getty_sandbox, snapshot):
    host = getty_sandbox.url.split("//")[1].split(":")[0]
    Image.new("RGB", (16, 16)).save(tmp_path / "901.tif")
    records = [*sandbox_records, *unicode_records]
    run(tmp_path, records, fetch_renditions=["preview"], allowed_hosts=[host])
    first, stamps = snapshot(tmp_path), mtimes(tmp_path)
    run(tmp_path, records, fetch_renditions=["preview"], allowed_hosts=[host])
    assert snapshot(tmp_path) == first
    assert mtimes(tmp_path) == stamps  # nothing rewritten
    assert len([n for n in first if n.endswith(".xmp")]) == len(
        {r.get("id") or r.get("asset_id") for s, r in records if s != "orders"}
    )


class Crash(Exception):
    pass


def test_crash_mid_write_then_rerun_gives_the_same_state(
    tmp_path, sandbox_records, unicode_records, monkeypatch, snapshot
):
    """Power cuts at the 1st, 7th and 40th rename (a sidecar, an image, the merge store):
    each leaves a temp file, and a re-run gives exactly the files of an uninterrupted run."""
    records = [*sandbox_records, *unicode_records]
    clean = tmp_path / "clean"
    clean.mkdir()
    Image.new("RGB", (16, 16), (1, 2, 3)).save(clean / "901.png")
    run(clean, records)
    real_replace = os.replace
    for crash_at in (1, 7, 40):
        crashed = tmp_path / f"crashed-{crash_at}"
        crashed.mkdir()
        Image.new("RGB", (16, 16), (1, 2, 3)).save(crashed / "901.png")
        calls: list[Any] = []

        def crashing_replace(src: Any, dst: Any, at: int = crash_at, calls: list = calls) -> None:
            calls.append(dst)
            if len(calls) == at:
                raise Crash(f"power cut while moving {dst}")
            real_replace(src, dst)

        monkeypatch.setattr(os, "replace", crashing_replace)
        with pytest.raises(Crash):
            run(crashed, records, batch_size=10)
        monkeypatch.setattr(os, "replace", real_replace)
        assert any(".getty-dam-tmp" in p for p in snapshot(crashed)), crash_at  # a temp file left
        run(crashed, records)
        assert snapshot(crashed) == snapshot(clean), crash_at


def test_a_gone_rendition_is_a_bad_record_a_failing_host_stops_the_sync(tmp_path):
    import requests_mock
    from getty_dam import WriteFailed

    feed = [
        {"asset_id": "31", "asset_type": "image", "thumb_uri": "https://media.example/t/31.jpg"},
        {"asset_id": "32", "asset_type": "image", "thumb_uri": "https://media.example/t/32.jpg"},
    ]
    config = {
        "fetch_renditions": ["thumb"],
        "allowed_hosts": ["media.example"],
        "on_bad_record": "skip",
        "embed_metadata": True,
    }
    with requests_mock.Mocker() as mock:
        mock.get("https://media.example/t/31.jpg", status_code=403)  # an expired signed URI
        mock.get("https://media.example/t/32.jpg", status_code=503)
        with pytest.raises(WriteFailed, match=r"media\.example answered HTTP 503"):
            run(tmp_path, [("dam_assets", r) for r in feed], **config)
        loader = run(tmp_path, [("dam_assets", feed[0])], **config)
    assert [b.key for b in loader.bad] == ["31"]
    assert "HTTP 403" in loader.bad[0].reason and "expired" in loader.bad[0].reason
    assert (tmp_path / "31.xmp").exists() and not list(tmp_path.glob("31.jpg"))
