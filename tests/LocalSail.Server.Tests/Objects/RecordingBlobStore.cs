using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using LocalSail.Server.Objects;

namespace LocalSail.Server.Tests.Objects;

/// <summary>Blobs in memory, remembering every delete: what a change made unreachable, and when it was removed.</summary>
internal sealed class RecordingBlobStore : IBlobStore
{
    private readonly ConcurrentDictionary<(string BucketId, string Blob), byte[]> _blobs = new();
    private int _next;

    /// <summary>Every blob deleted, in order.</summary>
    public ConcurrentQueue<string> Deleted { get; } = new();

    public IReadOnlyCollection<string> Names => _blobs.Keys.Select(k => k.Blob).ToList();

    /// <summary>A committed blob holding <paramref name="bytes"/>, as a write would leave it; its name.</summary>
    public string Add(string bucketId, byte[] bytes)
    {
        var name = "blob-" + Interlocked.Increment(ref _next);
        _blobs[(bucketId, name)] = bytes;
        return name;
    }

    public IBlobWriter CreateWriter(string bucketId) => new Writer(this, bucketId);

    public ValueTask<Stream?> OpenReadAsync(string bucketId, string blob, long offset, long length, CancellationToken cancellationToken) =>
        new(_blobs.TryGetValue((bucketId, blob), out var bytes) ? new MemoryStream(bytes, (int)offset, (int)length, writable: false) : null);

    public ValueTask DeleteAsync(string bucketId, string blob, CancellationToken cancellationToken)
    {
        Deleted.Enqueue(blob);
        _blobs.TryRemove((bucketId, blob), out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteBucketAsync(string bucketId, CancellationToken cancellationToken)
    {
        foreach (var key in _blobs.Keys.Where(k => k.BucketId == bucketId))
        {
            _blobs.TryRemove(key, out _);
        }

        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<StoredBlob> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var (bucketId, blob) in _blobs.Keys)
        {
            yield return new StoredBlob(bucketId, blob, DateTime.UnixEpoch);
        }
    }

    private sealed class Writer(RecordingBlobStore store, string bucketId) : IBlobWriter
    {
        private readonly MemoryStream _bytes = new();

        public Stream Stream => _bytes;

        public ValueTask<string> CommitAsync(CancellationToken cancellationToken) => new(store.Add(bucketId, _bytes.ToArray()));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
