using System.Buffers;
using System.Security.Cryptography;
using LocalSail.Server.DataPlane.Payload;
using LocalSail.Server.Storage.Objects;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.DataPlane;

/// <summary>
/// Receives a request body into a committed blob, or copies stored bytes into a new one: temporary file,
/// verified while streaming, flushed and renamed into place. Nothing is kept when verification fails.
/// </summary>
public sealed class BlobTransfer(IBlobStore blobs, ILogger<BlobTransfer> logger)
{
    /// <summary>The largest single PUT or part: 5 GiB.</summary>
    public const long MaxPutBytes = 5L * 1024 * 1024 * 1024;

    private const int CopyBufferSize = 128 * 1024;

    public IBlobStore Blobs => blobs;

    /// <summary>Streams the request body into a new blob of the bucket; the blob name, or the payload's error.</summary>
    public async Task<(string? Blob, PayloadResult Result)> ReceiveAsync(S3RequestContext context, string? defaultChecksumAlgorithm = null)
    {
        var (spec, specError) = PayloadSpec.FromRequest(context.Request, context.Signed);
        if (specError is not null)
        {
            return (null, PayloadResult.Fail(specError));
        }

        if (spec!.ChecksumAlgorithm is null && defaultChecksumAlgorithm is not null)
        {
            spec = spec with { ChecksumAlgorithm = defaultChecksumAlgorithm };
        }

        using var writer = blobs.CreateTemporary();
        var result = await PayloadReader.CopyAsync(context.Request.Body, spec, writer.Stream, MaxPutBytes, context.Aborted);
        if (result.Error is not null)
        {
            return (null, result);
        }

        return (blobs.Commit(writer, context.Bucket.Id), result);
    }

    /// <summary>
    /// Copies byte ranges of stored blobs, in order, into a new blob; its MD5 (empty unless
    /// <paramref name="computeMd5"/>) and checksum.
    /// </summary>
    public async Task<(string Blob, byte[] Md5, string? Checksum)> CopyAsync(
        IReadOnlyList<(string Path, long Offset, long Length)> sources,
        string bucketId,
        string? checksumAlgorithm,
        CancellationToken cancellationToken,
        bool computeMd5 = true)
    {
        using var writer = blobs.CreateTemporary();
        using var md5 = computeMd5 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
        var checksum = checksumAlgorithm is null ? null : ChecksumAlgorithms.Create(checksumAlgorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            foreach (var (path, offset, length) in sources)
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var position = offset;
                var remaining = length;
                while (remaining > 0)
                {
                    var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, (int)Math.Min(CopyBufferSize, remaining)), position, cancellationToken);
                    if (read == 0)
                    {
                        throw new IOException($"The blob {Path.GetFileName(path)} is shorter than its metadata says.");
                    }

                    md5?.AppendData(buffer, 0, read);
                    checksum?.Append(buffer.AsSpan(0, read));
                    await writer.Stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    position += read;
                    remaining -= read;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var blob = blobs.Commit(writer, bucketId);
        return (blob, md5?.GetHashAndReset() ?? [], checksum is null ? null : Convert.ToBase64String(checksum.GetValue()));
    }

    /// <summary>Removes blobs no longer referenced (after the metadata commit that dropped them).</summary>
    public void Delete(string bucketId, IEnumerable<string> unreachable)
    {
        foreach (var blob in unreachable)
        {
            try
            {
                blobs.Delete(bucketId, blob);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Could not remove blob {Blob}", blob);
            }
        }
    }
}
