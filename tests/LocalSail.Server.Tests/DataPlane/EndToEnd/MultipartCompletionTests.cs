using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Server.DataPlane.Payload;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// AWSSDK.S3: what CompleteMultipartUpload answers as S3 does: the object's full checksum and composite checksums,
/// If-None-Match and If-Match, and a retry of a completion whose answer was lost.
/// </summary>
public sealed class MultipartCompletionTests : IAsyncLifetime
{
    private const int PartSize = 5 * 1024 * 1024;

    private S3TestServer _server = null!;
    private string _bucket = null!;
    private Credentials _key = null!;
    private AmazonS3Client _s3 = null!;

    public async Task InitializeAsync() => (_server, _bucket, _key, _s3) = await S3TestServer.StartWithBucketAsync("complete");

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("CRC32")]
    [InlineData("CRC32C")]
    [InlineData("CRC64NVME")]
    public async Task The_objects_full_checksum_is_accepted(string algorithm)
    {
        var key = "full/" + algorithm;
        var (parts, whole) = Parts(7);
        var create = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = key,
            ChecksumAlgorithm = new ChecksumAlgorithm(algorithm),
            ChecksumType = ChecksumType.FULL_OBJECT,
        });
        var etags = await UploadAsync(key, create.UploadId, parts, algorithm);
        var expected = ChecksumAlgorithms.ComputeBase64(algorithm, whole);

        var complete = new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = key,
            UploadId = create.UploadId,
            PartETags = etags,
            ChecksumType = ChecksumType.FULL_OBJECT,
            MpuObjectSize = whole.Length,
        };
        SetChecksum(complete, algorithm, expected);
        var completed = await _s3.CompleteMultipartUploadAsync(complete);
        Assert.Equal(HttpStatusCode.OK, completed.HttpStatusCode);

        var head = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key, ChecksumMode = ChecksumMode.ENABLED });
        Assert.Equal(expected, Checksum(head, algorithm));
        Assert.Equal(ChecksumType.FULL_OBJECT, head.ChecksumType);
    }

    [Fact]
    public async Task A_wrong_full_checksum_is_BadDigest_and_nothing_is_stored()
    {
        var (parts, whole) = Parts(3);
        var create = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "full/wrong",
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
            ChecksumType = ChecksumType.FULL_OBJECT,
        });
        var etags = await UploadAsync("full/wrong", create.UploadId, parts, "CRC32");
        var wrong = ChecksumAlgorithms.ComputeBase64("CRC32", whole[1..]);
        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "full/wrong",
            UploadId = create.UploadId,
            PartETags = etags,
            ChecksumType = ChecksumType.FULL_OBJECT,
            ChecksumCRC32 = wrong,
        }));
        Assert.Equal("BadDigest", refused.ErrorCode);
        Assert.Equal("NotFound", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(_bucket, "full/wrong"))).ErrorCode);
    }

    [Fact]
    public async Task Composite_checksums_are_checked_as_the_checksum_of_the_parts_checksums()
    {
        var (parts, _) = Parts(11);
        var create = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "composite",
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32C,
            ChecksumType = ChecksumType.COMPOSITE,
        });
        var etags = await UploadAsync("composite", create.UploadId, parts, "CRC32C");
        var partChecksums = parts.SelectMany(p => Convert.FromBase64String(ChecksumAlgorithms.ComputeBase64("CRC32C", p))).ToArray();
        var composite = ChecksumAlgorithms.ComputeBase64("CRC32C", partChecksums) + "-2";

        var wrong = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "composite",
            UploadId = create.UploadId,
            PartETags = etags,
            ChecksumCRC32C = "AAAAAA==-2",
        }));
        Assert.Equal("BadDigest", wrong.ErrorCode);

        var completed = await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "composite",
            UploadId = create.UploadId,
            PartETags = etags,
            ChecksumCRC32C = composite,
        });
        Assert.Equal(composite, completed.ChecksumCRC32C);
        Assert.Equal(ChecksumType.COMPOSITE, completed.ChecksumType);
    }

    [Fact]
    public async Task If_None_Match_refuses_to_replace_an_object_and_the_upload_stays_completable()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "guarded", ContentBody = "first" });
        var (parts, whole) = Parts(5);
        var create = await _s3.InitiateMultipartUploadAsync(_bucket, "guarded");
        var etags = await UploadAsync("guarded", create.UploadId, parts, null);

        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "guarded",
            UploadId = create.UploadId,
            PartETags = etags,
            IfNoneMatch = "*",
        }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("PreconditionFailed", refused.ErrorCode);
        using (var kept = await _s3.GetObjectAsync(_bucket, "guarded"))
        {
            Assert.Equal("first", await new StreamReader(kept.ResponseStream).ReadToEndAsync());
        }

        await _s3.DeleteObjectAsync(_bucket, "guarded");
        var completed = await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "guarded",
            UploadId = create.UploadId,
            PartETags = etags,
            IfNoneMatch = "*",
        });
        Assert.Equal(HttpStatusCode.OK, completed.HttpStatusCode);
        var head = await _s3.GetObjectMetadataAsync(_bucket, "guarded");
        Assert.Equal(whole.Length, head.ContentLength);
    }

    [Fact]
    public async Task If_Match_refuses_another_ETag_and_a_missing_object()
    {
        var (parts, _) = Parts(2);
        var missing = await _s3.InitiateMultipartUploadAsync(_bucket, "matched/missing");
        var missingEtags = await UploadAsync("matched/missing", missing.UploadId, parts, null);
        var noKey = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "matched/missing",
            UploadId = missing.UploadId,
            PartETags = missingEtags,
            IfMatch = "\"0123456789abcdef0123456789abcdef\"",
        }));
        Assert.Equal("NoSuchKey", noKey.ErrorCode);

        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "matched", ContentBody = "current" });
        var create = await _s3.InitiateMultipartUploadAsync(_bucket, "matched");
        var etags = await UploadAsync("matched", create.UploadId, parts, null);
        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "matched",
            UploadId = create.UploadId,
            PartETags = etags,
            IfMatch = "\"0123456789abcdef0123456789abcdef\"",
        }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);

        var completed = await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "matched",
            UploadId = create.UploadId,
            PartETags = etags,
            IfMatch = put.ETag,
        });
        Assert.EndsWith("-2\"", completed.ETag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_completion_gets_the_completed_objects_answer()
    {
        var (parts, _) = Parts(13);
        var create = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "retried",
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
        });
        var etags = await UploadAsync("retried", create.UploadId, parts, "CRC32");
        var request = new CompleteMultipartUploadRequest { BucketName = _bucket, Key = "retried", UploadId = create.UploadId, PartETags = etags };
        var first = await _s3.CompleteMultipartUploadAsync(request);
        var again = await _s3.CompleteMultipartUploadAsync(request);
        Assert.Equal(HttpStatusCode.OK, again.HttpStatusCode);
        Assert.Equal(first.ETag, again.ETag);
        Assert.Equal(first.ChecksumCRC32, again.ChecksumCRC32);
        Assert.Equal(first.Key, again.Key);

        // Another key's upload id is still unknown there, and an aborted upload stays gone.
        var other = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest { BucketName = _bucket, Key = "retried-elsewhere", UploadId = create.UploadId, PartETags = etags }));
        Assert.Equal("NoSuchUpload", other.ErrorCode);
        var listed = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket });
        Assert.DoesNotContain(listed.MultipartUploads ?? [], u => u.UploadId == create.UploadId);
    }

    [Theory]
    [InlineData("bytes=0-10")]
    [InlineData("bytes=5-20")]
    [InlineData("bytes=10-12")]
    public async Task UploadPartCopy_refuses_a_range_past_the_sources_end(string range)
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "ten", ContentBody = "0123456789" });
        var create = await _s3.InitiateMultipartUploadAsync(_bucket, "copied");
        using var raw = new RawS3Client(_server.Server.Endpoint);
        var reply = await raw.SendAsync(
            HttpMethod.Put,
            $"{_server.EndpointUrl}/{_bucket}/copied?partNumber=1&uploadId={create.UploadId}",
            _key,
            headers: new Dictionary<string, string> { ["x-amz-copy-source"] = $"{_bucket}/ten", ["x-amz-copy-source-range"] = range });
        Assert.Equal(400, reply.Status);
        Assert.Equal("InvalidArgument", reply.ErrorCode);
        Assert.Contains("Range specified is not valid for source object of size: 10", reply.Text, StringComparison.Ordinal);
        var parts = await _s3.ListPartsAsync(new ListPartsRequest { BucketName = _bucket, Key = "copied", UploadId = create.UploadId });
        Assert.Empty(parts.Parts ?? []);

        var within = await raw.SendAsync(
            HttpMethod.Put,
            $"{_server.EndpointUrl}/{_bucket}/copied?partNumber=1&uploadId={create.UploadId}",
            _key,
            headers: new Dictionary<string, string> { ["x-amz-copy-source"] = $"{_bucket}/ten", ["x-amz-copy-source-range"] = "bytes=2-9" });
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

    private async Task<List<PartETag>> UploadAsync(string key, string uploadId, byte[][] parts, string? algorithm)
    {
        var etags = new List<PartETag>();
        for (var i = 0; i < parts.Length; i++)
        {
            var request = new UploadPartRequest { BucketName = _bucket, Key = key, UploadId = uploadId, PartNumber = i + 1, InputStream = new MemoryStream(parts[i]) };
            // The part's checksum is given, as the SDK computes CRC32C and CRC64NVME only with its native runtime.
            switch (algorithm)
            {
                case "CRC32":
                    request.ChecksumCRC32 = ChecksumAlgorithms.ComputeBase64(algorithm, parts[i]);
                    break;
                case "CRC32C":
                    request.ChecksumCRC32C = ChecksumAlgorithms.ComputeBase64(algorithm, parts[i]);
                    break;
                case "CRC64NVME":
                    request.ChecksumCRC64NVME = ChecksumAlgorithms.ComputeBase64(algorithm, parts[i]);
                    break;
            }

            var uploaded = await _s3.UploadPartAsync(request);
            etags.Add(new PartETag(uploaded)
            {
                ChecksumCRC32 = uploaded.ChecksumCRC32,
                ChecksumCRC32C = uploaded.ChecksumCRC32C,
                ChecksumCRC64NVME = uploaded.ChecksumCRC64NVME,
            });
        }

        return etags;
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
