"""The folder DAM in an S3-compatible bucket: SigV4 signatures (checked against botocore and
by a local S3 server that verifies them), the same files as a local folder, idempotent
re-runs, state only after acknowledged PUTs, crash then re-run, and `check`."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from airbyte_cdk.models import (
    AirbyteMessage,
    AirbyteRecordMessage,
    AirbyteStateMessage,
    AirbyteStateType,
    AirbyteStreamState,
    ConfiguredAirbyteCatalog,
    Status,
    StreamDescriptor,
    Type,
)
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from destination_dam.destination import DestinationDam
from getty_dam import DamConfig, DamLoader, WriteFailed
from getty_dam.s3 import S3Client, authorization
from PIL import Image

CATALOG = ConfiguredAirbyteCatalog(streams=[])
MOMENT = datetime(2026, 11, 28, 12, 34, 56, tzinfo=UTC)


@pytest.mark.parametrize(
    ("method", "url", "headers", "body"),
    [
        (
            "PUT",
            "http://127.0.0.1:9000/getty-dam/assets%20%C3%BC/901.xmp",
            {"content-type": "application/rdf+xml", "x-amz-meta-getty-dam-sha256": "ab12"},
            "<x:xmpmeta>Zürich</x:xmpmeta>".encode(),
        ),
        ("GET", "https://getty-dam.s3.eu-central-1.amazonaws.com/a/b.json", {}, b""),
        ("DELETE", "http://minio.local/getty-dam/.getty-dam/write-check", {}, b""),
    ],
)
def test_signature_matches_botocore(monkeypatch, method, url, headers, body):
    import hashlib

    payload = hashlib.sha256(body).hexdigest()
    amz = {"x-amz-date": "20261128T123456Z", "x-amz-content-sha256": payload}
    request = AWSRequest(method=method, url=url, data=body, headers={**headers, **amz})
    monkeypatch.setattr("botocore.auth.get_current_datetime", lambda: MOMENT.replace(tzinfo=None))
    S3SigV4Auth(
        Credentials("AKIDEXAMPLE", "wJalr/K7MDENG+bPxRfiCYEXAMPLEKEY"), "s3", "eu-central-1"
    ).add_auth(request)
    host = url.split("/")[2]
    ours = authorization(
        method,
        "/" + url.split("/", 3)[3],
        {},
        {"host": host, **headers, **amz},
        payload,
        access_key_id="AKIDEXAMPLE",
        secret_access_key="wJalr/K7MDENG+bPxRfiCYEXAMPLEKEY",
        region="eu-central-1",
        amz_date="20261128T123456Z",
    )
    assert ours == request.headers["Authorization"]


def test_query_signature_matches_botocore(monkeypatch):
    query = {"list-type": "2", "prefix": "getty assets/ü+1", "continuation-token": "a/b=="}
    client = S3Client("getty-dam", "AKIDEXAMPLE", "secret", "us-east-1", "http://s3.local")
    url, host, path = client.url("")
    from getty_dam.s3 import EMPTY_SHA256

    amz = {"x-amz-date": "20261128T123456Z", "x-amz-content-sha256": EMPTY_SHA256}
    request = AWSRequest(method="GET", url=url, params=query, headers=amz)  # botocore encodes
    monkeypatch.setattr("botocore.auth.get_current_datetime", lambda: MOMENT.replace(tzinfo=None))
    S3SigV4Auth(Credentials("AKIDEXAMPLE", "secret"), "s3", "us-east-1").add_auth(request)
    ours = authorization(
        "GET",
        path,
        query,
        {"host": host, **amz},
        EMPTY_SHA256,
        access_key_id="AKIDEXAMPLE",
        secret_access_key="secret",
        region="us-east-1",
        amz_date="20261128T123456Z",
    )
    assert ours == request.headers["Authorization"]


def record(stream: str, data: dict[str, Any]) -> AirbyteMessage:
    return AirbyteMessage(
        type=Type.RECORD, record=AirbyteRecordMessage(stream=stream, data=data, emitted_at=0)
    )


def state(stream: str, cursor: str) -> AirbyteMessage:
    descriptor = StreamDescriptor(name=stream)
    return AirbyteMessage(
        type=Type.STATE,
        state=AirbyteStateMessage(
            type=AirbyteStateType.STREAM,
            stream=AirbyteStreamState(stream_descriptor=descriptor, stream_state={"c": cursor}),
        ),
    )


def bucket_config(s3_server: dict[str, Any], prefix: str, **extra: Any) -> dict[str, Any]:
    return {
        "dam_type": "folder",
        "s3_bucket_name": s3_server["bucket"],
        "s3_bucket_path": prefix,
        "s3_bucket_region": s3_server["region"],
        "s3_endpoint": s3_server["endpoint"],
        "access_key_id": s3_server["access_key_id"],
        "secret_access_key": s3_server["secret_access_key"],
        **extra,
    }


def client_for(s3_server: dict[str, Any]) -> S3Client:
    return S3Client(
        s3_server["bucket"],
        s3_server["access_key_id"],
        s3_server["secret_access_key"],
        s3_server["region"],
        s3_server["endpoint"],
    )


def bucket_tree(s3_server: dict[str, Any], prefix: str) -> dict[str, bytes]:
    """Every object under prefix/ (relative key -> bytes)."""
    client = client_for(s3_server)
    keys = sorted(client.list_keys(prefix + "/"))
    return {k[len(prefix) + 1 :]: client.get(k) or b"" for k in keys}


def run(config: dict[str, Any], records: list[tuple[str, dict[str, Any]]]) -> DamLoader:
    loader = DamLoader(DamConfig.from_mapping(config))
    for stream, data in records:
        loader.add(stream, data)
    loader.close()
    return loader


def png(path: Path) -> bytes:
    Image.new("RGB", (16, 12), (10, 120, 200)).save(path)
    return path.read_bytes()


def test_bucket_gets_the_same_files_as_a_local_folder(
    tmp_path, s3_server, unicode_records, sandbox_records, getty_sandbox, snapshot, exiftool_reader
):
    host = getty_sandbox.url.split("//")[1].split(":")[0]
    images = [(s, r) for s, r in sandbox_records if s == "images"][:3]
    records = [*unicode_records, *images]
    options = {"fetch_renditions": ["comp"], "allowed_hosts": [host]}
    local = tmp_path / "local"
    local.mkdir()
    client_for(s3_server).put("same/901.png", png(local / "901.png"))  # the user's own file
    run({"dam_type": "folder", "path": str(local), **options}, records)
    run(bucket_config(s3_server, "same", **options), records)
    in_bucket = bucket_tree(s3_server, "same")
    assert in_bucket == snapshot(local)
    assert {"901.png", "901.xmp", f"{images[0][1]['id']}.jpg"} <= set(in_bucket)
    (tmp_path / "901.png").write_bytes(in_bucket["901.png"])
    tags = exiftool_reader.read(tmp_path / "901.png")
    assert tags["XMP-plus:LicenseID"] == "7001-901"
    assert tags["IPTC:By-line"] == "Zoë Ødegaard"


def test_rerun_puts_nothing_and_creates_no_second_object(s3_server, unicode_records, monkeypatch):
    config = bucket_config(s3_server, "rerun", embed_metadata=False)
    run(config, unicode_records)
    first = bucket_tree(s3_server, "rerun")
    puts: list[str] = []
    real_put = S3Client.put
    monkeypatch.setattr(
        S3Client, "put", lambda self, key, *a, **k: puts.append(key) or real_put(self, key, *a, **k)
    )
    run(config, unicode_records)
    assert puts == ["rerun/.getty-dam/write-check"]  # only the writability probe
    assert bucket_tree(s3_server, "rerun") == first
    assert sorted(first) == [
        ".getty-dam/records/assets/901.json",
        ".getty-dam/records/orders/7001.json",
        "901.xmp",
    ]


def test_state_only_after_the_put_is_acknowledged(s3_server, caplog):
    """The key loses its write permission mid-sync: the server answers AccessDenied, the sync
    stops with that error (even with on_bad_record=skip), and the second state never leaves."""
    caplog.set_level(logging.WARNING, logger="botocore")  # the test's own IAM client
    config = bucket_config(s3_server, "acked", embed_metadata=False, on_bad_record="skip")
    messages = [
        record("images", {"id": "11", "title": "first"}),
        state("images", "1"),
        record("images", {"id": "12", "title": "second"}),
        state("images", "2"),
    ]
    iam = boto3.client(
        "iam",
        endpoint_url=s3_server["endpoint"],
        region_name="us-east-1",
        aws_access_key_id=s3_server["admin_key_id"],
        aws_secret_access_key=s3_server["admin_secret"],
    )
    out = DestinationDam().write(config, CATALOG, iter(messages))
    first = next(out)
    assert first.type == Type.STATE and "11.xmp" in bucket_tree(s3_server, "acked")
    iam.delete_user_policy(UserName="getty-dam", PolicyName="getty-dam")
    try:
        with pytest.raises(WriteFailed, match="AccessDenied") as failed:
            next(out)
    finally:
        iam.put_user_policy(
            UserName="getty-dam",
            PolicyName="getty-dam",
            PolicyDocument=json.dumps(s3_server["policy"]),
        )
    assert "12.xmp" not in bucket_tree(s3_server, "acked")
    assert s3_server["secret_access_key"] not in str(failed.value) + caplog.text
    assert s3_server["access_key_id"] not in str(failed.value) + caplog.text


class Crash(Exception):
    pass


def test_crash_mid_write_then_rerun_gives_the_same_bucket(
    s3_server, sandbox_records, unicode_records, monkeypatch
):
    """Killed before the 2nd and the 5th PUT: the re-run gives the objects of a clean run."""
    records = [*unicode_records, *sandbox_records[:12]]
    run(bucket_config(s3_server, "clean", embed_metadata=False), records)
    clean = bucket_tree(s3_server, "clean")
    real_put = S3Client.put
    for crash_at in (2, 5):
        prefix = f"crashed{crash_at}"
        crashed = bucket_config(s3_server, prefix, embed_metadata=False, batch_size=4)
        calls: list[str] = []

        def crashing_put(
            self: S3Client, key: str, *args: Any, at: int = crash_at, calls: list = calls, **kw: Any
        ) -> None:
            calls.append(key)
            if len(calls) == at:
                raise Crash(f"killed before {key}")
            real_put(self, key, *args, **kw)

        monkeypatch.setattr(S3Client, "put", crashing_put)
        with pytest.raises(Crash):
            run(crashed, records)
        monkeypatch.setattr(S3Client, "put", real_put)
        assert bucket_tree(s3_server, prefix) != clean
        run(crashed, records)
        assert bucket_tree(s3_server, prefix) == clean, crash_at


def test_check_proves_the_bucket_is_writable(s3_server, caplog):
    good = bucket_config(s3_server, "check")
    assert DestinationDam().check(None, good).status == Status.SUCCEEDED
    assert bucket_tree(s3_server, "check") == {}  # the probe is removed again
    wrong = {**good, "secret_access_key": "not-the-secret-0123"}
    failed = DestinationDam().check(None, wrong)
    assert failed.status == Status.FAILED
    assert "SignatureDoesNotMatch" in failed.message and "secret_access_key" in failed.message
    missing = DestinationDam().check(None, {**good, "s3_bucket_name": "no-such-bucket"})
    assert missing.status == Status.FAILED and "NoSuchBucket" in missing.message
    both = DestinationDam().check(None, {**good, "path": "/tmp/x"})
    assert both.status == Status.FAILED and "not both" in both.message
    keyless = DestinationDam().check(None, {**good, "access_key_id": ""})
    assert keyless.status == Status.FAILED and "access_key_id" in keyless.message
    for secret in ("not-the-secret-0123", s3_server["secret_access_key"]):
        assert secret not in failed.message + missing.message + caplog.text


def test_newsroom_items_in_a_bucket_equal_the_local_ones(
    tmp_path, s3_server, unicode_records, snapshot
):
    config = {**bucket_config(s3_server, "news"), "dam_type": "newsroom"}
    run(config, unicode_records)
    run({"dam_type": "newsroom", "path": str(tmp_path)}, unicode_records)
    in_bucket = bucket_tree(s3_server, "news")
    assert in_bucket == snapshot(tmp_path)
    assert json.loads(in_bucket["901.json"])["altIds"][0] == {"role": "gettyimages", "value": "901"}
