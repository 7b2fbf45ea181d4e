using System.Collections.Concurrent;
using LocalSail.Server.Storage;

namespace LocalSail.Server.DataPlane;

/// <summary>Finds a bucket by its globally unique name (the S3 endpoint's lookup).</summary>
internal interface IBucketDirectory
{
    ValueTask<BucketRecord?> FindAsync(string name, CancellationToken cancellationToken);
}

/// <summary>
/// Buckets by name, kept in memory so a request costs no bucket query. A bucket is forgotten when the
/// control plane announces that it changed or was deleted (<see cref="ControlPlaneChanges"/>); on a store other
/// processes share, a kept bucket serves only while the control plane's version is the one it was loaded under
/// (<see cref="SharedControlPlaneVersion"/>).
/// </summary>
internal sealed class BucketCache : IBucketDirectory, IControlPlaneChangeObserver
{
    /// <summary>Buckets kept at the most for a shared store.</summary>
    public const int MaxSharedBuckets = 10_000;

    private readonly IControlPlaneStore _store;
    private readonly ConcurrentDictionary<string, BucketRecord> _buckets = new(StringComparer.Ordinal);
    private readonly bool _cache;
    private readonly VersionedCache<string, BucketRecord>? _sharedBuckets;
    private long _generation;

    public BucketCache(IControlPlaneStore store, ControlPlaneChanges changes)
    {
        _store = store;
        // A bucket deleted or changed by another process must not outlive that change here: the version says when.
        _cache = changes.IsComplete;
        _sharedBuckets = changes.SharedVersion is { } sharedVersion ? new(sharedVersion, MaxSharedBuckets, StringComparer.Ordinal) : null;
        changes.Observe(this);
    }

    public async ValueTask<BucketRecord?> FindAsync(string name, CancellationToken cancellationToken)
    {
        if (_buckets.TryGetValue(name, out var cached))
        {
            return cached;
        }

        if (_sharedBuckets is not null)
        {
            return await _sharedBuckets.GetAsync(name, _store, static (bucketName, store, ct) => new ValueTask<BucketRecord?>(store.FindBucketAsync(bucketName, ct)), cancellationToken);
        }

        var generation = Interlocked.Read(ref _generation);
        var bucket = await _store.FindBucketAsync(name, cancellationToken);
        if (!_cache)
        {
            return bucket;
        }

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

    void IControlPlaneChangeObserver.OnChanged(ControlPlaneChange change)
    {
        if (change.BucketName is { } name)
        {
            Interlocked.Increment(ref _generation);
            _buckets.TryRemove(name, out _);
            _sharedBuckets?.Forget(name);
        }
    }
}
