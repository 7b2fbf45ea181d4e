namespace LocalSail.Server.Storage;

/// <summary>
/// Buckets, access keys and operations. Every change is committed together with the operations that
/// record it; expected misses come back as outcomes, not exceptions. A store announces each committed
/// change that caches must forget (a bucket created, changed or deleted, keys deleted) on
/// <see cref="ControlPlaneChanges"/> before the call returns.
/// </summary>
internal interface IControlPlaneStore
{
    Task<CreateBucketOutcome> CreateBucketAsync(BucketRecord bucket, OperationRecord operation, CancellationToken cancellationToken);

    Task<BucketRecord?> GetBucketAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken);

    /// <summary>A bucket by its globally unique name, whatever its account and region (the S3 endpoint's lookup).</summary>
    Task<BucketRecord?> FindBucketAsync(string bucketName, CancellationToken cancellationToken);

    /// <summary>Buckets of a scope in name order, after <paramref name="afterName"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<BucketRecord>> ListBucketsAsync(ResourceScope scope, string? afterName, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The names of <see cref="ListBucketsAsync"/>'s buckets alone, for a caller that has the rest of each bucket
    /// in memory; a store that can read names without the settings does so.
    /// </summary>
    async Task<IReadOnlyList<string>> ListBucketNamesAsync(ResourceScope scope, string? afterName, int limit, CancellationToken cancellationToken) =>
        (await ListBucketsAsync(scope, afterName, limit, cancellationToken)).Select(b => b.Name).ToList();

    /// <summary>
    /// Atomically reads, changes and writes a bucket. <paramref name="change"/> runs inside the write
    /// transaction and returns the new record (or null to leave it unchanged) and the operations to record.
    /// </summary>
    Task<UpdateBucketOutcome> UpdateBucketAsync(
        ResourceScope scope,
        string bucketName,
        Func<BucketRecord, BucketChange> change,
        CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the bucket and its access keys, and in the same transaction records the bucket as deleted
    /// until <see cref="ForgetDeletedBucketAsync"/>: its contents are purged after the delete.
    /// </summary>
    Task<DeleteBucketResult> DeleteBucketAsync(ResourceScope scope, string bucketName, bool forceDelete, OperationRecord operation, CancellationToken cancellationToken);

    /// <summary>Ids of deleted buckets whose contents may not be purged yet (oldest first).</summary>
    Task<IReadOnlyList<string>> ListDeletedBucketsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Records a bucket id as deleted (for contents found with no bucket); nothing when it is a live bucket's.</summary>
    Task RecordDeletedBucketAsync(string bucketId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Forgets a deleted bucket once its contents are gone.</summary>
    Task ForgetDeletedBucketAsync(string bucketId, CancellationToken cancellationToken);

    /// <summary>Adds a key unless the bucket already holds <paramref name="maxKeysPerBucket"/>; the count and insert are one transaction.</summary>
    Task<CreateAccessKeyOutcome> CreateAccessKeyAsync(AccessKeyRecord key, int maxKeysPerBucket, OperationRecord operation, CancellationToken cancellationToken);

    Task<IReadOnlyList<AccessKeyRecord>> ListAccessKeysAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken);

    Task<bool> DeleteAccessKeyAsync(ResourceScope scope, string bucketName, string accessKeyId, OperationRecord operation, CancellationToken cancellationToken);

    /// <summary>A key by id in any account (for authentication), with its secret decrypted.</summary>
    Task<AccessKeyRecord?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken);

    /// <summary>Writes a batch of last-used records; keys that no longer exist are ignored.</summary>
    Task RecordAccessKeyUseAsync(IReadOnlyCollection<KeyValuePair<string, AccessKeyUse>> uses, CancellationToken cancellationToken);

    Task<OperationRecord?> GetOperationAsync(ResourceScope scope, string operationId, CancellationToken cancellationToken);

    /// <summary>Operations newest first, optionally for one resource, paged by an opaque offset.</summary>
    Task<IReadOnlyList<OperationRecord>> ListOperationsAsync(ResourceScope scope, string? resourceName, int offset, int limit, CancellationToken cancellationToken);
}

internal enum CreateBucketOutcome
{
    Created,
    NameTaken,
}

/// <summary>What a bucket delete did, and the access keys it deleted with the bucket (they must stop working everywhere).</summary>
internal sealed record DeleteBucketResult(DeleteBucketOutcome Outcome, IReadOnlyList<string> DeletedAccessKeyIds)
{
    public static implicit operator DeleteBucketResult(DeleteBucketOutcome outcome) => new(outcome, []);
}

internal enum DeleteBucketOutcome
{
    Deleted,
    NotFound,
    HasAccessKeys,
}

internal enum CreateAccessKeyOutcome
{
    Created,
    BucketNotFound,
    LimitReached,
}

/// <summary>
/// The result of an update function: the new bucket and the operations to record, or the reason the
/// change is refused (nothing is written then).
/// </summary>
internal sealed record BucketChange(BucketRecord? Updated, IReadOnlyList<OperationRecord> Operations, string? Refusal = null)
{
    public static BucketChange Refuse(string reason) => new(null, [], reason);
}

/// <summary>The bucket after the update (null when it does not exist), the operations recorded, or the refusal.</summary>
internal sealed record UpdateBucketOutcome(BucketRecord? Bucket, IReadOnlyList<OperationRecord> Operations, string? Refusal);
