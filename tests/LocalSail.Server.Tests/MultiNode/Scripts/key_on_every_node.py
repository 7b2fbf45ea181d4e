"""Keys made, used and deleted on different LocalSail nodes of one store, driven by boto3.

Usage: key_on_every_node.py BUCKET ROUNDS ENDPOINT [ENDPOINT ...]. The account's root credentials and the
region come from the environment. Round i creates a key on node i, writes an object with it through node i+1,
reads it back through node i+2, deletes the key on node i+2, then uses it on node i+1 at once: that request must
be refused with InvalidAccessKeyId. Prints one JSON line with what happened; asserts nothing itself.
"""
import json
import sys

import boto3
import botocore.config
import botocore.exceptions

bucket, rounds, endpoints = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
# No retries: a refusal must be seen as it is, and no request may be sent twice.
config = botocore.config.Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})
lightsail = [boto3.client("lightsail", endpoint_url=e, config=config) for e in endpoints]


def s3_on(node, key):
    return boto3.client("s3", endpoint_url=endpoints[node % len(endpoints)], config=config,
                        aws_access_key_id=key["accessKeyId"], aws_secret_access_key=key["secretAccessKey"])


result = {"rounds": rounds, "written": 0, "read_back": 0, "refused": 0, "failures": []}
for i in range(rounds):
    n = len(endpoints)
    key = lightsail[i % n].create_bucket_access_key(bucketName=bucket)["accessKey"]
    body = f"round {i}".encode()
    s3_on(i + 1, key).put_object(Bucket=bucket, Key=f"round-{i}", Body=body)
    result["written"] += 1
    if s3_on(i + 2, key).get_object(Bucket=bucket, Key=f"round-{i}")["Body"].read() == body:
        result["read_back"] += 1
    lightsail[(i + 2) % n].delete_bucket_access_key(bucketName=bucket, accessKeyId=key["accessKeyId"])
    try:
        s3_on(i + 1, key).put_object(Bucket=bucket, Key=f"after-delete-{i}", Body=b"must not be stored")
        result["failures"].append(f"round {i}: the deleted key still wrote through node {(i + 1) % n}")
    except botocore.exceptions.ClientError as error:
        code = error.response["Error"]["Code"]
        if code == "InvalidAccessKeyId":
            result["refused"] += 1
        else:
            result["failures"].append(f"round {i}: refused with {code}, not InvalidAccessKeyId")

print(json.dumps(result))
