using LocalSail.Server.Storage;

namespace LocalSail.Server.DataPlane;

/// <summary>The control plane store, dropping a bucket from <see cref="BucketCache"/> whenever it changes.</summary>
public sealed class BucketCacheInvalidatingStore(IControlPlaneStore inner, BucketCache cache) : IControlPlaneStore
{
    public IControlPlaneStore Inner => inner;

    public async Task<CreateBucketOutcome> CreateBucketAsync(BucketRecord bucket, OperationRecord operation, CancellationToken cancellationToken)
    {
        var outcome = await inner.CreateBucketAsync(bucket, operation, cancellationToken);
        cache.Invalidate(bucket.Name);
        return outcome;
    }

    public Task<BucketRecord?> GetBucketAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken) =>
        inner.GetBucketAsync(scope, bucketName, cancellationToken);

    public Task<BucketRecord?> FindBucketAsync(string bucketName, CancellationToken cancellationToken) =>
        inner.FindBucketAsync(bucketName, cancellationToken);

    public Task<IReadOnlyList<BucketRecord>> ListBucketsAsync(ResourceScope scope, string? afterName, int limit, CancellationToken cancellationToken) =>
        inner.ListBucketsAsync(scope, afterName, limit, cancellationToken);

    public async Task<UpdateBucketOutcome> UpdateBucketAsync(ResourceScope scope, string bucketName, Func<BucketRecord, BucketChange> change, CancellationToken cancellationToken)
    {
        cache.Invalidate(bucketName);
        try
        {
            return await inner.UpdateBucketAsync(scope, bucketName, change, cancellationToken);
        }
        finally
        {
            cache.Invalidate(bucketName);
        }
    }

    public async Task<DeleteBucketResult> DeleteBucketAsync(ResourceScope scope, string bucketName, bool forceDelete, OperationRecord operation, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.DeleteBucketAsync(scope, bucketName, forceDelete, operation, cancellationToken);
        }
        finally
        {
            cache.Invalidate(bucketName);
        }
    }

    public Task<IReadOnlyList<string>> ListDeletedBucketsAsync(int limit, CancellationToken cancellationToken) =>
        inner.ListDeletedBucketsAsync(limit, cancellationToken);

    public Task RecordDeletedBucketAsync(string bucketId, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.RecordDeletedBucketAsync(bucketId, now, cancellationToken);

    public Task ForgetDeletedBucketAsync(string bucketId, CancellationToken cancellationToken) =>
        inner.ForgetDeletedBucketAsync(bucketId, cancellationToken);

    public Task<CreateAccessKeyOutcome> CreateAccessKeyAsync(AccessKeyRecord key, int maxKeysPerBucket, OperationRecord operation, CancellationToken cancellationToken) =>
        inner.CreateAccessKeyAsync(key, maxKeysPerBucket, operation, cancellationToken);

    public Task<IReadOnlyList<AccessKeyRecord>> ListAccessKeysAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken) =>
        inner.ListAccessKeysAsync(scope, bucketName, cancellationToken);

    public Task<bool> DeleteAccessKeyAsync(ResourceScope scope, string bucketName, string accessKeyId, OperationRecord operation, CancellationToken cancellationToken) =>
        inner.DeleteAccessKeyAsync(scope, bucketName, accessKeyId, operation, cancellationToken);

    public Task<AccessKeyRecord?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        inner.FindAccessKeyAsync(accessKeyId, cancellationToken);

    public Task RecordAccessKeyUseAsync(IReadOnlyCollection<KeyValuePair<string, AccessKeyUse>> uses, CancellationToken cancellationToken) =>
        inner.RecordAccessKeyUseAsync(uses, cancellationToken);

    public Task<OperationRecord?> GetOperationAsync(ResourceScope scope, string operationId, CancellationToken cancellationToken) =>
        inner.GetOperationAsync(scope, operationId, cancellationToken);

    public Task<IReadOnlyList<OperationRecord>> ListOperationsAsync(ResourceScope scope, string? resourceName, int offset, int limit, CancellationToken cancellationToken) =>
        inner.ListOperationsAsync(scope, resourceName, offset, limit, cancellationToken);
}
