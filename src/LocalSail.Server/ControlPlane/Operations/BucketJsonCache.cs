using System.Collections.Concurrent;
using System.Text.Json;
using LocalSail.Lightsail.Model.Serialization;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>
/// Each bucket's JSON as GetBuckets lists it, kept in memory so that a page of buckets costs neither the parsing
/// of every bucket's stored settings nor their serialization. A bucket's entry is forgotten when the control
/// plane announces that it changed or was deleted (<see cref="ControlPlaneChanges"/>); an entry also holds only
/// for the S3 address, the month (a bundle can change once a month) and the CORS choice it was written for.
/// </summary>
internal sealed class BucketJsonCache : IControlPlaneChangeObserver
{
    /// <summary>Buckets beyond this many are serialized on every page rather than kept.</summary>
    public const int MaxEntries = 10_000;

    private readonly IControlPlaneStore _store;
    private readonly ConcurrentDictionary<(string Name, bool IncludeCors), Entry> _entries = new();
    private long _generation;

    public BucketJsonCache(IControlPlaneStore store, ControlPlaneChanges changes)
    {
        _store = store;
        changes.Observe(this);
    }

    /// <summary>The bucket's JSON as a GetBuckets answer lists it; null when the scope has no such bucket.</summary>
    public async ValueTask<byte[]?> GetAsync(
        ResourceScope scope, string name, Uri s3Endpoint, DateTimeOffset now, bool includeCors, CancellationToken cancellationToken)
    {
        var month = (now.Year * 12) + now.Month;
        if (_entries.TryGetValue((name, includeCors), out var cached) && cached.Scope == scope && cached.Month == month && cached.S3Endpoint == s3Endpoint.OriginalString)
        {
            return cached.Json;
        }

        var generation = Interlocked.Read(ref _generation);
        var bucket = await _store.GetBucketAsync(scope, name, cancellationToken);
        if (bucket is null)
        {
            return null;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(WireMapping.ToWire(bucket, s3Endpoint, now, includeCors), LightsailJsonContext.Default.Bucket);
        // Kept only if no change happened while reading, so a stale bucket is never kept.
        if (Interlocked.Read(ref _generation) == generation && (_entries.Count < MaxEntries || cached is not null))
        {
            _entries[(name, includeCors)] = new Entry(scope, s3Endpoint.OriginalString, month, json);
            if (Interlocked.Read(ref _generation) != generation)
            {
                _entries.TryRemove((name, includeCors), out _);
            }
        }

        return json;
    }

    void IControlPlaneChangeObserver.OnChanged(ControlPlaneChange change)
    {
        if (change.BucketName is { } name)
        {
            Interlocked.Increment(ref _generation);
            _entries.TryRemove((name, false), out _);
            _entries.TryRemove((name, true), out _);
        }
    }

    private sealed record Entry(ResourceScope Scope, string S3Endpoint, int Month, byte[] Json);
}
