namespace LocalSail.Server.Objects;

/// <summary>
/// One key of a bucket inside a store's write transaction, as a decision about it sees it: the versions it
/// can read, and the change it records. The store answers the reads (as the key was when the change began)
/// and applies the recorded change once the decision returns, in one transaction; it decides nothing.
/// </summary>
/// <remarks>
/// What the store keeps true: a key has at most one version marked latest, so inserting a version marked
/// latest, or marking one, takes the mark from the others. Everything else, such as which version becomes
/// the latest when the latest is removed, is the decision's to say.
/// </remarks>
internal abstract class KeyVersions(string bucketId, string key)
{
    private ObjectRecord? _latest;
    private bool _latestRead;
    private List<ObjectRecord>? _removed;
    private List<ObjectRecord>? _updated;

    public string BucketId { get; } = bucketId;

    public string Key { get; } = key;

    /// <summary>The key's latest version, which may be a delete marker; null when the key has no version.</summary>
    public ObjectRecord? Latest
    {
        get
        {
            if (!_latestRead)
            {
                _latest = ReadLatest();
                _latestRead = true;
            }

            return _latest;
        }
    }

    /// <summary>The version with this id (<see cref="ObjectRecord.NullVersionId"/> for the null version), or null.</summary>
    public ObjectRecord? Find(string versionId) =>
        _latestRead && _latest is not null && _latest.VersionId == versionId ? _latest : ReadVersion(versionId);

    /// <summary>The newest version older than <paramref name="version"/>, or null.</summary>
    public abstract ObjectRecord? NewestBefore(ObjectRecord version);

    /// <summary>The open upload of this key with this id, or null.</summary>
    public abstract UploadRecord? FindUpload(string uploadId);

    /// <summary>Every part of an upload, by part number.</summary>
    public abstract IReadOnlyList<PartRecord> PartsOf(string uploadId);

    /// <summary>A version to add (<see cref="ObjectRecord.Id"/> is the store's to assign).</summary>
    public ObjectRecord? Inserted { get; private set; }

    /// <summary>Versions to remove.</summary>
    public IReadOnlyList<ObjectRecord> Removed => _removed ?? (IReadOnlyList<ObjectRecord>)[];

    /// <summary>A remaining version to mark latest.</summary>
    public ObjectRecord? MarkedLatest { get; private set; }

    /// <summary>Versions whose tags and ACL (the only things of a version that change) are to be written.</summary>
    public IReadOnlyList<ObjectRecord> Updated => _updated ?? (IReadOnlyList<ObjectRecord>)[];

    /// <summary>An upload to remove, with its parts.</summary>
    public UploadRecord? RemovedUpload { get; private set; }

    /// <summary>Whether anything is to be written.</summary>
    public bool HasChanges => Inserted is not null || _removed is not null || MarkedLatest is not null || _updated is not null || RemovedUpload is not null;

    public void Insert(ObjectRecord version)
    {
        if (Inserted is not null)
        {
            throw new InvalidOperationException("One change inserts one version.");
        }

        Inserted = version;
    }

    public void Remove(ObjectRecord version) => (_removed ??= []).Add(version);

    public void MarkLatest(ObjectRecord version) => MarkedLatest = version;

    public void Update(ObjectRecord version) => (_updated ??= []).Add(version);

    public void RemoveUpload(UploadRecord upload) => RemovedUpload = upload;

    /// <summary>
    /// Gives the latest version as the store read it with the key's lock, in the same round trip, so that reading
    /// <see cref="Latest"/> costs no other.
    /// </summary>
    protected internal void KnowLatest(ObjectRecord? latest)
    {
        _latest = latest;
        _latestRead = true;
    }

    protected abstract ObjectRecord? ReadLatest();

    protected abstract ObjectRecord? ReadVersion(string versionId);
}
