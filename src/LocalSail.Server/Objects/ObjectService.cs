using LocalSail.Server.Storage;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Objects;

/// <summary>
/// S3's rules for objects, between the S3 handlers and storage: which version a write makes under the bucket's
/// versioning, delete markers, the null version a write replaces, conditional writes checked in the commit
/// itself, and the bytes a change leaves behind. Each change of a key is one decision applied by the metadata
/// store in one transaction (<see cref="IObjectMetadataStore.ChangeKeyAsync"/>). Blobs made unreachable by a
/// commit are deleted after it; a blob written for a write that is refused or fails is deleted too.
/// </summary>
internal sealed partial class ObjectService(IObjectMetadataStore metadata, IBlobStore blobs, ILogger<ObjectService> logger, TimeProvider? time = null)
{
    private readonly CompletedUploads _completed = new(time ?? TimeProvider.System);

    /// <summary>A new version id: 32 hex digits, never <see cref="ObjectRecord.NullVersionId"/>.</summary>
    public static string NewVersionId() => Guid.NewGuid().ToString("N");

    /// <summary>Whether <paramref name="value"/> has the form of a version id this service gives (or is the null version's).</summary>
    public static bool IsVersionId(string value) =>
        value == ObjectRecord.NullVersionId || (value.Length == 32 && value.All(char.IsAsciiHexDigitLower));

    /// <summary>The latest version of a key (which may be a delete marker) or the version asked for, with its inline bytes.</summary>
    public ValueTask<ObjectRecord?> FindAsync(string bucketId, string key, string? versionId, CancellationToken cancellationToken) =>
        metadata.FindAsync(bucketId, key, versionId, cancellationToken);

    /// <summary>The version a request names (the latest unless <paramref name="versionId"/>), or why there is none.</summary>
    public async ValueTask<VersionLookup> FindVersionAsync(string bucketId, string key, string? versionId, CancellationToken cancellationToken) =>
        VersionLookup.Of(await metadata.FindAsync(bucketId, key, versionId, cancellationToken), versionId);

    /// <summary>
    /// Commits <paramref name="version"/> as the key's latest. With versioning enabled it gets a new version id;
    /// otherwise it is the null version and replaces the one there is. <paramref name="conditions"/> are checked
    /// against the latest version in the same transaction.
    /// </summary>
    public async Task<VersionWrite> PutAsync(VersioningState versioning, ObjectRecord version, WriteConditions conditions, CancellationToken cancellationToken)
    {
        version = WithVersionId(version, versioning);
        KeyDecision<WriteStatus> decision;
        try
        {
            decision = await metadata.ChangeKeyAsync(version.BucketId, version.Key, (version, conditions), DecidePut, cancellationToken);
        }
        catch
        {
            await DeleteBlobAsync(version.BucketId, version.Blob);
            throw;
        }

        return await FinishWriteAsync(version, decision);
    }

    /// <summary>
    /// The conditions checked against the latest version now, before the bytes of a write are received: a write
    /// bound to fail need not be read. <see cref="PutAsync"/> checks them again in its commit.
    /// </summary>
    public async ValueTask<VersionWrite> CheckConditionsAsync(string bucketId, string key, WriteConditions conditions, CancellationToken cancellationToken)
    {
        var latest = await metadata.FindAsync(bucketId, key, null, cancellationToken);
        var status = conditions.Evaluate(latest, out var failed);
        return new VersionWrite(status, null, failed);
    }

    /// <summary>
    /// Deletes as S3 does: the version asked for (the one before it becomes the latest when it was), or without a
    /// version id the null version when versioning was never enabled, else a delete marker as the new latest
    /// (the null version when versioning is suspended, replacing the one there is).
    /// </summary>
    /// <paramref name="conditions"/> are checked against the version named in the same transaction; when they do not
    /// hold nothing changes (<see cref="ObjectDeletion.Refusal"/>).
    public async Task<ObjectDeletion> DeleteAsync(
        VersioningState versioning,
        string bucketId,
        string key,
        string? versionId,
        DateTimeOffset now,
        CancellationToken cancellationToken,
        DeleteConditions conditions = default)
    {
        var decision = await metadata.ChangeKeyAsync(bucketId, key, (versioning, versionId, now, conditions), DecideDelete, cancellationToken);
        await DeleteBlobAsync(bucketId, decision.Unreachable);
        return decision.Result;
    }

    /// <summary>
    /// Replaces the tags and/or the ACL of the version a request names (the latest unless <paramref name="versionId"/>);
    /// the version as changed, or why there is none. A delete marker has neither.
    /// </summary>
    public Task<VersionLookup> UpdateAsync(
        string bucketId,
        string key,
        string? versionId,
        IReadOnlyList<KeyValuePair<string, string>>? tags,
        string? acl,
        CancellationToken cancellationToken) =>
        metadata.ChangeKeyAsync(bucketId, key, (versionId, tags, acl), DecideUpdate, cancellationToken);

    public Task<IReadOnlyList<ObjectRecord>> ListVersionsAsync(
        string bucketId, string prefix, string from, string? afterKey, long? beforeId, int limit, CancellationToken cancellationToken) =>
        metadata.ListVersionsAsync(bucketId, prefix, from, afterKey, beforeId, limit, cancellationToken);

    /// <summary>A page of a listing of current keys, with S3's prefix, delimiter and marker rules (<see cref="ObjectLister"/>).</summary>
    public Task<ListPage> ListAsync(string bucketId, string prefix, string? delimiter, string? after, int maxKeys, CancellationToken cancellationToken) =>
        ObjectLister.ListAsync(metadata, bucketId, prefix, delimiter, after, maxKeys, cancellationToken);

    public Task CreateUploadAsync(UploadRecord upload, CancellationToken cancellationToken) => metadata.CreateUploadAsync(upload, cancellationToken);

    /// <summary>The open upload of <paramref name="key"/> with this id, or null.</summary>
    public async Task<UploadRecord?> FindUploadAsync(string bucketId, string key, string uploadId, CancellationToken cancellationToken) =>
        await metadata.FindUploadAsync(bucketId, uploadId, cancellationToken) is { } upload && upload.Key == key ? upload : null;

    public Task<IReadOnlyList<PartRecord>> ListPartsAsync(string uploadId, int afterPartNumber, int limit, CancellationToken cancellationToken) =>
        metadata.ListPartsAsync(uploadId, afterPartNumber, limit, cancellationToken);

    public Task<IReadOnlyList<UploadRecord>> ListUploadsAsync(
        string bucketId, string prefix, string? afterKey, string? afterUploadId, int limit, CancellationToken cancellationToken) =>
        metadata.ListUploadsAsync(bucketId, prefix, afterKey, afterUploadId, limit, cancellationToken);

    /// <summary>
    /// Records a part whose bytes are committed in <see cref="PartRecord.Blob"/>, replacing a part of the same
    /// number; false (and the bytes removed) when the upload is gone.
    /// </summary>
    public async Task<bool> PutPartAsync(string bucketId, PartRecord part, CancellationToken cancellationToken)
    {
        (bool Found, string? ReplacedBlob) recorded;
        try
        {
            recorded = await metadata.PutPartAsync(part, cancellationToken);
        }
        catch
        {
            await DeleteBlobAsync(bucketId, part.Blob);
            throw;
        }

        await DeleteBlobAsync(bucketId, recorded.Found ? recorded.ReplacedBlob : part.Blob);
        return recorded.Found;
    }

    /// <summary>Removes an upload of <paramref name="key"/> and its parts; false when there is no such upload.</summary>
    public async Task<bool> AbortUploadAsync(string bucketId, string key, string uploadId, CancellationToken cancellationToken)
    {
        var partBlobs = await metadata.RemoveUploadAsync(bucketId, key, uploadId, cancellationToken);
        if (partBlobs is null)
        {
            return false;
        }

        await DeleteBlobsAsync(bucketId, partBlobs);
        return true;
    }

    /// <summary>
    /// Completes an upload: <paramref name="version"/> (whose bytes are <paramref name="parts"/>, concatenated) becomes
    /// the key's latest as a PUT would, and the upload and every part of it go, in one transaction. Refused when the
    /// upload is gone, when one of <paramref name="parts"/> was uploaded again since it was read, or when
    /// <paramref name="conditions"/> do not hold; a refused upload stays as it was, to be completed later.
    /// </summary>
    public async Task<VersionWrite> CompleteUploadAsync(
        VersioningState versioning,
        string uploadId,
        IReadOnlyList<PartRecord> parts,
        ObjectRecord version,
        WriteConditions conditions,
        CancellationToken cancellationToken)
    {
        version = WithVersionId(version, versioning);
        KeyDecision<WriteStatus> decision;
        try
        {
            decision = await metadata.ChangeKeyAsync(version.BucketId, version.Key, (uploadId, parts, version, conditions), DecideCompletion, cancellationToken);
        }
        catch
        {
            await DeleteBlobAsync(version.BucketId, version.Blob);
            throw;
        }

        var written = await FinishWriteAsync(version, decision);
        if (written.Written)
        {
            _completed.Remember(uploadId, written.Version!);
        }

        return written;
    }

    /// <summary>
    /// The version a completion of this upload made lately (<see cref="CompletedUploads"/>): what a retry of that
    /// completion is answered with. Null when there was none, or long enough ago.
    /// </summary>
    public ObjectRecord? FindCompletion(string bucketId, string key, string uploadId) => _completed.Find(bucketId, key, uploadId);

    /// <summary>Removes bytes written for a version that will not be committed.</summary>
    public ValueTask DiscardBlobAsync(string bucketId, string blob) => DeleteBlobAsync(bucketId, blob);

    private async Task<VersionWrite> FinishWriteAsync(ObjectRecord version, KeyDecision<WriteStatus> decision)
    {
        if (decision.Result != WriteStatus.Written)
        {
            await DeleteBlobAsync(version.BucketId, version.Blob);
            return new VersionWrite(decision.Result, null, decision.FailedCondition);
        }

        await DeleteBlobAsync(version.BucketId, decision.Unreachable);
        await DeleteBlobsAsync(version.BucketId, decision.MoreUnreachable);
        return new VersionWrite(WriteStatus.Written, version);
    }

    private static ObjectRecord WithVersionId(ObjectRecord version, VersioningState versioning)
    {
        if (versioning == VersioningState.Enabled)
        {
            return version with { VersionId = NewVersionId() };
        }

        return version.VersionId == ObjectRecord.NullVersionId ? version : version with { VersionId = ObjectRecord.NullVersionId };
    }

    private static KeyDecision<WriteStatus> DecidePut(KeyVersions versions, (ObjectRecord Version, WriteConditions Conditions) state)
    {
        if (!state.Conditions.IsEmpty)
        {
            var status = state.Conditions.Evaluate(versions.Latest, out var failed);
            if (status != WriteStatus.Written)
            {
                return new KeyDecision<WriteStatus>(status, FailedCondition: failed);
            }
        }

        var replaced = ReplaceNullVersion(versions, state.Version);
        versions.Insert(state.Version);
        return new KeyDecision<WriteStatus>(WriteStatus.Written, replaced?.Blob);
    }

    private static KeyDecision<ObjectDeletion> DecideDelete(
        KeyVersions versions, (VersioningState Versioning, string? VersionId, DateTimeOffset Now, DeleteConditions Conditions) state)
    {
        if (!state.Conditions.IsEmpty)
        {
            var target = state.VersionId is { } named ? versions.Find(named) : versions.Latest;
            var status = state.Conditions.Evaluate(target, out var failed);
            if (status != WriteStatus.Written)
            {
                return new KeyDecision<ObjectDeletion>(new ObjectDeletion(false, null, false, status, failed));
            }
        }

        if (state.VersionId is { } versionId)
        {
            var target = versions.Find(versionId);
            if (target is null)
            {
                return new KeyDecision<ObjectDeletion>(new ObjectDeletion(false, versionId, false));
            }

            versions.Remove(target);
            if (target.IsLatest && versions.NewestBefore(target) is { } previous)
            {
                versions.MarkLatest(previous);
            }

            return new KeyDecision<ObjectDeletion>(new ObjectDeletion(true, versionId, target.IsDeleteMarker), target.Blob);
        }

        if (state.Versioning == VersioningState.Unversioned)
        {
            var current = versions.Find(ObjectRecord.NullVersionId);
            if (current is null)
            {
                return new KeyDecision<ObjectDeletion>(new ObjectDeletion(false, null, false));
            }

            versions.Remove(current);
            return new KeyDecision<ObjectDeletion>(new ObjectDeletion(true, null, false), current.Blob);
        }

        var marker = new ObjectRecord
        {
            BucketId = versions.BucketId,
            Key = versions.Key,
            VersionId = state.Versioning == VersioningState.Enabled ? NewVersionId() : ObjectRecord.NullVersionId,
            IsDeleteMarker = true,
            LastModified = state.Now,
        };
        var replaced = ReplaceNullVersion(versions, marker);
        versions.Insert(marker);
        return new KeyDecision<ObjectDeletion>(new ObjectDeletion(true, marker.VersionId, true), replaced?.Blob);
    }

    private static VersionLookup DecideUpdate(
        KeyVersions versions, (string? VersionId, IReadOnlyList<KeyValuePair<string, string>>? Tags, string? Acl) state)
    {
        var lookup = VersionLookup.Of(state.VersionId is null ? versions.Latest : versions.Find(state.VersionId), state.VersionId);
        if (lookup.Version is not { } target)
        {
            return lookup;
        }

        var updated = target with { Tags = state.Tags ?? target.Tags, Acl = state.Acl ?? target.Acl };
        versions.Update(updated);
        return new VersionLookup(updated, VersionMiss.None);
    }

    private static KeyDecision<WriteStatus> DecideCompletion(
        KeyVersions versions, (string UploadId, IReadOnlyList<PartRecord> Parts, ObjectRecord Version, WriteConditions Conditions) state)
    {
        var upload = versions.FindUpload(state.UploadId);
        if (upload is null)
        {
            return new KeyDecision<WriteStatus>(WriteStatus.NoSuchUpload);
        }

        if (!state.Conditions.IsEmpty)
        {
            var status = state.Conditions.Evaluate(versions.Latest, out var failed);
            if (status != WriteStatus.Written)
            {
                return new KeyDecision<WriteStatus>(status, FailedCondition: failed);
            }
        }

        var stored = versions.PartsOf(state.UploadId);
        foreach (var part in state.Parts)
        {
            if (!Contains(stored, part))
            {
                return new KeyDecision<WriteStatus>(WriteStatus.InvalidPart);
            }
        }

        versions.RemoveUpload(upload);
        var replaced = ReplaceNullVersion(versions, state.Version);
        versions.Insert(state.Version);
        var partBlobs = new List<string>(stored.Count);
        foreach (var part in stored)
        {
            partBlobs.Add(part.Blob);
        }

        return new KeyDecision<WriteStatus>(WriteStatus.Written, replaced?.Blob, partBlobs);
    }

    private static bool Contains(IReadOnlyList<PartRecord> stored, PartRecord part)
    {
        foreach (var candidate in stored)
        {
            if (candidate.PartNumber == part.PartNumber)
            {
                return candidate.Blob == part.Blob;
            }
        }

        return false;
    }

    /// <summary>A version written while versioning is not enabled is the null version, and replaces the one there is.</summary>
    private static ObjectRecord? ReplaceNullVersion(KeyVersions versions, ObjectRecord version)
    {
        if (version.VersionId != ObjectRecord.NullVersionId)
        {
            return null;
        }

        var existing = versions.Find(ObjectRecord.NullVersionId);
        if (existing is not null)
        {
            versions.Remove(existing);
        }

        return existing;
    }

    private async ValueTask DeleteBlobsAsync(string bucketId, IReadOnlyList<string>? names)
    {
        if (names is null)
        {
            return;
        }

        foreach (var name in names)
        {
            await DeleteBlobAsync(bucketId, name);
        }
    }

    /// <summary>
    /// Removes bytes nothing refers to any more. The change that left them is already decided (committed, or
    /// refused), so a failure here must not fail the request: it is logged, and the orphan sweep removes them later.
    /// </summary>
    private async ValueTask DeleteBlobAsync(string bucketId, string? blob)
    {
        if (blob is null)
        {
            return;
        }

        try
        {
            await blobs.DeleteAsync(bucketId, blob, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBlobNotRemoved(logger, blob, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove blob {Blob}; the sweep of unreferenced blobs at the next start will.")]
    private static partial void LogBlobNotRemoved(ILogger logger, string blob, Exception exception);

    /// <summary>What a decision about a key returns: its result, and the blobs its change makes unreachable.</summary>
    private readonly record struct KeyDecision<T>(T Result, string? Unreachable = null, IReadOnlyList<string>? MoreUnreachable = null, string? FailedCondition = null);
}
