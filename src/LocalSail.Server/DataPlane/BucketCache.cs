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
    private readonly IControlPlaneStore _store;
    private readonly ConcurrentDictionary<string, BucketRecord> _buckets = new(StringComparer.Ordinal);
    private readonly bool _cache;
    private readonly SharedControlPlaneVersion? _sharedVersion;
    private readonly ConcurrentDictionary<string, Versioned<BucketRecord>> _sharedBuckets = new(StringComparer.Ordinal);
    private long _generation;

    public BucketCache(IControlPlaneStore store, ControlPlaneChanges changes)
    {
        _store = store;
        // A bucket deleted or changed by another process must not outlive that change here: the version says when.
        _cache = changes.IsComplete;
        _sharedVersion = changes.SharedVersion;
        changes.Observe(this);
    }

    public async ValueTask<BucketRecord?> FindAsync(string name, CancellationToken cancellationToken)
    {
        if (_buckets.TryGetValue(name, out var cached))
        {
            return cached;
        }

        if (_sharedVersion is not null)
        {
            return await FindSharedAsync(name, _sharedVersion, cancellationToken);
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

    private async ValueTask<BucketRecord?> FindSharedAsync(string name, SharedControlPlaneVersion sharedVersion, CancellationToken cancellationToken)
    {
        var version = await sharedVersion.CurrentAsync(cancellationToken);
        if (_sharedBuckets.TryGetValue(name, out var kept) && kept.Version == version)
        {
            return kept.Value;
        }

        // Loaded after the version was read, so at least as new as that version: kept under it.
        var bucket = await _store.FindBucketAsync(name, cancellationToken);
        if (bucket is null)
        {
            _sharedBuckets.TryRemove(name, out _);
            return null;
        }

        _sharedBuckets[name] = new Versioned<BucketRecord>(bucket, version);
        return bucket;
    }

    void IControlPlaneChangeObserver.OnChanged(ControlPlaneChange change)
    {
        if (change.BucketName is { } name)
        {
            Interlocked.Increment(ref _generation);
            _buckets.TryRemove(name, out _);
            _sharedBuckets.TryRemove(name, out _);
        }
    }
}
