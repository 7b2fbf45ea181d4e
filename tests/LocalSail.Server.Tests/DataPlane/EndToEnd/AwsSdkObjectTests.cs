using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>AWSSDK.S3 with a bucket access key made through the Lightsail API: single-object operations.</summary>
public class AwsSdkObjectTests : IAsyncLifetime
{
    private S3TestServer _server = null!;
    private string _bucket = null!;
    private Credentials _key = null!;
    private AmazonS3Client _s3 = null!;

    /// <summary>The stores the server runs on; a subclass runs every test on others.</summary>
    protected virtual StoreSetup Setup => StoreSetup.Embedded;

    public async Task InitializeAsync() => (_server, _bucket, _key, _s3) = await S3TestServer.StartWithBucketAsync("sdk", Setup);

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Put_get_head_round_trip_with_metadata_and_standard_headers()
    {
        var put = await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = "docs/hello world+1.txt",
            ContentBody = "hello, sail",
            ContentType = "text/plain",
            Metadata = { ["color"] = "blue" },
            Headers = { CacheControl = "max-age=60", ContentDisposition = "attachment; filename=a.txt", ContentEncoding = "identity", Expires = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
        });
        Assert.Equal("\"" + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("hello, sail"u8)) + "\"", put.ETag);

        using var get = await _s3.GetObjectAsync(_bucket, "docs/hello world+1.txt");
        using var reader = new StreamReader(get.ResponseStream);
        Assert.Equal("hello, sail", await reader.ReadToEndAsync());
        Assert.Equal("text/plain", get.Headers.ContentType);
        Assert.Equal("blue", get.Metadata["color"]);
        Assert.Equal("max-age=60", get.Headers.CacheControl);
        Assert.Equal("attachment; filename=a.txt", get.Headers.ContentDisposition);
        Assert.Equal("identity", get.Headers.ContentEncoding);

        var head = await _s3.GetObjectMetadataAsync(_bucket, "docs/hello world+1.txt");
        Assert.Equal(11, head.ContentLength);
        Assert.Equal(put.ETag, head.ETag);
    }

    [Fact]
    public async Task Ranges_conditions_and_response_overrides()
    {
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "range.txt", ContentBody = "0123456789" });

        using (var ranged = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "range.txt", ByteRange = new ByteRange(2, 5) }))
        {
            Assert.Equal(HttpStatusCode.PartialContent, ranged.HttpStatusCode);
            Assert.Equal("2345", await new StreamReader(ranged.ResponseStream).ReadToEndAsync());
        }

        var unsatisfiable = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "range.txt", ByteRange = new ByteRange("bytes=50-60") }));
        Assert.Equal("InvalidRange", unsatisfiable.ErrorCode);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);

        var failed = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "range.txt", EtagToMatch = "\"nope\"" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.StatusCode);

        var notModified = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "range.txt", EtagToNotMatch = put.ETag }));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var unmodifiedSince = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "range.txt", UnmodifiedSinceDate = DateTime.UtcNow.AddDays(-1) }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, unmodifiedSince.StatusCode);

        using (var modified = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = "range.txt", ModifiedSinceDate = DateTime.UtcNow.AddDays(-1), EtagToMatch = put.ETag }))
        {
            Assert.Equal(HttpStatusCode.OK, modified.HttpStatusCode);
        }

        using var overridden = await _s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = _bucket,
            Key = "range.txt",
            ResponseHeaderOverrides = { ContentType = "application/x-test", ContentDisposition = "inline", CacheControl = "no-store" },
        });
        Assert.Equal("application/x-test", overridden.Headers.ContentType);
        Assert.Equal("inline", overridden.Headers.ContentDisposition);
        Assert.Equal("no-store", overridden.Headers.CacheControl);
    }

    [Fact]
    public async Task Missing_key_is_NoSuchKey_and_delete_is_idempotent()
    {
        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(_bucket, "nope"));
        Assert.Equal("NoSuchKey", missing.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "gone", ContentBody = "x" });
        await _s3.DeleteObjectAsync(_bucket, "gone");
        await _s3.DeleteObjectAsync(_bucket, "gone");
        Assert.Equal("NoSuchKey", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(_bucket, "gone"))).ErrorCode);
    }

    [Fact]
    public async Task CopyObject_copies_or_replaces_metadata()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "copy/src", ContentBody = "copy me", ContentType = "text/a", Metadata = { ["m"] = "1" } });

        var copied = await _s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = _bucket, SourceKey = "copy/src", DestinationBucket = _bucket, DestinationKey = "copy/same" });
        Assert.Equal(HttpStatusCode.OK, copied.HttpStatusCode);
        var same = await _s3.GetObjectMetadataAsync(_bucket, "copy/same");
        Assert.Equal("text/a", same.Headers.ContentType);
        Assert.Equal("1", same.Metadata["m"]);

        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _bucket,
            SourceKey = "copy/src",
            DestinationBucket = _bucket,
            DestinationKey = "copy/replaced",
            MetadataDirective = S3MetadataDirective.REPLACE,
            ContentType = "text/b",
            Metadata = { ["n"] = "2" },
        });
        var replaced = await _s3.GetObjectMetadataAsync(_bucket, "copy/replaced");
        Assert.Equal("text/b", replaced.Headers.ContentType);
        Assert.Equal("2", replaced.Metadata["n"]);
        Assert.Null(replaced.Metadata["m"]);
        using var body = await _s3.GetObjectAsync(_bucket, "copy/replaced");
        Assert.Equal("copy me", await new StreamReader(body.ResponseStream).ReadToEndAsync());

        var toItself = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = _bucket, SourceKey = "copy/src", DestinationBucket = _bucket, DestinationKey = "copy/src" }));
        Assert.Equal("InvalidRequest", toItself.ErrorCode);
    }

    [Fact]
    public async Task Tagging_and_ACL()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "tagged", ContentBody = "t", TagSet = [new Tag { Key = "a", Value = "1" }] });
        var tags = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "tagged" });
        Assert.Equal("1", Assert.Single(tags.Tagging).Value);

        await _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = _bucket, Key = "tagged", Tagging = new Tagging { TagSet = [new Tag { Key = "b", Value = "2" }, new Tag { Key = "c", Value = "3" }] } });
        tags = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "tagged" });
        Assert.Equal(["b", "c"], tags.Tagging.Select(t => t.Key).ToArray());

        await _s3.DeleteObjectTaggingAsync(new DeleteObjectTaggingRequest { BucketName = _bucket, Key = "tagged" });
        tags = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "tagged" });
        Assert.Empty(tags.Tagging ?? []);

        var acl = await _s3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = _bucket, Key = "tagged" });
        Assert.DoesNotContain(acl.Grants, g => g.Grantee.URI == "http://acs.amazonaws.com/groups/global/AllUsers");
        await _s3.PutObjectAclAsync(new PutObjectAclRequest { BucketName = _bucket, Key = "tagged", ACL = S3CannedACL.PublicRead });
        acl = await _s3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = _bucket, Key = "tagged" });
        Assert.Contains(acl.Grants, g => g.Grantee.URI == "http://acs.amazonaws.com/groups/global/AllUsers" && g.Permission == S3Permission.READ);
    }

    [Fact]
    public async Task Checksums_asked_for_are_stored_and_returned()
    {
        // CRC32C and CRC64NVME need the SDK's native runtime package; the server side of those is covered by the payload tests.
        foreach (var algorithm in new[] { ChecksumAlgorithm.CRC32, ChecksumAlgorithm.SHA256, ChecksumAlgorithm.SHA1 })
        {
            var key = "checksum/" + algorithm.Value;
            var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = "checksummed body", ChecksumAlgorithm = algorithm });
            using var get = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key, ChecksumMode = ChecksumMode.ENABLED });
            Assert.Equal("checksummed body", await new StreamReader(get.ResponseStream).ReadToEndAsync());
            var returned = algorithm.Value switch
            {
                "CRC32" => (put.ChecksumCRC32, get.ChecksumCRC32),
                "SHA256" => (put.ChecksumSHA256, get.ChecksumSHA256),
                _ => (put.ChecksumSHA1, get.ChecksumSHA1),
            };
            Assert.False(string.IsNullOrEmpty(returned.Item1), algorithm.Value);
            Assert.Equal(returned.Item1, returned.Item2);
        }
    }

    [Fact]
    public async Task ListBuckets_shows_only_the_keys_bucket_and_HeadBucket_answers()
    {
        var buckets = await _s3.ListBucketsAsync();
        Assert.Equal([_bucket], buckets.Buckets.Select(b => b.BucketName).ToArray());
        var location = await _s3.GetBucketLocationAsync(_bucket);
        Assert.Equal(HttpStatusCode.OK, location.HttpStatusCode);
        var head = await _s3.HeadBucketAsync(new HeadBucketRequest { BucketName = _bucket });
        Assert.Equal(HttpStatusCode.OK, head.HttpStatusCode);
    }

    [Fact]
    public async Task Large_body_streams_and_round_trips()
    {
        var data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(data);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "large.bin", InputStream = new MemoryStream(data) });
        using var get = await _s3.GetObjectAsync(_bucket, "large.bin");
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
    }
}

public sealed class AwsSdkObjectTestsOnPostgres : AwsSdkObjectTests
{
    protected override StoreSetup Setup => StoreSetup.Postgres;
}

public sealed class AwsSdkObjectTestsOnPostgresAndS3Blobs : AwsSdkObjectTests
{
    protected override StoreSetup Setup => StoreSetup.PostgresWithS3Blobs;
}
