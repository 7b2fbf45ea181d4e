using LocalSail.Server.Objects;
using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.Tests.Objects;

/// <summary>
/// <see cref="IObjectMetadataStore"/> in memory, for the object service's tests. It stores and finds rows and
/// applies what a decision recorded, nothing more: that it needs no S3 rule of its own to pass them is what shows
/// the interface leaves every rule to the service. <see cref="FailNextChange"/> makes the next change fail as a
/// commit that fails would.
/// </summary>
internal sealed class InMemoryObjectMetadataStore : IObjectMetadataStore
{
    private readonly Lock _gate = new();
    private readonly List<ObjectRecord> _rows = [];
    private readonly List<UploadRecord> _uploads = [];
    private readonly List<PartRecord> _parts = [];
    private long _lastId;

    public bool FailNextChange { get; set; }

    /// <summary>Every version of a key, oldest first.</summary>
    public IReadOnlyList<ObjectRecord> VersionsOf(string bucketId, string key)
    {
        lock (_gate)
        {
            return _rows.Where(r => r.BucketId == bucketId && r.Key == key).OrderBy(r => r.Id).ToList();
        }
    }

    public IReadOnlyList<PartRecord> Parts
    {
        get
        {
            lock (_gate)
            {
                return [.. _parts];
            }
        }
    }

    public ValueTask<ObjectRecord?> FindAsync(string bucketId, string key, string? versionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return new(Find(bucketId, key, versionId));
        }
    }

    public Task<TResult> ChangeKeyAsync<TState, TResult>(
        string bucketId, string key, TState state, Func<KeyVersions, TState, TResult> decide, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (FailNextChange)
            {
                FailNextChange = false;
                return Task.FromException<TResult>(new IOException("The commit failed."));
            }

            var change = new Change(this, bucketId, key);
            var result = decide(change, state);
            Apply(change);
            return Task.FromResult(result);
        }
    }

    public Task<IReadOnlyList<ObjectRecord>> ListAsync(string bucketId, string prefix, string from, string? after, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var lower = string.CompareOrdinal(from, prefix) > 0 ? from : prefix;
            return Task.FromResult<IReadOnlyList<ObjectRecord>>(_rows
                .Where(r => r.BucketId == bucketId && r.IsLatest && !r.IsDeleteMarker && r.Key.StartsWith(prefix, StringComparison.Ordinal)
                    && string.CompareOrdinal(r.Key, lower) >= 0 && (after is null || string.CompareOrdinal(r.Key, after) > 0))
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .Take(limit)
                .ToList());
        }
    }

    public Task<IReadOnlyList<ObjectRecord>> ListVersionsAsync(
        string bucketId, string prefix, string from, string? afterKey, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ObjectRecord>>(_rows
                .Where(r => r.BucketId == bucketId && r.Key.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(r.Key, from) >= 0
                    && (afterKey is null || string.CompareOrdinal(r.Key, afterKey) > 0 || (r.Key == afterKey && r.Id < (beforeId ?? long.MaxValue))))
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .ThenByDescending(r => r.Id)
                .Take(limit)
                .ToList());
        }
    }

    public Task CreateUploadAsync(UploadRecord upload, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _uploads.Add(upload);
            return Task.CompletedTask;
        }
    }

    public Task<UploadRecord?> FindUploadAsync(string bucketId, string uploadId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_uploads.FirstOrDefault(u => u.BucketId == bucketId && u.UploadId == uploadId));
        }
    }

    public Task<(bool Found, string? ReplacedBlob)> PutPartAsync(PartRecord part, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_uploads.Any(u => u.UploadId == part.UploadId))
            {
                return Task.FromResult<(bool, string?)>((false, null));
            }

            var replaced = _parts.FirstOrDefault(p => p.UploadId == part.UploadId && p.PartNumber == part.PartNumber);
            if (replaced is not null)
            {
                _parts.Remove(replaced);
            }

            _parts.Add(part);
            return Task.FromResult<(bool, string?)>((true, replaced?.Blob));
        }
    }

    public Task<IReadOnlyList<PartRecord>> ListPartsAsync(string uploadId, int afterPartNumber, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(PartsOf(uploadId, afterPartNumber, limit));
        }
    }

    public Task<IReadOnlyList<UploadRecord>> ListUploadsAsync(
        string bucketId, string prefix, string? afterKey, string? afterUploadId, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<UploadRecord>>(_uploads
                .Where(u => u.BucketId == bucketId && u.Key.StartsWith(prefix, StringComparison.Ordinal)
                    && (afterKey is null || string.CompareOrdinal(u.Key, afterKey) > 0
                        || (u.Key == afterKey && string.CompareOrdinal(u.UploadId, afterUploadId ?? "\uffff") > 0)))
                .OrderBy(u => u.Key, StringComparer.Ordinal)
                .ThenBy(u => u.UploadId, StringComparer.Ordinal)
                .Take(limit)
                .ToList());
        }
    }

    public Task<IReadOnlyList<string>?> RemoveUploadAsync(string bucketId, string key, string uploadId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var upload = _uploads.FirstOrDefault(u => u.BucketId == bucketId && u.Key == key && u.UploadId == uploadId);
            if (upload is null)
            {
                return Task.FromResult<IReadOnlyList<string>?>(null);
            }

            return Task.FromResult<IReadOnlyList<string>?>(RemoveUpload(upload));
        }
    }

    public Task<BucketUsage> GetUsageAsync(string bucketId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var versions = _rows.Where(r => r.BucketId == bucketId && !r.IsDeleteMarker).ToList();
            return Task.FromResult(new BucketUsage(versions.Count, versions.Sum(r => r.Size), _uploads.Count(u => u.BucketId == bucketId)));
        }
    }

    public Task PurgeAsync(string bucketId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _rows.RemoveAll(r => r.BucketId == bucketId);
            foreach (var upload in _uploads.Where(u => u.BucketId == bucketId).ToList())
            {
                RemoveUpload(upload);
            }

            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<string>> ListBucketIdsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(_rows.Select(r => r.BucketId).Concat(_uploads.Select(u => u.BucketId)).Distinct().ToList());
        }
    }

    public Task<bool> IsReferencedAsync(string bucketId, string blob, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.Any(r => r.BucketId == bucketId && r.Blob == blob) || _parts.Any(p => p.Blob == blob));
        }
    }

    private ObjectRecord? Find(string bucketId, string key, string? versionId) =>
        _rows.FirstOrDefault(r => r.BucketId == bucketId && r.Key == key && (versionId is null ? r.IsLatest : r.VersionId == versionId));

    private IReadOnlyList<PartRecord> PartsOf(string uploadId, int afterPartNumber, int limit) =>
        _parts.Where(p => p.UploadId == uploadId && p.PartNumber > afterPartNumber).OrderBy(p => p.PartNumber).Take(limit).ToList();

    private List<string> RemoveUpload(UploadRecord upload)
    {
        var parts = _parts.Where(p => p.UploadId == upload.UploadId).ToList();
        _parts.RemoveAll(p => p.UploadId == upload.UploadId);
        _uploads.Remove(upload);
        return parts.Select(p => p.Blob).ToList();
    }

    /// <summary>Writes what the decision recorded, in the order the SQLite store does.</summary>
    private void Apply(KeyVersions change)
    {
        foreach (var removed in change.Removed)
        {
            _rows.RemoveAll(r => r.Id == removed.Id);
        }

        if (change.RemovedUpload is { } upload)
        {
            RemoveUpload(upload);
        }

        if (change.Inserted is { IsLatest: true } || change.MarkedLatest is not null)
        {
            Replace(r => r.BucketId == change.BucketId && r.Key == change.Key && r.IsLatest, r => r with { IsLatest = false });
        }

        if (change.Inserted is { } inserted)
        {
            _rows.Add(inserted with { Id = ++_lastId });
        }

        if (change.MarkedLatest is { } marked)
        {
            Replace(r => r.Id == marked.Id, r => r with { IsLatest = true });
        }

        foreach (var updated in change.Updated)
        {
            Replace(r => r.Id == updated.Id, r => r with { Tags = updated.Tags, Acl = updated.Acl });
        }
    }

    private void Replace(Func<ObjectRecord, bool> which, Func<ObjectRecord, ObjectRecord> with)
    {
        for (var i = 0; i < _rows.Count; i++)
        {
            if (which(_rows[i]))
            {
                _rows[i] = with(_rows[i]);
            }
        }
    }

    private sealed class Change(InMemoryObjectMetadataStore store, string bucketId, string key) : KeyVersions(bucketId, key)
    {
        public override ObjectRecord? NewestBefore(ObjectRecord version) =>
            store._rows.Where(r => r.BucketId == BucketId && r.Key == Key && r.Id < version.Id).MaxBy(r => r.Id);

        public override UploadRecord? FindUpload(string uploadId) =>
            store._uploads.FirstOrDefault(u => u.BucketId == BucketId && u.Key == Key && u.UploadId == uploadId);

        public override IReadOnlyList<PartRecord> PartsOf(string uploadId) => store.PartsOf(uploadId, 0, int.MaxValue);

        protected override ObjectRecord? ReadLatest() => store.Find(BucketId, Key, null);

        protected override ObjectRecord? ReadVersion(string versionId) => store.Find(BucketId, Key, versionId);
    }
}
