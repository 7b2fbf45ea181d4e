using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Server.DataPlane.Payload;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// A multipart upload started through AWSSDK.S3 with all its parts uploaded, ready to be completed: the steps
/// before CompleteMultipartUpload, so that a test shows only what it checks there.
/// </summary>
/// <param name="s3">The client that started the upload, which completes it.</param>
/// <param name="bucket">The upload's bucket.</param>
/// <param name="key">The object's key.</param>
/// <param name="uploadId">The upload's id.</param>
/// <param name="parts">The parts' numbers, ETags and checksums, as CompleteMultipartUpload takes them.</param>
internal sealed class UploadedParts(AmazonS3Client s3, string bucket, string key, string uploadId, List<PartETag> parts)
{
    public string UploadId => uploadId;

    /// <summary>Creates the upload and uploads <paramref name="parts"/> in order, numbered from 1.</summary>
    /// <param name="algorithm">CRC32, CRC32C or CRC64NVME: the upload's checksum algorithm, and each part's checksum is sent; null for none.</param>
    /// <param name="checksumType">FULL_OBJECT or COMPOSITE; null leaves it to the server.</param>
    public static async Task<UploadedParts> UploadAsync(AmazonS3Client s3, string bucket, string key, IReadOnlyList<byte[]> parts, string? algorithm = null, ChecksumType? checksumType = null)
    {
        var create = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = bucket,
            Key = key,
            ChecksumAlgorithm = algorithm is null ? null : new ChecksumAlgorithm(algorithm),
            ChecksumType = checksumType,
        });
        var etags = new List<PartETag>();
        for (var i = 0; i < parts.Count; i++)
        {
            var request = new UploadPartRequest { BucketName = bucket, Key = key, UploadId = create.UploadId, PartNumber = i + 1, InputStream = new MemoryStream(parts[i]) };
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

            var uploaded = await s3.UploadPartAsync(request);
            etags.Add(new PartETag(uploaded)
            {
                ChecksumCRC32 = uploaded.ChecksumCRC32,
                ChecksumCRC32C = uploaded.ChecksumCRC32C,
                ChecksumCRC64NVME = uploaded.ChecksumCRC64NVME,
            });
        }

        return new UploadedParts(s3, bucket, key, create.UploadId, etags);
    }

    /// <summary>A CompleteMultipartUpload request for this upload and all its parts, which <paramref name="change"/> may add to.</summary>
    public CompleteMultipartUploadRequest Completion(Action<CompleteMultipartUploadRequest>? change = null)
    {
        var request = new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId, PartETags = parts };
        change?.Invoke(request);
        return request;
    }

    /// <summary>Sends <see cref="Completion"/>.</summary>
    public Task<CompleteMultipartUploadResponse> CompleteAsync(Action<CompleteMultipartUploadRequest>? change = null) =>
        s3.CompleteMultipartUploadAsync(Completion(change));
}
