"""The whole life of a bucket and its keys, driven by boto3 against a LocalSail endpoint.

Usage: lightsail_lifecycle.py ENDPOINT BUCKET. Credentials and region come from the environment.
Every check is an assert; the script prints OK at the end.
"""
import datetime
import re
import sys

import boto3
import botocore.exceptions

endpoint, bucket = sys.argv[1], sys.argv[2]
client = boto3.client("lightsail", endpoint_url=endpoint)
other_region = boto3.client("lightsail", endpoint_url=endpoint, region_name="us-west-2")


def error_of(call, **kwargs):
    try:
        call(**kwargs)
    except botocore.exceptions.ClientError as error:
        return error.response
    raise AssertionError(f"{call.__name__} {kwargs} should have failed")


# Bundles.
bundles = {b["bundleId"]: b for b in client.get_bucket_bundles()["bundles"]}
assert set(bundles) == {"small_1_0", "medium_1_0", "large_1_0"}, bundles
assert bundles["small_1_0"]["storagePerMonthInGb"] == 5 and bundles["small_1_0"]["transferPerMonthInGb"] == 25
assert bundles["medium_1_0"]["price"] == 3.0 and bundles["large_1_0"]["storagePerMonthInGb"] == 250
assert all(b["isActive"] for b in bundles.values())

# Create.
created = client.create_bucket(bucketName=bucket, bundleId="small_1_0", tags=[{"key": "team", "value": "qa"}])
b = created["bucket"]
assert b["name"] == bucket and b["bundleId"] == "small_1_0" and b["resourceType"] == "Bucket"
assert re.fullmatch(r"arn:aws:lightsail:us-east-1:\d{12}:Bucket/[0-9a-f-]{36}", b["arn"]), b["arn"]
assert b["location"] == {"availabilityZone": "all", "regionName": "us-east-1"}
assert b["state"]["code"] == "OK" and b["objectVersioning"] == "NeverEnabled" and b["ableToUpdateBundle"] is True
assert b["accessRules"] == {"getObject": "private", "allowPublicOverrides": False}
assert b["tags"] == [{"key": "team", "value": "qa"}]
assert isinstance(b["createdAt"], datetime.datetime)
op = created["operations"][0]
assert op["operationType"] == "CreateBucket" and op["status"] == "Succeeded" and op["isTerminal"] is True
assert op["resourceName"] == bucket and op["resourceType"] == "Bucket"
assert op["location"] == {"availabilityZone": "all", "regionName": "us-east-1"}

# Infrastructure tools poll GetOperation after each change.
polled = client.get_operation(operationId=op["id"])["operation"]
assert polled["id"] == op["id"] and polled["status"] == "Succeeded"

# The name is unique everywhere; the bucket is listed only in its own region.
taken = error_of(other_region.create_bucket, bucketName=bucket, bundleId="small_1_0")
assert taken["Error"]["Code"] == "InvalidInputException", taken
assert bucket in [x["name"] for x in client.get_buckets()["buckets"]]
assert bucket not in [x["name"] for x in other_region.get_buckets()["buckets"]]
missing = error_of(other_region.get_buckets, bucketName=bucket)
assert missing["Error"]["Code"] == "NotFoundException" and "DoesNotExist" in missing["Error"]["Message"], missing

# Access keys: at most two; the secret only once.
first = client.create_bucket_access_key(bucketName=bucket)["accessKey"]
assert re.fullmatch(r"AKIA[A-Z0-9]{16}", first["accessKeyId"]), first
assert re.fullmatch(r"[A-Za-z0-9+/]{40}", first["secretAccessKey"]), first
assert first["status"] == "Active"
second = client.create_bucket_access_key(bucketName=bucket)["accessKey"]
third = error_of(client.create_bucket_access_key, bucketName=bucket)
assert third["Error"]["Code"] == "InvalidInputException" and "maximum" in third["Error"]["Message"], third

keys = client.get_bucket_access_keys(bucketName=bucket)["accessKeys"]
assert sorted(k["accessKeyId"] for k in keys) == sorted([first["accessKeyId"], second["accessKeyId"]])
for k in keys:
    assert "secretAccessKey" not in k, k
    assert k["lastUsed"]["region"] == "N/A" and k["lastUsed"]["serviceName"] == "N/A", k
    assert "lastUsedDate" not in k["lastUsed"], k

# A bucket access key is not an account credential.
as_key = boto3.client("lightsail", endpoint_url=endpoint, aws_access_key_id=first["accessKeyId"], aws_secret_access_key=first["secretAccessKey"])
denied = error_of(as_key.get_buckets)
assert denied["Error"]["Code"] == "AccessDeniedException", denied

# Update: access rules, versioning, read-only accounts, CORS, then the bundle once a month.
updated = client.update_bucket(
    bucketName=bucket,
    accessRules={"getObject": "public", "allowPublicOverrides": True},
    versioning="Enabled",
    readonlyAccessAccounts=["111122223333"],
    cors={"rules": [{"allowedMethods": ["GET"], "allowedOrigins": ["*"], "maxAgeSeconds": 60}]},
)
assert updated["bucket"]["accessRules"] == {"getObject": "public", "allowPublicOverrides": True}
assert updated["bucket"]["objectVersioning"] == "Enabled"
assert updated["bucket"]["readonlyAccessAccounts"] == ["111122223333"]
assert updated["operations"][0]["operationType"] == "UpdateBucket"
with_cors = client.get_buckets(bucketName=bucket, includeCors=True)["buckets"][0]
assert with_cors["cors"]["rules"][0]["allowedOrigins"] == ["*"], with_cors
bad_versioning = error_of(client.update_bucket, bucketName=bucket, versioning="On")
assert bad_versioning["Error"]["Code"] == "InvalidInputException"

bundle_op = client.update_bucket_bundle(bucketName=bucket, bundleId="medium_1_0")["operations"][0]
assert bundle_op["operationType"] == "UpdateBucketBundle"
after = client.get_buckets(bucketName=bucket)["buckets"][0]
assert after["bundleId"] == "medium_1_0" and after["ableToUpdateBundle"] is False
again = error_of(client.update_bucket_bundle, bucketName=bucket, bundleId="large_1_0")
assert again["Error"]["Code"] == "InvalidInputException", again
unknown_bundle = error_of(client.create_bucket, bucketName=bucket + "-x", bundleId="huge_9_9")
assert unknown_bundle["Error"]["Code"] == "InvalidInputException"

# Tags.
client.tag_resource(resourceName=bucket, tags=[{"key": "env", "value": "test"}, {"key": "team", "value": "dev"}])
tags = client.get_buckets(bucketName=bucket)["buckets"][0]["tags"]
assert sorted((t["key"], t.get("value")) for t in tags) == [("env", "test"), ("team", "dev")], tags
client.untag_resource(resourceName=bucket, tagKeys=["team"])
assert client.get_buckets(bucketName=bucket)["buckets"][0]["tags"] == [{"key": "env", "value": "test"}]
assert error_of(client.tag_resource, resourceName="no-such-bucket", tags=[])["Error"]["Code"] == "NotFoundException"

# Metrics from what is stored.
now = datetime.datetime.now(datetime.timezone.utc)
metric = client.get_bucket_metric_data(
    bucketName=bucket, metricName="NumberOfObjects", startTime=now - datetime.timedelta(days=1),
    endTime=now + datetime.timedelta(days=1), period=86400, statistics=["Maximum"], unit="Count")
assert metric["metricName"] == "NumberOfObjects" and metric["metricData"][0]["maximum"] == 0.0, metric

# Operations for the resource, newest first.
history = client.get_operations_for_resource(resourceName=bucket)["operations"]
types = [o["operationType"] for o in history]
assert types[-1] == "CreateBucket" and types[0] == "UntagResource", types
assert {o["id"] for o in history} <= {o["id"] for o in client.get_operations()["operations"]}

# Delete: refused while keys exist, then key by key, then forced.
refused = error_of(client.delete_bucket, bucketName=bucket)
assert refused["Error"]["Code"] == "InvalidInputException", refused
deleted = client.delete_bucket_access_key(bucketName=bucket, accessKeyId=first["accessKeyId"])
assert deleted["operations"][0]["operationType"] == "DeleteBucketAccessKey"
gone = error_of(client.delete_bucket_access_key, bucketName=bucket, accessKeyId=first["accessKeyId"])
assert gone["Error"]["Code"] == "NotFoundException" and "DoesNotExist" in gone["Error"]["Message"], gone
assert [k["accessKeyId"] for k in client.get_bucket_access_keys(bucketName=bucket)["accessKeys"]] == [second["accessKeyId"]]
forced = client.delete_bucket(bucketName=bucket, forceDelete=True)
assert forced["operations"][0]["operationType"] == "DeleteBucket"
assert error_of(client.get_buckets, bucketName=bucket)["Error"]["Code"] == "NotFoundException"
assert error_of(client.get_bucket_access_keys, bucketName=bucket)["Error"]["Code"] == "NotFoundException"

# Validation names the member.
invalid = error_of(client.create_bucket, bucketName="Not_Valid", bundleId="small_1_0")
assert invalid["Error"]["Code"] == "InvalidInputException" and "bucketName" in invalid["Error"]["Message"], invalid
assert invalid["ResponseMetadata"]["HTTPStatusCode"] == 400

print("OK")
