using System.Security.Cryptography;
using System.Text;
using LocalSail.Server.DataPlane;
using LocalSail.Server.Objects;
using LocalSail.Server.Storage;

namespace LocalSail.Server.AccessLogs;

/// <summary>
/// Writes a batch as an ordinary object of the destination bucket, through the object service (so it lists,
/// versions and reads like any other), named <c>prefix</c> + the batch's name. The write is conditional
/// (<c>If-None-Match: *</c>, checked in its commit): a batch delivered again after a crash finds its object
/// already there and writes nothing, so no line is delivered twice.
/// </summary>
internal sealed class AccessLogObjectWriter(IControlPlaneStore store, ObjectService objects, IBlobStore blobs, TimeProvider clock) : IAccessLogWriter
{
    private static readonly IReadOnlyList<KeyValuePair<string, string>> TextHeaders = [new("Content-Type", "text/plain")];

    public async Task<AccessLogWrite> WriteAsync(AccessLogBatch batch, CancellationToken cancellationToken)
    {
        var source = await store.FindBucketAsync(batch.SourceBucket, cancellationToken);
        if (source is null || source.Id != batch.SourceBucketId)
        {
            return AccessLogWrite.Drop("the bucket no longer exists");
        }

        if (source.AccessLog is not { Enabled: true, Destination: { } destinationName } log)
        {
            return AccessLogWrite.Drop("its access logging is no longer enabled");
        }

        var destination = await store.FindBucketAsync(destinationName, cancellationToken);
        if (destination is null || destination.Scope != source.Scope)
        {
            return AccessLogWrite.Drop($"its destination bucket {destinationName} does not exist in its account and region");
        }

        var key = (log.Prefix ?? string.Empty) + batch.Name;
        var bytes = Content(batch.Lines);
        string? blob = null;
        byte[]? inline = null;
        if (bytes.Length <= BlobTransfer.MaxInlineBytes)
        {
            inline = bytes;
        }
        else
        {
            await using var writer = blobs.CreateWriter(destination.Id);
            await writer.Stream.WriteAsync(bytes, cancellationToken);
            blob = await writer.CommitAsync(cancellationToken);
        }

        var version = new ObjectRecord
        {
            BucketId = destination.Id,
            Key = key,
            Size = bytes.Length,
            ETag = Convert.ToHexStringLower(MD5.HashData(bytes)),
            LastModified = clock.GetUtcNow(),
            Blob = blob,
            InlineData = inline,
            Headers = TextHeaders,
        };
        var written = await objects.PutAsync(destination.Versioning, version, new WriteConditions(null, WriteConditions.Any), cancellationToken);

        // Refused only when the object is already there: the batch was written before, by this deliverer or another.
        return written.Written || written.Status == WriteStatus.PreconditionFailed
            ? AccessLogWrite.Written(key)
            : throw new InvalidOperationException($"The access log object {key} could not be written: {written.Status}.");
    }

    /// <summary>The lines, each ending in a line feed, as UTF-8.</summary>
    public static byte[] Content(IReadOnlyList<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
