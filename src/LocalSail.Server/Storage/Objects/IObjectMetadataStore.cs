namespace LocalSail.Server.Storage.Objects;

/// <summary>
/// Object, version, upload and part metadata. Each write is one transaction; the blobs a write makes
/// unreachable come back so the caller deletes them after the commit.
/// </summary>
public interface IObjectMetadataStore
{
    /// <summary>The latest version (which may be a delete marker), or the given version.</summary>
    Task<ObjectRecord?> GetAsync(string bucketId, string key, string? versionId, CancellationToken cancellationToken);

    /// <summary>Writes a new version as the latest; in an unversioned bucket it replaces the <c>null</c> version.</summary>
    Task<WriteResult> PutAsync(ObjectRecord record, VersioningState versioning, CancellationToken cancellationToken);

    /// <summary>Deletes as S3 does: a delete marker, the null version, or the exact version asked for.</summary>
    Task<DeleteResult> DeleteAsync(string bucketId, string key, string? versionId, VersioningState versioning, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Replaces tags or the ACL of one version; false when it does not exist.</summary>
    Task<bool> UpdateAsync(string bucketId, string key, string versionId, IReadOnlyList<KeyValuePair<string, string>>? tags, string? acl, CancellationToken cancellationToken);

    /// <summary>
    /// Latest, non-deleted keys in order with <paramref name="prefix"/>, at or after <paramref name="from"/> and after
    /// <paramref name="after"/>; each record carries what a listing shows (key, size, ETag, last modified, checksum
    /// algorithm and type), not its version, headers, tags, ACL or bytes.
    /// </summary>
    Task<IReadOnlyList<ObjectRecord>> ListAsync(string bucketId, string prefix, string from, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>All versions with <paramref name="prefix"/>, by key then newest first, after the marker.</summary>
    Task<IReadOnlyList<ObjectRecord>> ListVersionsAsync(string bucketId, string prefix, string from, string? afterKey, long? beforeId, int limit, CancellationToken cancellationToken);

    Task CreateUploadAsync(UploadRecord upload, CancellationToken cancellationToken);

    Task<UploadRecord?> GetUploadAsync(string bucketId, string uploadId, CancellationToken cancellationToken);

    /// <summary>Records a part; false when the upload is gone. A part number uploaded again replaces the old part.</summary>
    Task<(bool Found, string? ReplacedBlob)> PutPartAsync(PartRecord part, CancellationToken cancellationToken);

    Task<IReadOnlyList<PartRecord>> ListPartsAsync(string uploadId, int afterPartNumber, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<UploadRecord>> ListUploadsAsync(string bucketId, string prefix, string? afterKey, string? afterUploadId, int limit, CancellationToken cancellationToken);

    /// <summary>Commits the completed object and removes the upload; null when the upload is gone.</summary>
    Task<WriteResult?> CompleteUploadAsync(string uploadId, ObjectRecord record, VersioningState versioning, CancellationToken cancellationToken);

    /// <summary>Removes the upload; its part blobs, or null when it did not exist.</summary>
    Task<IReadOnlyList<string>?> AbortUploadAsync(string bucketId, string uploadId, CancellationToken cancellationToken);

    Task<BucketUsage> GetUsageAsync(string bucketId, CancellationToken cancellationToken);

    /// <summary>Removes every object, version, upload and part of the bucket (in several transactions: run it again after a crash).</summary>
    Task PurgeAsync(string bucketId, CancellationToken cancellationToken);

    /// <summary>The ids of every bucket that has objects or uploads.</summary>
    Task<IReadOnlyList<string>> ListBucketIdsAsync(CancellationToken cancellationToken);

    /// <summary>Whether any object version or part refers to the blob.</summary>
    Task<bool> IsReferencedAsync(string bucketId, string blob, CancellationToken cancellationToken);
}

public enum VersioningState
{
    Unversioned,
    Enabled,
    Suspended,
}

/// <summary>The stored record and the blobs no longer reachable after the write.</summary>
public sealed record WriteResult(ObjectRecord Record, IReadOnlyList<string> UnreachableBlobs);

/// <summary>What a delete did: the version removed or the marker created, and blobs to remove.</summary>
public sealed record DeleteResult(bool Found, string? VersionId, bool IsDeleteMarker, IReadOnlyList<string> UnreachableBlobs);
