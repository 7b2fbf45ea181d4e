using System.Collections.Concurrent;
using LocalSail.Server.Storage;

namespace LocalSail.Server.DataPlane;

/// <summary>
/// Buckets by name, kept in memory so a request costs no bucket query. Every change goes through the
/// control plane store, whose decorator (<see cref="BucketCacheInvalidatingStore"/>) drops the entry.
/// </summary>
public sealed class BucketCache(Func<IControlPlaneStore> store)
{
    private readonly ConcurrentDictionary<string, BucketRecord> _buckets = new(StringComparer.Ordinal);
    private long _generation;

    public async ValueTask<BucketRecord?> FindAsync(string name, CancellationToken cancellationToken)
    {
        if (_buckets.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        var bucket = await store().FindBucketAsync(name, cancellationToken);
        // Cache only if no change happened while reading, so a stale record is never kept.
        if (bucket is not null && Interlocked.Read(ref _generation) == generation)
        {
            _buckets[name] = bucket;
            if (Interlocked.Read(ref _generation) != generation)
            {
                _buckets.TryRemove(name, out _);
            }
        }

        return bucket;
    }

    public void Invalidate(string name)
    {
        Interlocked.Increment(ref _generation);
        _buckets.TryRemove(name, out _);
    }
}
