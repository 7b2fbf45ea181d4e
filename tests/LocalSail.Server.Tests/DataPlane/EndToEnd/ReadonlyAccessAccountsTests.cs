using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Signing;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// Several accounts on one server: a bucket's readonlyAccessAccounts let a listed account read it with its root key
/// (AWSSDK.S3, boto3, the AWS CLI) and nothing else; an unlisted account reads nothing; a change to the list holds on the next request.
/// </summary>
public sealed class ReadonlyAccessAccountsTests : IAsyncLifetime
{
    private const string Reader = "222222222222";
    private const string Stranger = "333333333333";

    private S3TestServer _server = null!;
    private Credentials _reader = null!;
    private Credentials _stranger = null!;

    public async Task InitializeAsync()
    {
        _server = await S3TestServer.StartAsync(options => options.Accounts =
        [
            $"{Reader}:AKIAREADERACCOUNT001:reader-account-secret-00000000000000000",
            $"{Stranger}:AKIASTRANGERACCOUNT1:stranger-account-secret-000000000000000",
        ]);
        _reader = _server.Server.RootCredentialsOf(Reader);
        _stranger = _server.Server.RootCredentialsOf(Stranger);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<JsonElement> SetReadersAsync(string bucket, params string[] accounts) =>
        _server.Lightsail.CallOkAsync("UpdateBucket", JsonSerializer.Serialize(new { bucketName = bucket, readonlyAccessAccounts = accounts }));

    /// <summary>A bucket of the first account with two objects, shared with <see cref="Reader"/>.</summary>
    private async Task<string> SharedBucketAsync(string prefix)
    {
        var bucket = await _server.CreateBucketAsync(prefix);
        using var owner = _server.RootS3Client();
        await owner.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc.txt", ContentBody = "shared words" });
        await owner.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "dir/b.txt", ContentBody = "more" });
        await SetReadersAsync(bucket, Reader);
        return bucket;
    }

    private static async Task AssertDeniedAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(call);
        Assert.Equal(("AccessDenied", 403), (error.ErrorCode, (int)error.StatusCode));
    }

    [Fact]
    public async Task A_listed_account_reads_with_its_root_key_and_cannot_write_or_delete()
    {
        var bucket = await SharedBucketAsync("shared");
        using var reader = _server.S3Client(_reader);

        using (var got = await reader.GetObjectAsync(bucket, "doc.txt"))
        using (var text = new StreamReader(got.ResponseStream))
        {
            Assert.Equal("shared words", await text.ReadToEndAsync());
        }

        Assert.Equal(12, (await reader.GetObjectMetadataAsync(bucket, "doc.txt")).ContentLength);
        Assert.Equal(["dir/b.txt", "doc.txt"], (await reader.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key));
        Assert.Equal(["dir/b.txt", "doc.txt"], (await reader.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket })).S3Objects.Select(o => o.Key));
        Assert.Equal(2, (await reader.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket })).Versions.Count);
        await reader.GetBucketLocationAsync(bucket);

        // Reading to copy into a bucket of its own is a read too.
        var own = await CreateBucketAsAsync(_reader, "readers-own");
        await reader.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "doc.txt", DestinationBucket = own, DestinationKey = "copied.txt" });
        using (var copied = await reader.GetObjectAsync(own, "copied.txt"))
        using (var text = new StreamReader(copied.ResponseStream))
        {
            Assert.Equal("shared words", await text.ReadToEndAsync());
        }

        await AssertDeniedAsync(() => reader.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc.txt", ContentBody = "overwritten" }));
        await AssertDeniedAsync(() => reader.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "new.txt", ContentBody = "new" }));
        await AssertDeniedAsync(() => reader.DeleteObjectAsync(bucket, "doc.txt"));
        await AssertDeniedAsync(() => reader.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [new KeyVersion { Key = "doc.txt" }] }));
        await AssertDeniedAsync(() => reader.InitiateMultipartUploadAsync(bucket, "big.bin"));
        await AssertDeniedAsync(() => reader.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "doc.txt", Tagging = new Tagging { TagSet = [new Tag { Key = "k", Value = "v" }] } }));
        await AssertDeniedAsync(() => reader.CopyObjectAsync(new CopyObjectRequest { SourceBucket = own, SourceKey = "copied.txt", DestinationBucket = bucket, DestinationKey = "pushed.txt" }));

        // Nothing the reader tried changed the bucket.
        using var owner = _server.RootS3Client();
        Assert.Equal(["dir/b.txt", "doc.txt"], (await owner.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key));
        using var kept = await owner.GetObjectAsync(bucket, "doc.txt");
        Assert.Equal("shared words", await new StreamReader(kept.ResponseStream).ReadToEndAsync());
    }

    [Fact]
    public async Task An_account_the_bucket_does_not_list_reads_nothing()
    {
        var bucket = await SharedBucketAsync("unlisted");
        using var stranger = _server.S3Client(_stranger);

        await AssertDeniedAsync(() => stranger.GetObjectAsync(bucket, "doc.txt"));
        // A HEAD answer has no body to name the error: its status says it.
        Assert.Equal(403, (int)(await Assert.ThrowsAsync<AmazonS3Exception>(() => stranger.GetObjectMetadataAsync(bucket, "doc.txt"))).StatusCode);
        await AssertDeniedAsync(() => stranger.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }));
        await AssertDeniedAsync(() => stranger.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "x", ContentBody = "x" }));
    }

    [Fact]
    public async Task Access_rules_open_a_bucket_to_unsigned_reads_and_leave_other_accounts_keys_as_they_were()
    {
        var bucket = await SharedBucketAsync("public");
        await _server.Lightsail.CallOkAsync("UpdateBucket", JsonSerializer.Serialize(new { bucketName = bucket, accessRules = new { getObject = "public", allowPublicOverrides = false } }));
        using var anyone = new AmazonS3Client(new Amazon.Runtime.AnonymousAWSCredentials(), new AmazonS3Config { ServiceURL = _server.EndpointUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        using var stranger = _server.S3Client(_stranger);
        using var reader = _server.S3Client(_reader);

        (await anyone.GetObjectAsync(bucket, "doc.txt")).Dispose();
        (await reader.GetObjectAsync(bucket, "doc.txt")).Dispose();
        await AssertDeniedAsync(() => stranger.GetObjectAsync(bucket, "doc.txt"));
        await AssertDeniedAsync(() => reader.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc.txt", ContentBody = "overwritten" }));
    }

    [Fact]
    public async Task Removing_an_account_from_the_list_revokes_its_reads_on_the_next_request()
    {
        var bucket = await SharedBucketAsync("revoked");
        using var reader = _server.S3Client(_reader);
        (await reader.GetObjectAsync(bucket, "doc.txt")).Dispose();

        await SetReadersAsync(bucket);
        await AssertDeniedAsync(() => reader.GetObjectAsync(bucket, "doc.txt"));
        await AssertDeniedAsync(() => reader.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }));

        await SetReadersAsync(bucket, Stranger, Reader);
        (await reader.GetObjectAsync(bucket, "doc.txt")).Dispose();
    }

    [Fact]
    public async Task A_bucket_key_of_a_listed_account_reaches_its_own_bucket_only()
    {
        var bucket = await SharedBucketAsync("keyed");
        var readersBucket = await CreateBucketAsAsync(_reader, "readers-keyed");
        using var lightsail = new LightsailCaller(_server.Server.Endpoint, _reader);
        using var readersKey = _server.S3Client(await lightsail.CreateAccessKeyAsync(readersBucket));

        await AssertDeniedAsync(() => readersKey.GetObjectAsync(bucket, "doc.txt"));
    }

    [Fact]
    public async Task Boto3_reads_as_a_listed_account_and_is_refused_otherwise()
    {
        const string script = """
            import os, sys
            import boto3
            from botocore.exceptions import ClientError
            bucket = os.environ["BUCKET"]
            def client(key, secret):
                return boto3.client("s3", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
            def refused(call):
                try:
                    call()
                except ClientError as e:
                    assert e.response["Error"]["Code"] in ("AccessDenied", "403"), e.response
                    return
                sys.exit("should have been refused")
            reader = client(os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"])
            assert reader.get_object(Bucket=bucket, Key="doc.txt")["Body"].read() == b"shared words"
            assert [o["Key"] for o in reader.list_objects_v2(Bucket=bucket)["Contents"]] == ["dir/b.txt", "doc.txt"]
            reader.head_bucket(Bucket=bucket)
            refused(lambda: reader.put_object(Bucket=bucket, Key="doc.txt", Body=b"no"))
            refused(lambda: reader.delete_object(Bucket=bucket, Key="doc.txt"))
            stranger = client(os.environ["STRANGER_KEY"], os.environ["STRANGER_SECRET"])
            refused(lambda: stranger.get_object(Bucket=bucket, Key="doc.txt"))
            refused(lambda: stranger.head_object(Bucket=bucket, Key="doc.txt"))
            refused(lambda: stranger.list_objects_v2(Bucket=bucket))
            assert bucket not in [b["Name"] for b in reader.list_buckets()["Buckets"]]
            print("boto3 accounts ok")
            """;
        var bucket = await SharedBucketAsync("boto-shared");

        var result = await S3TestServer.RunAsync("python3", ["-c", script], _reader, new Dictionary<string, string>
        {
            ["ENDPOINT"] = _server.EndpointUrl,
            ["BUCKET"] = bucket,
            ["STRANGER_KEY"] = _stranger.AccessKeyId,
            ["STRANGER_SECRET"] = _stranger.SecretAccessKey,
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("boto3 accounts ok", result.Stdout);
    }

    [Fact]
    public async Task The_aws_cli_reads_as_a_listed_account_and_is_refused_otherwise()
    {
        var bucket = await SharedBucketAsync("cli-shared");
        Task<ProcessResult> Aws(Credentials account, params string[] arguments) =>
            S3TestServer.RunAsync("aws", [.. arguments, "--endpoint-url", _server.EndpointUrl], account);

        var read = await Aws(_reader, "s3", "cp", $"s3://{bucket}/doc.txt", "-");
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal("shared words", read.Stdout);

        var removed = await Aws(_reader, "s3", "rm", $"s3://{bucket}/doc.txt");
        Assert.NotEqual(0, removed.ExitCode);
        Assert.Contains("AccessDenied", removed.Stderr, StringComparison.Ordinal);

        var listed = await Aws(_stranger, "s3", "ls", $"s3://{bucket}/");
        Assert.NotEqual(0, listed.ExitCode);
        Assert.Contains("AccessDenied", listed.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> CreateBucketAsAsync(Credentials account, string prefix)
    {
        var name = S3TestServer.UniqueBucketName(prefix);
        using var lightsail = new LightsailCaller(_server.Server.Endpoint, account);
        await lightsail.CreateBucketAsync(name);
        return name;
    }
}
