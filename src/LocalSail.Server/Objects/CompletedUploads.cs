namespace LocalSail.Server.Objects;

/// <summary>
/// The uploads completed lately, so that a CompleteMultipartUpload repeated by a client that lost the first answer
/// gets that answer again rather than NoSuchUpload, as S3 gives it for a while after a completion. LocalSail keeps
/// one for <see cref="Retention"/>, at most <see cref="Capacity"/> of them, in memory: a restart forgets them.
/// </summary>
internal sealed class CompletedUploads(TimeProvider time)
{
    /// <summary>How long a completion is answered again.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(15);

    /// <summary>The most completions remembered; the oldest go first.</summary>
    public const int Capacity = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<(string BucketId, string UploadId), Entry> _byUpload = [];
    private readonly Queue<(string BucketId, string UploadId)> _order = new();

    public void Remember(string uploadId, ObjectRecord version)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            Expire(now);
            if (_byUpload.Count >= Capacity && _order.TryDequeue(out var oldest))
            {
                _byUpload.Remove(oldest);
            }

            var id = (version.BucketId, uploadId);
            if (_byUpload.TryAdd(id, new Entry(version, now + Retention)))
            {
                _order.Enqueue(id);
            }
        }
    }

    /// <summary>The version the upload of <paramref name="key"/> with this id made, when it was completed lately.</summary>
    public ObjectRecord? Find(string bucketId, string key, string uploadId)
    {
        lock (_lock)
        {
            return _byUpload.TryGetValue((bucketId, uploadId), out var entry) && entry.Version.Key == key && entry.Expires > time.GetUtcNow()
                ? entry.Version
                : null;
        }
    }

    private void Expire(DateTimeOffset now)
    {
        while (_order.TryPeek(out var oldest) && (!_byUpload.TryGetValue(oldest, out var entry) || entry.Expires <= now))
        {
            _order.Dequeue();
            _byUpload.Remove(oldest);
        }
    }

    private readonly record struct Entry(ObjectRecord Version, DateTimeOffset Expires);
}
