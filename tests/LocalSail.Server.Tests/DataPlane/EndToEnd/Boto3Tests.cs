namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>boto3 (python3, a child process) with a bucket access key made through the Lightsail API.</summary>
public class Boto3Tests : IAsyncLifetime
{
    private const string Script = """
        import os, sys, urllib.request
        import boto3
        from botocore.exceptions import ClientError
        bucket = os.environ["BUCKET"]
        s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
        s3.put_object(Bucket=bucket, Key="py/a b+c.txt", Body=b"from boto3", Metadata={"who": "python"}, ContentType="text/plain")
        got = s3.get_object(Bucket=bucket, Key="py/a b+c.txt", ChecksumMode="ENABLED")
        assert got["Body"].read() == b"from boto3"
        assert got["Metadata"] == {"who": "python"}
        assert got["ContentType"] == "text/plain"
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="py/")["Contents"]]
        assert keys == ["py/a b+c.txt"], keys
        url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "py/a b+c.txt"}, ExpiresIn=60)
        assert urllib.request.urlopen(url).read() == b"from boto3"
        from botocore.config import Config
        s3v4 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1", config=Config(signature_version="s3v4"))
        v4_url = s3v4.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "py/a b+c.txt"}, ExpiresIn=60)
        assert "X-Amz-Signature=" in v4_url and urllib.request.urlopen(v4_url).read() == b"from boto3"
        put_url = s3v4.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "py/presigned-put"}, ExpiresIn=60)
        urllib.request.urlopen(urllib.request.Request(put_url, data=b"put by url", method="PUT")).read()
        assert s3.get_object(Bucket=bucket, Key="py/presigned-put")["Body"].read() == b"put by url"
        data = os.urandom(12 * 1024 * 1024 + 5)
        import io
        from boto3.s3.transfer import TransferConfig
        s3.upload_fileobj(io.BytesIO(data), bucket, "py/multipart.bin", Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
        head = s3.head_object(Bucket=bucket, Key="py/multipart.bin")
        assert head["ETag"].endswith('-3"'), head["ETag"]
        out = io.BytesIO()
        s3.download_fileobj(bucket, "py/multipart.bin", out)
        assert out.getvalue() == data
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "py/presigned-put"}]})
        try:
            s3.list_objects_v2(Bucket=os.environ["OTHER"])
            sys.exit("listing another bucket should be refused")
        except ClientError as e:
            assert e.response["Error"]["Code"] == "AccessDenied", e.response
        try:
            s3.get_object(Bucket=bucket, Key="py/missing")
            sys.exit("a missing key should be NoSuchKey")
        except s3.exceptions.NoSuchKey:
            pass
        print("boto3 ok")
        """;

    private S3TestServer _server = null!;

    /// <summary>The stores the server runs on; a subclass runs every test on others.</summary>
    protected virtual StoreSetup Setup => StoreSetup.Embedded;

    public async Task InitializeAsync() => _server = await S3TestServer.StartAsync(setup: Setup);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Boto3_round_trips_with_a_bucket_key()
    {
        var bucket = await _server.CreateBucketAsync("boto");
        var other = await _server.CreateBucketAsync("boto-other");
        var key = await _server.CreateKeyAsync(bucket);
        var result = await S3TestServer.RunAsync("python3", ["-c", Script], key, new Dictionary<string, string>
        {
            ["ENDPOINT"] = _server.EndpointUrl,
            ["BUCKET"] = bucket,
            ["OTHER"] = other,
        });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("boto3 ok", result.Stdout);
    }

    [Fact]
    public async Task An_upload_refused_before_its_body_was_sent_leaves_the_client_able_to_upload_again()
    {
        // botocore announces file bodies with Expect: 100-continue and reuses the connection after a refusal.
        const string script = """
            import io, os, sys
            import boto3
            from botocore.exceptions import ClientError
            s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
            for size in (1, 100, 2000, 70000):
                try:
                    s3.put_object(Bucket=os.environ["OTHER"], Key="refused", Body=io.BytesIO(b"r" * size))
                    sys.exit("an upload to another bucket should be refused")
                except ClientError as e:
                    assert e.response["Error"]["Code"] == "AccessDenied", e.response
                s3.put_object(Bucket=os.environ["BUCKET"], Key="after-%d" % size, Body=io.BytesIO(b"a" * size))
                assert s3.get_object(Bucket=os.environ["BUCKET"], Key="after-%d" % size)["Body"].read() == b"a" * size
            print("reused ok")
            """;
        var bucket = await _server.CreateBucketAsync("boto");
        var key = await _server.CreateKeyAsync(bucket);
        var other = await _server.CreateBucketAsync("other");
        var result = await S3TestServer.RunAsync("python3", ["-c", script], key, new Dictionary<string, string> { ["ENDPOINT"] = _server.EndpointUrl, ["BUCKET"] = bucket, ["OTHER"] = other });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("reused ok", result.Stdout);
    }
}

public sealed class Boto3TestsOnPostgresAndS3Blobs : Boto3Tests
{
    protected override StoreSetup Setup => StoreSetup.PostgresWithS3Blobs;
}
