using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Server.DataPlane.Payload;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// AWSSDK.S3: what CompleteMultipartUpload answers as S3 does: the object's full checksum and composite checksums,
/// If-None-Match and If-Match, and a retry of a completion whose answer was lost.
/// </summary>
public sealed class MultipartCompletionTests() : S3BucketTests("complete")
{
    private const int PartSize = 5 * 1024 * 1024;

    [Theory]
    [InlineData("CRC32")]
    [InlineData("CRC32C")]
    [InlineData("CRC64NVME")]
    public async Task The_objects_full_checksum_is_accepted(string algorithm)
    {
        var key = "full/" + algorithm;
        var (parts, whole) = Parts(7);
        var upload = await UploadedParts.UploadAsync(S3, Bucket, key, parts, algorithm, ChecksumType.FULL_OBJECT);
        var expected = ChecksumAlgorithms.ComputeBase64(algorithm, whole);

        var completed = await upload.CompleteAsync(complete =>
        {
            complete.ChecksumType = ChecksumType.FULL_OBJECT;
            complete.MpuObjectSize = whole.Length;
            SetChecksum(complete, algorithm, expected);
        });
        Assert.Equal(HttpStatusCode.OK, completed.HttpStatusCode);

        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key, ChecksumMode = ChecksumMode.ENABLED });
        Assert.Equal(expected, Checksum(head, algorithm));
        Assert.Equal(ChecksumType.FULL_OBJECT, head.ChecksumType);
    }

    [Fact]
    public async Task A_wrong_full_checksum_is_BadDigest_and_nothing_is_stored()
    {
        var (parts, whole) = Parts(3);
        var upload = await UploadedParts.UploadAsync(S3, Bucket, "full/wrong", parts, "CRC32", ChecksumType.FULL_OBJECT);
        var wrong = ChecksumAlgorithms.ComputeBase64("CRC32", whole[1..]);
        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => upload.CompleteAsync(complete =>
        {
            complete.ChecksumType = ChecksumType.FULL_OBJECT;
            complete.ChecksumCRC32 = wrong;
        }));
        Assert.Equal("BadDigest", refused.ErrorCode);
        Assert.Equal("NotFound", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetObjectMetadataAsync(Bucket, "full/wrong"))).ErrorCode);
    }

    [Fact]
    public async Task Composite_checksums_are_checked_as_the_checksum_of_the_parts_checksums()
    {
        var (parts, _) = Parts(11);
        var upload = await UploadedParts.UploadAsync(S3, Bucket, "composite", parts, "CRC32C", ChecksumType.COMPOSITE);
        var partChecksums = parts.SelectMany(p => Convert.FromBase64String(ChecksumAlgorithms.ComputeBase64("CRC32C", p))).ToArray();
        var composite = ChecksumAlgorithms.ComputeBase64("CRC32C", partChecksums) + "-2";

        var wrong = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => upload.CompleteAsync(complete => complete.ChecksumCRC32C = "AAAAAA==-2"));
        Assert.Equal("BadDigest", wrong.ErrorCode);

        var completed = await upload.CompleteAsync(complete => complete.ChecksumCRC32C = composite);
        Assert.Equal(composite, completed.ChecksumCRC32C);
        Assert.Equal(ChecksumType.COMPOSITE, completed.ChecksumType);
    }

    [Fact]
    public async Task If_None_Match_refuses_to_replace_an_object_and_the_upload_stays_completable()
    {
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "guarded", ContentBody = "first" });
        var (parts, whole) = Parts(5);
        var upload = await UploadedParts.UploadAsync(S3, Bucket, "guarded", parts);

        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => upload.CompleteAsync(complete => complete.IfNoneMatch = "*"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("PreconditionFailed", refused.ErrorCode);
        using (var kept = await S3.GetObjectAsync(Bucket, "guarded"))
        {
            Assert.Equal("first", await new StreamReader(kept.ResponseStream).ReadToEndAsync());
        }

        await S3.DeleteObjectAsync(Bucket, "guarded");
        var completed = await upload.CompleteAsync(complete => complete.IfNoneMatch = "*");
        Assert.Equal(HttpStatusCode.OK, completed.HttpStatusCode);
        var head = await S3.GetObjectMetadataAsync(Bucket, "guarded");
        Assert.Equal(whole.Length, head.ContentLength);
    }

    [Fact]
    public async Task If_Match_refuses_another_ETag_and_a_missing_object()
    {
        var (parts, _) = Parts(2);
        var missing = await UploadedParts.UploadAsync(S3, Bucket, "matched/missing", parts);
        var noKey = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => missing.CompleteAsync(complete => complete.IfMatch = "\"0123456789abcdef0123456789abcdef\""));
        Assert.Equal("NoSuchKey", noKey.ErrorCode);

        var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "matched", ContentBody = "current" });
        var upload = await UploadedParts.UploadAsync(S3, Bucket, "matched", parts);
        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => upload.CompleteAsync(complete => complete.IfMatch = "\"0123456789abcdef0123456789abcdef\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);

        var completed = await upload.CompleteAsync(complete => complete.IfMatch = put.ETag);
        Assert.EndsWith("-2\"", completed.ETag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_completion_gets_the_completed_objects_answer()
    {
        var (parts, _) = Parts(13);
        var upload = await UploadedParts.UploadAsync(S3, Bucket, "retried", parts, "CRC32");
        var request = upload.Completion();
        var first = await S3.CompleteMultipartUploadAsync(request);
        var again = await S3.CompleteMultipartUploadAsync(request);
        Assert.Equal(HttpStatusCode.OK, again.HttpStatusCode);
        Assert.Equal(first.ETag, again.ETag);
        Assert.Equal(first.ChecksumCRC32, again.ChecksumCRC32);
        Assert.Equal(first.Key, again.Key);

        // Another key's upload id is still unknown there, and an aborted upload stays gone.
        var other = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => upload.CompleteAsync(complete => complete.Key = "retried-elsewhere"));
        Assert.Equal("NoSuchUpload", other.ErrorCode);
        var listed = await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = Bucket });
        Assert.DoesNotContain(listed.MultipartUploads ?? [], u => u.UploadId == upload.UploadId);
    }

    [Theory]
    [InlineData("bytes=0-10")]
    [InlineData("bytes=5-20")]
    [InlineData("bytes=10-12")]
    public async Task UploadPartCopy_refuses_a_range_past_the_sources_end(string range)
    {
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "ten", ContentBody = "0123456789" });
        var create = await S3.InitiateMultipartUploadAsync(Bucket, "copied");
        var reply = await Raw.SendAsync(
            HttpMethod.Put,
            $"{Server.EndpointUrl}/{Bucket}/copied?partNumber=1&uploadId={create.UploadId}",
            AccessKey,
            headers: new Dictionary<string, string> { ["x-amz-copy-source"] = $"{Bucket}/ten", ["x-amz-copy-source-range"] = range });
        Assert.Equal(400, reply.Status);
        Assert.Equal("InvalidArgument", reply.ErrorCode);
        Assert.Contains("Range specified is not valid for source object of size: 10", reply.Text, StringComparison.Ordinal);
        var parts = await S3.ListPartsAsync(new ListPartsRequest { BucketName = Bucket, Key = "copied", UploadId = create.UploadId });
        Assert.Empty(parts.Parts ?? []);

        var within = await Raw.SendAsync(
            HttpMethod.Put,
            $"{Server.EndpointUrl}/{Bucket}/copied?partNumber=1&uploadId={create.UploadId}",
            AccessKey,
            headers: new Dictionary<string, string> { ["x-amz-copy-source"] = $"{Bucket}/ten", ["x-amz-copy-source-range"] = "bytes=2-9" });
        Assert.Equal(200, within.Status);
    }

    private static (byte[][] Parts, byte[] Whole) Parts(int seed)
    {
        var random = new Random(seed);
        var first = new byte[PartSize];
        var second = new byte[1234];
        random.NextBytes(first);
        random.NextBytes(second);
        return ([first, second], [.. first, .. second]);
    }

    private static void SetChecksum(CompleteMultipartUploadRequest request, string algorithm, string value)
    {
        switch (algorithm)
        {
            case "CRC32":
                request.ChecksumCRC32 = value;
                break;
            case "CRC32C":
                request.ChecksumCRC32C = value;
                break;
            default:
                request.ChecksumCRC64NVME = value;
                break;
        }
    }

    private static string? Checksum(GetObjectMetadataResponse head, string algorithm) => algorithm switch
    {
        "CRC32" => head.ChecksumCRC32,
        "CRC32C" => head.ChecksumCRC32C,
        _ => head.ChecksumCRC64NVME,
    };
}
