"""Newsroom output: ninjs 3.1 and 2.2 items valid against IPTC's schemas (with format
checking), to a folder or POSTed to an endpoint."""

from __future__ import annotations

import json

import pytest
import requests_mock
from getty_dam import DamConfig, DamLoader, WriteFailed
from jsonschema import Draft202012Validator


def run(config: dict, records) -> DamLoader:
    loader = DamLoader(DamConfig.from_mapping({"dam_type": "newsroom", **config}))
    for stream, record in records:
        loader.add(stream, record)
    loader.close()
    return loader


def validator(schema: dict) -> Draft202012Validator:
    checker = Draft202012Validator.FORMAT_CHECKER
    # The checks must really run: they need rfc3339-validator and rfc3986-validator.
    assert not checker.conforms("2026-13-45T99:00:00Z", "date-time")
    assert not checker.conforms("not a uri", "uri")
    return Draft202012Validator(schema, format_checker=checker)


@pytest.mark.parametrize("version", ["3.1", "2.2"])
def test_items_validate_against_the_ninjs_schema(
    tmp_path, sandbox_records, unicode_records, ninjs_schema, version
):
    check = validator(ninjs_schema(version))
    end = ("dam_assets", {"asset_id": "901", "license_end_date": "2027-10-01"})
    loader = run(
        {"path": str(tmp_path), "ninjs_version": version}, [*sandbox_records, *unicode_records, end]
    )
    items = {p.stem: json.loads(p.read_text("utf-8")) for p in tmp_path.glob("*.json")}
    assert len(items) == loader.counts["assets_written"] >= 30
    for item in items.values():
        errors = sorted(check.iter_errors(item), key=str)
        assert not errors, errors[0].message
    item = items["901"]
    if version == "2.2":
        assert item["copyrightnotice"] == "2025 Zoë Ødegaard"
        assert item["usageterms"].startswith("Available for editorial uses only.")
        assert item["altids"][0] == {"role": "gettyimages", "value": "901"}
        return
    assert item["uri"] == "urn:gettyimages:asset:901"
    assert item["type"] == "picture"
    assert item["headlines"] == [{"value": "Zürich — «Straße» & <Tag> 東京"}]
    assert item["descriptions"] == [
        {"role": "caption", "value": "Première ligne\nВторая строка; 第三行 ✓"}
    ]
    assert item["by"] == "Zoë Ødegaard"
    assert item["copyrightHolder"] == "Zoë Ødegaard"
    assert item["copyrightNotice"] == "2025 Zoë Ødegaard"
    assert item["usageTerms"] == "Available for editorial uses only. NO SALES IN FRANCE."
    assert item["expires"] == "2027-10-01T23:59:59Z"
    assert {"role": "gettyimages", "value": "901"} in item["altIds"]
    assert {"role": "purchaseOrder", "value": "PO-ß-42"} in item["altIds"]
    # a schema-valid negative: the validator does reject a broken item
    assert list(check.iter_errors({**item, "expires": "tomorrow"}))


def test_sandbox_renditions_and_video_type(tmp_path, sandbox_records):
    run({"path": str(tmp_path)}, sandbox_records)
    videos = {r["id"] for s, r in sandbox_records if s == "videos"}
    images = {r["id"]: r for s, r in sandbox_records if s == "images"}
    for asset_id, image in images.items():
        item = json.loads((tmp_path / f"{asset_id}.json").read_text("utf-8"))
        hrefs = {r["name"]: r["href"] for r in item["renditions"]}
        sizes = {d["name"]: d["uri"] for d in image["display_sizes"]}
        assert hrefs == {
            "thumbnail": sizes["thumb"],
            "comp": sizes["comp"],
            "preview": sizes["preview"],
        }
    for asset_id in videos:
        assert json.loads((tmp_path / f"{asset_id}.json").read_text("utf-8"))["type"] == "video"


def test_post_to_endpoint_with_token_that_never_leaks(unicode_records):
    posted = []
    with requests_mock.Mocker() as mock:
        mock.options("https://news.example/ingest", status_code=204)
        mock.post(
            "https://news.example/ingest",
            status_code=201,
            additional_matcher=lambda r: posted.append(r) or True,
        )
        run(
            {"newsroom_endpoint": "https://news.example/ingest", "newsroom_token": "s3cr3t-tok"},
            unicode_records,
        )
    assert len(posted) == 1
    assert posted[0].headers["Authorization"] == "Bearer s3cr3t-tok"
    assert json.loads(posted[0].body)["altIds"][0]["value"] == "901"

    with requests_mock.Mocker() as mock:
        mock.options("https://news.example/ingest", status_code=204)
        mock.post("https://news.example/ingest", status_code=500, text="ingest down")
        with pytest.raises(WriteFailed) as failed:
            run(
                {
                    "newsroom_endpoint": "https://news.example/ingest",
                    "newsroom_token": "s3cr3t-tok",
                },
                unicode_records,
            )
    assert "HTTP 500" in str(failed.value) and "s3cr3t" not in str(failed.value)
