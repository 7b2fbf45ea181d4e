using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.Objects;

/// <summary>
/// Where object versions, multipart uploads and their parts are kept. A store stores and finds rows, and
/// applies a change to one key in one transaction; what the change is (S3's rules: versioning, delete
/// markers, null versions, conditions) is decided by <see cref="ObjectService"/>, never here. A store for
/// another database implements exactly this.
/// </summary>
internal interface IObjectMetadataStore
{
    /// <summary>The latest version of a key (which may be a delete marker), or the version asked for; with its inline bytes.</summary>
    ValueTask<ObjectRecord?> FindAsync(string bucketId, string key, string? versionId, CancellationToken cancellationToken);

    /// <summary>
    /// Changes one key atomically. <paramref name="decide"/> runs inside the store's write transaction: it reads
    /// the key's versions (and an upload of the key) through the <see cref="KeyVersions"/> it is given, records
    /// what to insert, remove, mark latest or update, and returns its result. The store then applies the
    /// recorded change and commits, durably, before the task completes. <paramref name="decide"/> runs once, must
    /// not block, and sees the key as it was when the change began.
    /// </summary>
    Task<TResult> ChangeKeyAsync<TState, TResult>(
        string bucketId,
        string key,
        TState state,
        Func<KeyVersions, TState, TResult> decide,
        CancellationToken cancellationToken);

    /// <summary>
    /// Latest, non-deleted keys in order with <paramref name="prefix"/>, at or after <paramref name="from"/> and after
    /// <paramref name="after"/>; each record carries what a listing shows (key, size, ETag, last modified, checksum
    /// algorithm and type), not its version, headers, tags, ACL or bytes.
    /// </summary>
    Task<IReadOnlyList<ObjectRecord>> ListAsync(string bucketId, string prefix, string from, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>All versions with <paramref name="prefix"/>, by key then newest first, after the marker; without bytes.</summary>
    Task<IReadOnlyList<ObjectRecord>> ListVersionsAsync(string bucketId, string prefix, string from, string? afterKey, long? beforeId, int limit, CancellationToken cancellationToken);

    Task CreateUploadAsync(UploadRecord upload, CancellationToken cancellationToken);

    Task<UploadRecord?> FindUploadAsync(string bucketId, string uploadId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a part, replacing one of the same number: whether the upload exists (nothing is written when it does
    /// not), and the blob of the part replaced.
    /// </summary>
    Task<(bool Found, string? ReplacedBlob)> PutPartAsync(PartRecord part, CancellationToken cancellationToken);

    Task<IReadOnlyList<PartRecord>> ListPartsAsync(string uploadId, int afterPartNumber, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<UploadRecord>> ListUploadsAsync(string bucketId, string prefix, string? afterKey, string? afterUploadId, int limit, CancellationToken cancellationToken);

    /// <summary>Removes an upload of <paramref name="key"/> and its parts: the parts' blobs, or null when there was no such upload.</summary>
    Task<IReadOnlyList<string>?> RemoveUploadAsync(string bucketId, string key, string uploadId, CancellationToken cancellationToken);

    /// <summary>Versions that are not delete markers, and the bytes they hold (all versions), and open uploads.</summary>
    Task<BucketUsage> GetUsageAsync(string bucketId, CancellationToken cancellationToken);

    /// <summary>Removes every object, version, upload and part of the bucket (in several transactions: run it again after a crash).</summary>
    Task PurgeAsync(string bucketId, CancellationToken cancellationToken);

    /// <summary>The ids of every bucket that has objects or uploads.</summary>
    Task<IReadOnlyList<string>> ListBucketIdsAsync(CancellationToken cancellationToken);

    /// <summary>Whether any object version or part refers to the blob.</summary>
    Task<bool> IsReferencedAsync(string bucketId, string blob, CancellationToken cancellationToken);
}
