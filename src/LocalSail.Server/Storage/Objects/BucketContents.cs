namespace LocalSail.Server.Storage.Objects;

/// <summary>The control plane's view of a bucket's objects: usage for metrics and DeleteBucket, and purge.</summary>
public sealed class BucketContents(IObjectMetadataStore metadata, IBlobStore blobs) : IBucketContents
{
    public Task<BucketUsage> GetUsageAsync(BucketRecord bucket, CancellationToken cancellationToken) =>
        metadata.GetUsageAsync(bucket.Id, cancellationToken);

    public async Task PurgeAsync(BucketRecord bucket, CancellationToken cancellationToken)
    {
        // Metadata first: once it is gone nothing refers to the bytes.
        await metadata.PurgeAsync(bucket.Id, cancellationToken);
        blobs.DeleteBucket(bucket.Id);
    }
}
