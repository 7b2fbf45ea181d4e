using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>AWSSDK.S3: listings, multipart uploads and versioning.</summary>
public class AwsSdkListingAndMultipartTests() : S3BucketTests("list")
{
    [Fact]
    public async Task ListObjectsV2_pages_with_prefix_delimiter_and_start_after()
    {
        string[] keys = ["a/1", "a/2", "b/1", "b/x/2", "c", "d", "e"];
        foreach (var key in keys)
        {
            await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "l/" + key, ContentBody = key });
        }

        var all = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "l/", MaxKeys = 3, ContinuationToken = token });
            all.AddRange(page.S3Objects?.Select(o => o.Key) ?? []);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
            pages++;
        }
        while (token is not null);
        Assert.Equal(keys.Select(k => "l/" + k).ToArray(), all.ToArray());
        Assert.Equal(3, pages);

        var delimited = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "l/", Delimiter = "/" });
        Assert.Equal(["l/a/", "l/b/"], delimited.CommonPrefixes.ToArray());
        Assert.Equal(["l/c", "l/d", "l/e"], delimited.S3Objects.Select(o => o.Key).ToArray());

        // A page boundary inside the common prefixes: each prefix appears once across pages.
        var first = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "l/", Delimiter = "/", MaxKeys = 1 });
        Assert.Equal(["l/a/"], first.CommonPrefixes.ToArray());
        var second = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "l/", Delimiter = "/", MaxKeys = 2, ContinuationToken = first.NextContinuationToken });
        Assert.Equal(["l/b/"], second.CommonPrefixes.ToArray());
        Assert.Equal(["l/c"], second.S3Objects.Select(o => o.Key).ToArray());

        var after = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "l/", StartAfter = "l/c" });
        Assert.Equal(["l/d", "l/e"], after.S3Objects.Select(o => o.Key).ToArray());

        var v1 = await S3.ListObjectsAsync(new ListObjectsRequest { BucketName = Bucket, Prefix = "l/", Marker = "l/b/1", MaxKeys = 2 });
        Assert.Equal(["l/b/x/2", "l/c"], v1.S3Objects.Select(o => o.Key).ToArray());
        Assert.True(v1.IsTruncated);
    }

    [Fact]
    public async Task Multipart_upload_with_copied_part_lists_and_completes()
    {
        const int partSize = 5 * 1024 * 1024;
        var part1 = new byte[partSize];
        new Random(1).NextBytes(part1);
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "mp/source", ContentBody = "tail of the object" });

        var create = await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = "mp/target", ContentType = "application/x-mp" });
        var uploads = await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = Bucket });
        Assert.Contains(uploads.MultipartUploads, u => u.UploadId == create.UploadId && u.Key == "mp/target");

        var p1 = await S3.UploadPartAsync(new UploadPartRequest { BucketName = Bucket, Key = "mp/target", UploadId = create.UploadId, PartNumber = 1, InputStream = new MemoryStream(part1) });
        var p2 = await S3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = Bucket,
            SourceKey = "mp/source",
            DestinationBucket = Bucket,
            DestinationKey = "mp/target",
            UploadId = create.UploadId,
            PartNumber = 2,
            FirstByte = 0,
            LastByte = 3,
        });

        var parts = await S3.ListPartsAsync(new ListPartsRequest { BucketName = Bucket, Key = "mp/target", UploadId = create.UploadId });
        Assert.Equal([1, 2], parts.Parts.Select(p => p.PartNumber ?? 0).ToArray());
        Assert.Equal([(long)partSize, 4L], parts.Parts.Select(p => p.Size ?? 0).ToArray());

        var complete = await S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = "mp/target",
            UploadId = create.UploadId,
            PartETags = [new PartETag(1, p1.ETag), new PartETag(2, p2.ETag)],
        });
        Assert.EndsWith("-2\"", complete.ETag);

        using var get = await S3.GetObjectAsync(Bucket, "mp/target");
        Assert.Equal("application/x-mp", get.Headers.ContentType);
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        Assert.Equal([.. part1, .. "tail"u8.ToArray()], copy.ToArray());

        using (var secondPart = await S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "mp/target", PartNumber = 2 }))
        {
            Assert.Equal(HttpStatusCode.PartialContent, secondPart.HttpStatusCode);
            Assert.Equal(2, secondPart.PartsCount);
            Assert.Equal("tail", await new StreamReader(secondPart.ResponseStream).ReadToEndAsync());
        }

        var gone = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            S3.ListPartsAsync(new ListPartsRequest { BucketName = Bucket, Key = "mp/target", UploadId = create.UploadId }));
        Assert.Equal("NoSuchUpload", gone.ErrorCode);
    }

    [Fact]
    public async Task Multipart_refuses_small_parts_bad_parts_and_unknown_uploads()
    {
        var create = await S3.InitiateMultipartUploadAsync(Bucket, "mp/small");
        var p1 = await S3.UploadPartAsync(new UploadPartRequest { BucketName = Bucket, Key = "mp/small", UploadId = create.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[10]) });
        var p2 = await S3.UploadPartAsync(new UploadPartRequest { BucketName = Bucket, Key = "mp/small", UploadId = create.UploadId, PartNumber = 2, InputStream = new MemoryStream(new byte[10]) });

        var small = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = "mp/small",
            UploadId = create.UploadId,
            PartETags = [new PartETag(1, p1.ETag), new PartETag(2, p2.ETag)],
        }));
        Assert.Equal("EntityTooSmall", small.ErrorCode);

        var wrongEtag = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = "mp/small",
            UploadId = create.UploadId,
            PartETags = [new PartETag(1, "\"00000000000000000000000000000000\"")],
        }));
        Assert.Equal("InvalidPart", wrongEtag.ErrorCode);

        await S3.AbortMultipartUploadAsync(Bucket, "mp/small", create.UploadId);
        var aborted = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            S3.UploadPartAsync(new UploadPartRequest { BucketName = Bucket, Key = "mp/small", UploadId = create.UploadId, PartNumber = 3, InputStream = new MemoryStream(new byte[1]) }));
        Assert.Equal("NoSuchUpload", aborted.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, aborted.StatusCode);
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetObjectMetadataAsync(Bucket, "mp/small"));
    }

    [Fact]
    public async Task DeleteObjects_removes_many_keys()
    {
        for (var i = 0; i < 5; i++)
        {
            await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = $"del/{i}", ContentBody = "x" });
        }

        var result = await S3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = Bucket, Objects = Enumerable.Range(0, 5).Select(i => new KeyVersion { Key = $"del/{i}" }).ToList() });
        Assert.Equal(5, result.DeletedObjects.Count);
        var left = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "del/" });
        Assert.Equal(0, left.KeyCount ?? 0);
    }

    [Fact]
    public async Task Suspended_versioning_overwrites_the_null_version()
    {
        var bucket = await Server.CreateBucketAsync("suspended");
        using var s3 = Server.S3Client(await Server.CreateKeyAsync(bucket));
        await Server.Lightsail.CallOkAsync("UpdateBucket", $$"""{"bucketName":"{{bucket}}","versioning":"Enabled"}""");
        var kept = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc", ContentBody = "versioned" });
        await Server.Lightsail.CallOkAsync("UpdateBucket", $$"""{"bucketName":"{{bucket}}","versioning":"Suspended"}""");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc", ContentBody = "null one" });
        var second = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc", ContentBody = "null two" });
        Assert.Equal("null", second.VersionId);

        var versions = await s3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket });
        Assert.Equal(["null", kept.VersionId], versions.Versions.Select(v => v.VersionId).ToArray());
        using var current = await s3.GetObjectAsync(bucket, "doc");
        Assert.Equal("null two", await new StreamReader(current.ResponseStream).ReadToEndAsync());
    }

    [Fact]
    public async Task Versioned_bucket_keeps_versions_and_delete_markers()
    {
        await Server.Lightsail.CallOkAsync("UpdateBucket", $$"""{"bucketName":"{{Bucket}}","versioning":"Enabled"}""");
        var v1 = await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "ver/doc", ContentBody = "one" });
        var v2 = await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "ver/doc", ContentBody = "two" });
        Assert.NotEqual(v1.VersionId, v2.VersionId);

        using (var old = await S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "ver/doc", VersionId = v1.VersionId }))
        {
            Assert.Equal("one", await new StreamReader(old.ResponseStream).ReadToEndAsync());
        }

        var deleted = await S3.DeleteObjectAsync(Bucket, "ver/doc");
        Assert.Equal("true", deleted.DeleteMarker);
        Assert.Equal("NoSuchKey", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetObjectAsync(Bucket, "ver/doc"))).ErrorCode);

        var versions = await S3.ListVersionsAsync(new ListVersionsRequest { BucketName = Bucket, Prefix = "ver/" });
        Assert.Equal(3, versions.Versions.Count);
        Assert.True(versions.Versions[0].IsDeleteMarker);
        Assert.True(versions.Versions[0].IsLatest);
        Assert.Equal(v2.VersionId, versions.Versions[1].VersionId);

        // Paging one entry at a time visits each version once, in the same order.
        var paged = new List<string>();
        var request = new ListVersionsRequest { BucketName = Bucket, Prefix = "ver/", MaxKeys = 1 };
        while (true)
        {
            var page = await S3.ListVersionsAsync(request);
            paged.AddRange(page.Versions.Select(v => v.VersionId));
            if (page.IsTruncated != true)
            {
                break;
            }

            request.KeyMarker = page.NextKeyMarker;
            request.VersionIdMarker = page.NextVersionIdMarker;
        }

        Assert.Equal(versions.Versions.Select(v => v.VersionId).ToArray(), paged.ToArray());

        // Removing the delete marker brings the last version back.
        await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = "ver/doc", VersionId = versions.Versions[0].VersionId });
        using var current = await S3.GetObjectAsync(Bucket, "ver/doc");
        Assert.Equal("two", await new StreamReader(current.ResponseStream).ReadToEndAsync());
    }
}

public sealed class AwsSdkListingAndMultipartTestsOnPostgres : AwsSdkListingAndMultipartTests
{
    protected override StoreSetup Setup => StoreSetup.Postgres;
}

public sealed class AwsSdkListingAndMultipartTestsOnPostgresAndS3Blobs : AwsSdkListingAndMultipartTests
{
    protected override StoreSetup Setup => StoreSetup.PostgresWithS3Blobs;
}
