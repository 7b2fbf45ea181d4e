using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// AWSSDK.S3 against objects at and around the inline threshold: small objects live in their metadata row
/// (no file), larger ones in files, and every operation treats both the same.
/// </summary>
public sealed class InlineObjectTests() : S3BucketTests("inline")
{
    private const int Threshold = LocalSail.Server.DataPlane.BlobTransfer.MaxInlineBytes;

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private async Task<string[]> ObjectFilesAsync()
    {
        var bucket = await Server.Server.GetService<LocalSail.Server.DataPlane.BucketCache>().FindAsync(Bucket, CancellationToken.None);
        var directory = Path.Combine(Server.Server.DataDirectory, "objects", bucket!.Id);
        return Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories) : [];
    }

    private Task<PutObjectResponse> PutAsync(string key, byte[] data) =>
        S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(data) });

    private async Task<byte[]> GetAsync(string key, ByteRange? range = null)
    {
        using var get = await S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key, ByteRange = range });
        using var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Theory]
    [InlineData(5)]
    [InlineData(Threshold)]
    public async Task Small_objects_round_trip_without_a_file(int length)
    {
        var data = Bytes(length, length);
        var put = await PutAsync("small", data);
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(data)) + "\"", put.ETag);

        Assert.Empty(await ObjectFilesAsync());
        Assert.Equal(data, await GetAsync("small"));
        var head = await S3.GetObjectMetadataAsync(Bucket, "small");
        Assert.Equal(length, head.ContentLength);
        Assert.Equal(put.ETag, head.ETag);
    }

    [Fact]
    public async Task An_object_just_over_the_threshold_is_a_file()
    {
        var data = Bytes(Threshold + 1, 7);
        await PutAsync("large", data);

        Assert.Single(await ObjectFilesAsync());
        Assert.Equal(data, await GetAsync("large"));
    }

    [Fact]
    public async Task Ranges_part_numbers_and_preconditions_of_an_inline_object()
    {
        var put = await PutAsync("range", "0123456789"u8.ToArray());

        using (var ranged = await S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "range", ByteRange = new ByteRange(2, 5) }))
        {
            Assert.Equal(HttpStatusCode.PartialContent, ranged.HttpStatusCode);
            Assert.Equal("bytes 2-5/10", ranged.ContentRange);
            Assert.Equal("2345", await new StreamReader(ranged.ResponseStream).ReadToEndAsync());
        }

        Assert.Equal("789"u8.ToArray(), await GetAsync("range", new ByteRange("bytes=-3")));
        using (var part = await S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "range", PartNumber = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, part.HttpStatusCode);
            Assert.Equal("0123456789", await new StreamReader(part.ResponseStream).ReadToEndAsync());
        }

        using (var overridden = await S3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = Bucket,
            Key = "range",
            ResponseHeaderOverrides = new ResponseHeaderOverrides { ContentType = "text/x-override" },
        }))
        {
            Assert.Equal("text/x-override", overridden.Headers.ContentType);
        }

        var unsatisfiable = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "range", ByteRange = new ByteRange("bytes=50-60") }));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
        var notModified = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "range", EtagToNotMatch = put.ETag }));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        var failed = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "range", EtagToMatch = "\"nope\"" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.StatusCode);
    }

    [Fact]
    public async Task Copies_of_inline_sources_stay_inline_and_large_copies_are_files()
    {
        var small = Bytes(1000, 1);
        await PutAsync("copy/source", small);
        var copied = await S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = Bucket, SourceKey = "copy/source", DestinationBucket = Bucket, DestinationKey = "copy/target" });
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(small)) + "\"", copied.ETag);
        Assert.Equal(small, await GetAsync("copy/target"));
        Assert.Empty(await ObjectFilesAsync());

        // A large source is a file, and so is its copy.
        var large = Bytes(Threshold + 10, 2);
        await PutAsync("copy/large", large);
        await S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = Bucket, SourceKey = "copy/large", DestinationBucket = Bucket, DestinationKey = "copy/large-copy" });
        Assert.Equal(large, await GetAsync("copy/large-copy"));
        Assert.Equal(2, (await ObjectFilesAsync()).Length);
    }

    [Fact]
    public async Task UploadPartCopy_from_an_inline_source_completes_into_a_file()
    {
        var first = Bytes(5 * 1024 * 1024, 3);
        var tail = Bytes(3000, 4);
        await PutAsync("mp/source", tail);
        Assert.Empty(await ObjectFilesAsync());

        var create = await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = "mp/target" });
        var p1 = await S3.UploadPartAsync(new UploadPartRequest { BucketName = Bucket, Key = "mp/target", UploadId = create.UploadId, PartNumber = 1, InputStream = new MemoryStream(first) });
        var p2 = await S3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = Bucket,
            SourceKey = "mp/source",
            DestinationBucket = Bucket,
            DestinationKey = "mp/target",
            UploadId = create.UploadId,
            PartNumber = 2,
            FirstByte = 100,
            LastByte = 2999,
        });
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(tail.AsSpan(100))) + "\"", p2.ETag);
        Assert.Equal(2, (await ObjectFilesAsync()).Length);

        await S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = "mp/target",
            UploadId = create.UploadId,
            PartETags = [new PartETag(1, p1.ETag), new PartETag(2, p2.ETag)],
        });

        byte[] expected = [.. first, .. tail[100..]];
        Assert.Equal(expected, await GetAsync("mp/target"));
        Assert.Equal(tail, await GetAsync("mp/source"));

        // The parts are gone; the completed object is the one file.
        Assert.Single(await ObjectFilesAsync());
    }

    [Fact]
    public async Task Overwrites_and_deletes_between_inline_and_file_objects()
    {
        var small = Bytes(10, 5);
        var large = Bytes(Threshold + 1, 6);
        await PutAsync("k", small);
        await PutAsync("k", large);
        Assert.Equal(large, await GetAsync("k"));
        Assert.Single(await ObjectFilesAsync());

        // Overwriting a file with a small object removes the file.
        var smaller = Bytes(20, 8);
        await PutAsync("k", smaller);
        Assert.Equal(smaller, await GetAsync("k"));
        Assert.Empty(await ObjectFilesAsync());

        await PutAsync("k", small);
        Assert.Equal(small, await GetAsync("k"));
        var listed = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket });
        Assert.Equal(10, Assert.Single(listed.S3Objects).Size);

        await S3.DeleteObjectAsync(Bucket, "k");
        var gone = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetObjectAsync(Bucket, "k"));
        Assert.Equal("NoSuchKey", gone.ErrorCode);
        Assert.Empty(await ObjectFilesAsync());
    }

    [Fact]
    public async Task Versions_of_an_inline_object_are_read_by_version_id()
    {
        await Server.Lightsail.CallOkAsync("UpdateBucket", $$"""{"bucketName":"{{Bucket}}","versioning":"Enabled"}""");
        var v1 = await PutAsync("v", "first"u8.ToArray());
        await PutAsync("v", "second"u8.ToArray());

        using var old = await S3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = "v", VersionId = v1.VersionId });
        Assert.Equal("first", await new StreamReader(old.ResponseStream).ReadToEndAsync());
        Assert.Equal("second"u8.ToArray(), await GetAsync("v"));
        Assert.Empty(await ObjectFilesAsync());
    }

    [Fact]
    public async Task A_small_put_with_a_bad_Content_MD5_stores_nothing()
    {
        var data = Bytes(100, 9);
        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = "bad",
            InputStream = new MemoryStream(data),
            MD5Digest = Convert.ToBase64String(MD5.HashData("other"u8)),
        }));
        Assert.Equal("BadDigest", refused.ErrorCode);

        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetObjectAsync(Bucket, "bad"));
        Assert.Equal("NoSuchKey", missing.ErrorCode);
        Assert.Empty(await ObjectFilesAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Server.Server.DataDirectory, "tmp")));
    }
}
