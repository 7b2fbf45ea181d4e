using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>AWSSDK.S3 with a bucket access key made through the Lightsail API: single-object operations.</summary>
public class AwsSdkObjectTests() : S3BucketTests("sdk")
{
    [Fact]
    public async Task Put_get_head_round_trip_with_metadata_and_standard_headers()
    {
        var put = await S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = "docs/hello world+1.txt",
            ContentBody = "hello, sail",
            ContentType = "text/plain",
            Metadata = { ["color"] = "blue" },
            Headers = { CacheControl = "max-age=60", ContentDisposition = "attachment; filename=a.txt", ContentEncoding = "identity", Expires = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
        });
        Assert.Equal("\"" + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("hello, sail"u8)) + "\"", put.ETag);

        using var get = await S3.GetObjectAsync(Bucket, "docs/hello world+1.txt");
        using var reader = new StreamReader(get.ResponseStream);
        Assert.Equal("hello, sail", await reader.ReadToEndAsync());
        Assert.Equal("text/plain", get.Headers.ContentType);
        Assert.Equal("blue", get.Metadata["color"]);
        Assert.Equal("max-age=60", get.Headers.CacheControl);
        Assert.Equal("attachment; filename=a.txt", get.Headers.ContentDisposition);
        Assert.Equal("identity", get.Headers.ContentEncoding);

        var head = await S3.GetObjectMetadataAsync(Bucket, "docs/hello world+1.txt");
        Assert.Equal(11, head.ContentLength);
        Assert.Equal(put.ETag, head.ETag);
    }

    [Fact]
    public async Task Ranges_conditions_and_response_overrides()
    {
        var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "range.txt", ContentBody = "0123456789" });

        using (var ranged = await S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "range.txt", ByteRange = new ByteRange(2, 5) }))
        {
            Assert.Equal(HttpStatusCode.PartialContent, ranged.HttpStatusCode);
            Assert.Equal("2345", await new StreamReader(ranged.ResponseStream).ReadToEndAsync());
        }

        var unsatisfiable = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "range.txt", ByteRange = new ByteRange("bytes=50-60") }));
        Assert.Equal("InvalidRange", unsatisfiable.ErrorCode);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);

        var failed = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "range.txt", EtagToMatch = "\"nope\"" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.StatusCode);

        var notModified = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "range.txt", EtagToNotMatch = put.ETag }));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var unmodifiedSince = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "range.txt", UnmodifiedSinceDate = DateTime.UtcNow.AddDays(-1) }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, unmodifiedSince.StatusCode);

        using (var modified = await S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "range.txt", ModifiedSinceDate = DateTime.UtcNow.AddDays(-1), EtagToMatch = put.ETag }))
        {
            Assert.Equal(HttpStatusCode.OK, modified.HttpStatusCode);
        }

        using var overridden = await S3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = Bucket,
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
        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetObjectAsync(Bucket, "nope"));
        Assert.Equal("NoSuchKey", missing.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "gone", ContentBody = "x" });
        await S3.DeleteObjectAsync(Bucket, "gone");
        await S3.DeleteObjectAsync(Bucket, "gone");
        Assert.Equal("NoSuchKey", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetObjectAsync(Bucket, "gone"))).ErrorCode);
    }

    [Fact]
    public async Task CopyObject_copies_or_replaces_metadata()
    {
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "copy/src", ContentBody = "copy me", ContentType = "text/a", Metadata = { ["m"] = "1" } });

        var copied = await S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = Bucket, SourceKey = "copy/src", DestinationBucket = Bucket, DestinationKey = "copy/same" });
        Assert.Equal(HttpStatusCode.OK, copied.HttpStatusCode);
        var same = await S3.GetObjectMetadataAsync(Bucket, "copy/same");
        Assert.Equal("text/a", same.Headers.ContentType);
        Assert.Equal("1", same.Metadata["m"]);

        await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = Bucket,
            SourceKey = "copy/src",
            DestinationBucket = Bucket,
            DestinationKey = "copy/replaced",
            MetadataDirective = S3MetadataDirective.REPLACE,
            ContentType = "text/b",
            Metadata = { ["n"] = "2" },
        });
        var replaced = await S3.GetObjectMetadataAsync(Bucket, "copy/replaced");
        Assert.Equal("text/b", replaced.Headers.ContentType);
        Assert.Equal("2", replaced.Metadata["n"]);
        Assert.Null(replaced.Metadata["m"]);
        using var body = await S3.GetObjectAsync(Bucket, "copy/replaced");
        Assert.Equal("copy me", await new StreamReader(body.ResponseStream).ReadToEndAsync());

        var toItself = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = Bucket, SourceKey = "copy/src", DestinationBucket = Bucket, DestinationKey = "copy/src" }));
        Assert.Equal("InvalidRequest", toItself.ErrorCode);
    }

    [Fact]
    public async Task Tagging_and_ACL()
    {
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "tagged", ContentBody = "t", TagSet = [new Tag { Key = "a", Value = "1" }] });
        var tags = await S3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = Bucket, Key = "tagged" });
        Assert.Equal("1", Assert.Single(tags.Tagging).Value);

        await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = Bucket, Key = "tagged", Tagging = new Tagging { TagSet = [new Tag { Key = "b", Value = "2" }, new Tag { Key = "c", Value = "3" }] } });
        tags = await S3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = Bucket, Key = "tagged" });
        Assert.Equal(["b", "c"], tags.Tagging.Select(t => t.Key).ToArray());

        await S3.DeleteObjectTaggingAsync(new DeleteObjectTaggingRequest { BucketName = Bucket, Key = "tagged" });
        tags = await S3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = Bucket, Key = "tagged" });
        Assert.Empty(tags.Tagging ?? []);

        var acl = await S3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = Bucket, Key = "tagged" });
        Assert.DoesNotContain(acl.Grants, g => g.Grantee.URI == "http://acs.amazonaws.com/groups/global/AllUsers");
        await S3.PutObjectAclAsync(new PutObjectAclRequest { BucketName = Bucket, Key = "tagged", ACL = S3CannedACL.PublicRead });
        acl = await S3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = Bucket, Key = "tagged" });
        Assert.Contains(acl.Grants, g => g.Grantee.URI == "http://acs.amazonaws.com/groups/global/AllUsers" && g.Permission == S3Permission.READ);
    }

    [Fact]
    public async Task Checksums_asked_for_are_stored_and_returned()
    {
        // CRC32C and CRC64NVME need the SDK's native runtime package; the server side of those is covered by the payload tests.
        foreach (var algorithm in new[] { ChecksumAlgorithm.CRC32, ChecksumAlgorithm.SHA256, ChecksumAlgorithm.SHA1 })
        {
            var key = "checksum/" + algorithm.Value;
            var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = "checksummed body", ChecksumAlgorithm = algorithm });
            using var get = await S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key, ChecksumMode = ChecksumMode.ENABLED });
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
        var buckets = await S3.ListBucketsAsync();
        Assert.Equal([Bucket], buckets.Buckets.Select(b => b.BucketName).ToArray());
        var location = await S3.GetBucketLocationAsync(Bucket);
        Assert.Equal(HttpStatusCode.OK, location.HttpStatusCode);
        var head = await S3.HeadBucketAsync(new HeadBucketRequest { BucketName = Bucket });
        Assert.Equal(HttpStatusCode.OK, head.HttpStatusCode);
    }

    [Fact]
    public async Task Large_body_streams_and_round_trips()
    {
        var data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(data);
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "large.bin", InputStream = new MemoryStream(data) });
        using var get = await S3.GetObjectAsync(Bucket, "large.bin");
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
