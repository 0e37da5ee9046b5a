"""ResourceSpace, Cloudinary and Bynder writers against fakes that follow each vendor's
documented request and response formats (signatures checked); re-runs create no duplicates."""

from __future__ import annotations

import hashlib
import itertools
import json
from urllib.parse import parse_qsl

import pytest
import requests_mock
from getty_dam import DamConfig, DamLoader, WriteFailed
from getty_dam.writers.fields import FIELD_NAMES


def run(config: dict, records) -> DamLoader:
    loader = DamLoader(DamConfig.from_mapping(config))
    for stream, record in records:
        loader.add(stream, record)
    loader.close()
    return loader


class FakeResourceSpace:
    """`/api/` with `user`, `function`, parameters and `sign = sha256(private key + query)`.

    Fields have numeric ids (`refs`); `get_resource_type_fields` needs permission `a`
    (`admin=False`: 403, as documented); `create_resource` takes `url` and `metadata`
    (JSON of field id -> value)."""

    def __init__(self, key: str, admin: bool = True) -> None:
        self.key, self.admin, self.resources = key, admin, {}
        self.refs, self.next_ref = {}, itertools.count(1001)
        self.field_ids = {name.replace("_", ""): 50 + n for n, name in enumerate(FIELD_NAMES)}
        self.calls: list[str] = []

    def __call__(self, request, context):
        query, _, sign = request.text.rpartition("&sign=")
        if hashlib.sha256((self.key + query).encode()).hexdigest() != sign:
            context.status_code = 401
            return "Invalid signature"
        params = dict(parse_qsl(query, keep_blank_values=True))
        function = params["function"]
        self.calls.append(function)
        if function == "get_resource_types":
            return json.dumps([{"ref": 1, "name": "Photo"}])
        if function == "get_resource_type_fields":
            if not self.admin:
                context.status_code = 403
                return json.dumps({"error": "Permission denied"})
            return json.dumps(
                [
                    {"ref": ref, "name": name, "title": name}
                    for name, ref in self.field_ids.items()
                    if params["find"] in name  # fuzzy, as documented
                ]
            )
        if function == "do_search":
            field, _, value = params["search"].partition(":")
            found = [{"ref": ref} for ref, r in self.resources.items() if r.get(field) == value]
            return json.dumps(found)
        if function == "create_resource":
            ref = next(self.next_ref)
            names = {str(v): k for k, v in self.field_ids.items()}
            metadata = json.loads(params.get("metadata") or "{}")
            self.resources[ref] = {names[k]: v for k, v in metadata.items()}
            if params.get("url"):
                self.resources[ref]["_file"] = params["url"]
            return json.dumps(ref)
        if function == "update_field":
            field = params["field"]
            names = {str(v): k for k, v in self.field_ids.items()}
            self.resources[int(params["resource"])][names.get(field, field)] = params["value"]
            return json.dumps(True)
        context.status_code = 400
        return json.dumps({"error": f"unknown function {function}"})


RS_CONFIG = {
    "dam_type": "resourcespace",
    "api_url": "https://dam.example",
    "api_user": "getty",
    "api_key": "rs-private-key",
    "fetch_renditions": ["comp"],
}


def test_resourcespace_upsert(unicode_records, sandbox_records, getty_sandbox):
    fake = FakeResourceSpace("rs-private-key")
    host = getty_sandbox.url.split("//")[1].split(":")[0]
    config = {**RS_CONFIG, "allowed_hosts": [host]}
    records = [*unicode_records, *sandbox_records]
    with requests_mock.Mocker() as mock:
        mock.post("https://dam.example/api/", text=fake)
        first = run(config, records)
        snapshot = json.loads(json.dumps(fake.resources))
        run(config, records)
    assert len(fake.resources) == first.counts["assets_written"] >= 30
    assert json.loads(json.dumps(fake.resources)) == snapshot  # no second asset, same fields
    resource = next(r for r in fake.resources.values() if r["gettyassetid"] == "901")
    assert resource["title"] == "Zürich — «Straße» & <Tag> 東京"
    assert resource["licenseeprojectreference"] == "Été campaign"
    assert resource["licensortransactionid"] == "7001, INV-Ü1"
    assert resource["regionconstraints"] == "NO SALES IN FRANCE."
    images = {r["id"] for s, r in sandbox_records if s == "images"}
    uploaded = {r["gettyassetid"] for r in fake.resources.values() if "_file" in r}
    assert uploaded == images  # images created once with their comp rendition
    assert fake.calls.count("create_resource") == len(fake.resources)


class Killed(Exception):
    pass


@pytest.mark.parametrize("id_field_ref", [None, "50"])  # looked up, or given
def test_resourcespace_crash_after_create_leaves_no_duplicate(
    unicode_records, sandbox_records, getty_sandbox, monkeypatch, id_field_ref
):
    """The process dies right after `create_resource` answered: the re-run finds the resource
    (its Getty id and file came in the same call) instead of creating a second one."""
    from getty_dam.writers.resourcespace import ResourceSpaceWriter

    fake = FakeResourceSpace("rs-private-key")
    host = getty_sandbox.url.split("//")[1].split(":")[0]
    fake.admin = id_field_ref is None  # a given id needs no lookup (and no permission a)
    field_map = {"getty_asset_id_ref": id_field_ref} if id_field_ref else {}
    config = {**RS_CONFIG, "allowed_hosts": [host], "field_map": field_map}
    sample = [(s, r) for s, r in sandbox_records if s in ("purchased_assets", "images")][:6]
    sample += [(s, r) for s, r in sandbox_records if s == "images"][:4]
    records = [*unicode_records, *sample]
    real_call = ResourceSpaceWriter.call
    creates = itertools.count(1)

    def dying_call(self, function, **params):
        answer = real_call(self, function, **params)
        if function == "create_resource" and next(creates) == 3:
            raise Killed("power cut after create_resource")
        return answer

    with requests_mock.Mocker() as mock:
        mock.post("https://dam.example/api/", text=fake)
        monkeypatch.setattr(ResourceSpaceWriter, "call", dying_call)
        with pytest.raises(Killed):
            run(config, records)
        monkeypatch.setattr(ResourceSpaceWriter, "call", real_call)
        run(config, records)
    ids = [r.get("gettyassetid") for r in fake.resources.values()]
    assert len(ids) == len(set(ids)) and None not in ids
    assert set(ids) == {r.get("asset_id") or r["id"] for s, r in records if s != "orders"}
    images = {r["id"] for s, r in sample if s == "images"}
    assert {r["gettyassetid"] for r in fake.resources.values() if "_file" in r} == images
    assert ("get_resource_type_fields" in fake.calls) == (id_field_ref is None)


def test_resourcespace_without_field_lookup_says_how_to_close_the_gap(unicode_records, caplog):
    fake = FakeResourceSpace("rs-private-key", admin=False)
    with requests_mock.Mocker() as mock:
        mock.post("https://dam.example/api/", text=fake)
        run({**RS_CONFIG, "fetch_renditions": []}, unicode_records)
    assert "field_map.getty_asset_id_ref to the field's numeric id" in caplog.text
    assert [r["gettyassetid"] for r in fake.resources.values()] == ["901"]
    assert "rs-private-key" not in caplog.text


def test_resourcespace_check_reports_bad_key_without_leaking_it():
    fake = FakeResourceSpace("right-key")
    config = {
        "dam_type": "resourcespace",
        "api_url": "https://dam.example/api",
        "api_user": "getty",
        "api_key": "wrong-key-123",
    }
    with requests_mock.Mocker() as mock:
        mock.post("https://dam.example/api/", text=fake)
        ok, message = DamLoader(DamConfig.from_mapping(config)).check()
    assert not ok and "HTTP 401" in message and "wrong-key-123" not in message


class FakeCloudinary:
    """Upload API: `image/upload` and `image/explicit`, signed with SHA-1 over sorted params."""

    def __init__(self, key: str, secret: str) -> None:
        self.key, self.secret, self.assets = key, secret, {}
        self.uploads = 0

    def verify(self, request) -> dict:
        params = dict(parse_qsl(request.text, keep_blank_values=True))
        signed = {
            k: v
            for k, v in params.items()
            if k not in ("file", "api_key", "signature", "resource_type", "cloud_name")
        }
        payload = "&".join(f"{k}={signed[k]}" for k in sorted(signed))
        expected = hashlib.sha1((payload + self.secret).encode()).hexdigest()  # noqa: S324
        assert params["api_key"] == self.key and params["signature"] == expected
        return params

    def explicit(self, request, context):
        params = self.verify(request)
        if params["public_id"] not in self.assets:
            context.status_code = 404
            return {"error": {"message": f"Resource not found - {params['public_id']}"}}
        self.assets[params["public_id"]].update(_metadata(params))
        return {"public_id": params["public_id"]}

    def upload(self, request, context):
        params = self.verify(request)
        self.uploads += 1
        self.assets[params["public_id"]] = {"file": params["file"], **_metadata(params)}
        return {"public_id": params["public_id"], "version": 1}


def _metadata(params: dict) -> dict:
    return {k: params[k] for k in ("context", "metadata", "tags") if k in params}


def test_cloudinary_upload_once_then_update(unicode_records, getty_sandbox):
    fake = FakeCloudinary("ck", "cloud-secret")
    host = getty_sandbox.url.split("//")[1].split(":")[0]
    image = dict(unicode_records[0][1])
    image["display_sizes"] = [{"name": "comp", "uri": f"http://{host}/media/comp/901.jpg"}]
    records = [("images", image), *unicode_records[1:]]
    config = {
        "dam_type": "cloudinary",
        "cloud_name": "demo",
        "api_key": "ck",
        "api_secret": "cloud-secret",
        "fetch_renditions": ["comp"],
        "allowed_hosts": [host],
        "field_map": {"license_end_date": "license_expiry"},
    }
    base = "https://api.cloudinary.com/v1_1/demo"
    with requests_mock.Mocker() as mock:
        mock.get(f"{base}/usage", json={"plan": "Free"})
        mock.post(f"{base}/image/explicit", json=fake.explicit)
        mock.post(f"{base}/image/upload", json=fake.upload)
        run(config, records)
        run(
            config,
            [*records, ("dam_assets", {"asset_id": "901", "license_end_date": "2027-10-01"})],
        )
    assert fake.uploads == 1 and list(fake.assets) == ["getty/901"]
    asset = fake.assets["getty/901"]
    context = dict(
        pair.split("=", 1)
        for pair in asset["context"].replace("\\=", "\x00").replace("\\|", "\x01").split("|")
    )
    assert context["title"].replace("\x00", "=") == "Zürich — «Straße» & <Tag> 東京"
    assert context["licensee"] == "Nørthwind Mediå"
    assert asset["metadata"] == "license_expiry=2027-10-01"
    assert asset["tags"] == "Straße,東京"


class FakeBynder:
    """API v4: media search by keyword, `POST /api/v4/media/{id}/` with metaproperty.<id>."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.media = {
            "m-1": {"id": "m-1", "property_GettyImagesID": "901"},
            "m-2": {"id": "m-2", "property_GettyImagesID": "9010"},
        }
        self.updates: list[dict] = []

    def authorised(self, request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    def search(self, request, context):
        if not self.authorised(request):
            context.status_code = 401
            return {"message": "Unauthorized"}
        keyword = request.qs["keyword"][0]
        return [m for m in self.media.values() if keyword in m["property_GettyImagesID"]]

    def update(self, request, context):
        form = dict(parse_qsl(request.text))
        media_id = request.path.rstrip("/").rsplit("/", 1)[-1]
        self.media[media_id].update(form)
        self.updates.append(form)
        context.status_code = 202
        return {"message": "Accepted", "statuscode": 202}


def test_bynder_updates_metaproperties_of_the_matching_asset(unicode_records):
    fake = FakeBynder("perm-token")
    config = {
        "dam_type": "bynder",
        "api_url": "https://portal.example",
        "api_secret": "perm-token",
        "on_bad_record": "skip",
        "field_map": {"getty_asset_id": "mp-id", "caption": "mp-cap", "licensee": "mp-lic"},
    }
    missing = ("images", {"id": "555", "title": "not in Bynder"})
    with requests_mock.Mocker() as mock:
        mock.get("https://portal.example/api/v4/metaproperties/", json={})
        mock.get("https://portal.example/api/v4/media/", json=fake.search)
        mock.post(requests_mock.ANY, json=fake.update)
        loader = run(config, [*unicode_records, missing])
    assert fake.updates == [
        {
            "metaproperty.mp-id": "901",
            "metaproperty.mp-cap": "Première ligne\nВторая строка; 第三行 ✓",
            "metaproperty.mp-lic": "Nørthwind Mediå",
        }
    ]
    assert "property_GettyImagesID" in fake.media["m-2"] and len(fake.media["m-2"]) == 2
    assert [b.key for b in loader.bad] == ["555"]
    assert "upload it to Bynder first" in loader.bad[0].reason


def test_bynder_check_fails_on_bad_token():
    config = {
        "dam_type": "bynder",
        "api_url": "https://portal.example",
        "api_secret": "bad-tok",
        "field_map": {"getty_asset_id": "mp-id"},
    }
    with requests_mock.Mocker() as mock:
        mock.get("https://portal.example/api/v4/metaproperties/", status_code=401)
        ok, message = DamLoader(DamConfig.from_mapping(config)).check()
    assert not ok and "permanent token" in message and "bad-tok" not in message


def test_rest_write_failure_stops_the_sync(unicode_records):
    config = {
        "dam_type": "bynder",
        "api_url": "https://portal.example",
        "api_secret": "tok",
        "field_map": {"getty_asset_id": "mp-id"},
    }
    with requests_mock.Mocker() as mock:
        mock.get("https://portal.example/api/v4/metaproperties/", json={})
        mock.get("https://portal.example/api/v4/media/", status_code=503, text="maintenance")
        with pytest.raises(WriteFailed, match="HTTP 503"):
            run(config, unicode_records)
