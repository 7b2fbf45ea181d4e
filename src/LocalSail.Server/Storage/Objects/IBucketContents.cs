using LocalSail.Server.Storage;

namespace LocalSail.Server.Storage.Objects;

/// <summary>What the control plane needs to know of a bucket's objects, answered by the data plane.</summary>
internal interface IBucketContents
{
    /// <summary>Object count and bytes stored (all versions), and whether any multipart upload is open.</summary>
    Task<BucketUsage> GetUsageAsync(BucketRecord bucket, CancellationToken cancellationToken);

    /// <summary>
    /// Removes every object, version and upload of a deleted bucket, bytes and metadata; what a failure or
    /// a crash leaves is finished by a later sweep.
    /// </summary>
    Task PurgeAsync(BucketRecord bucket, CancellationToken cancellationToken);
}

internal sealed record BucketUsage(long ObjectCount, long SizeBytes, long OpenUploads)
{
    public bool IsEmpty => ObjectCount == 0 && OpenUploads == 0;
}
