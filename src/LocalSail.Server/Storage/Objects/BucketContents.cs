using LocalSail.Server.Objects;

namespace LocalSail.Server.Storage.Objects;

/// <summary>The control plane's view of a bucket's objects: usage for metrics and DeleteBucket, and purge.</summary>
internal sealed class BucketContents(IObjectMetadataStore metadata, BucketPurger purger) : IBucketContents
{
    public Task<BucketUsage> GetUsageAsync(BucketRecord bucket, CancellationToken cancellationToken) =>
        metadata.GetUsageAsync(bucket.Id, cancellationToken);

    public Task PurgeAsync(BucketRecord bucket, CancellationToken cancellationToken) =>
        purger.PurgeAsync(bucket.Id, cancellationToken);
}
