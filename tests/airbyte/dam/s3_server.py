"""A local S3 server for the tests (moto), run as its own process: it checks SigV4 signatures
against IAM users it creates, as AWS and S3-compatible stores do.

Prints one JSON line (endpoint, bucket, the writer's key and policy, an IAM admin key), then
serves until its stdin closes.
"""

from __future__ import annotations

import json
import os
import sys

# moto checks signatures after this many unauthenticated calls (two users, keys, policies).
os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = "6"

import boto3
from moto.server import ThreadedMotoServer


def policy(action: str) -> dict[str, object]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}],
    }


def main() -> None:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    anonymous = {"aws_access_key_id": "setup", "aws_secret_access_key": "setup"}
    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1", **anonymous)
    keys = {}
    for user, action in (("getty-dam", "s3:*"), ("admin", "iam:*")):
        iam.create_user(UserName=user)
        keys[user] = iam.create_access_key(UserName=user)["AccessKey"]
        iam.put_user_policy(
            UserName=user, PolicyName=user, PolicyDocument=json.dumps(policy(action))
        )
    key, admin = keys["getty-dam"], keys["admin"]
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-central-1",
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )
    s3.create_bucket(
        Bucket="getty-dam", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    print(
        json.dumps(
            {
                "endpoint": endpoint,
                "bucket": "getty-dam",
                "region": "eu-central-1",
                "access_key_id": key["AccessKeyId"],
                "secret_access_key": key["SecretAccessKey"],
                "policy": policy("s3:*"),
                "admin_key_id": admin["AccessKeyId"],
                "admin_secret": admin["SecretAccessKey"],
            }
        ),
        flush=True,
    )
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
