using System.Collections.Concurrent;
using LocalSail.Server.Authentication;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>
/// A bucket's access keys as GetBucketAccessKeys lists them (without secrets), or null when the scope has no such
/// bucket. On a store other processes share, a list is kept under the control plane's version it was read at
/// (<see cref="SharedControlPlaneVersion"/>), so a key created or deleted on any node is listed, or not, at the next
/// call; it is also read again after <see cref="AccessKeyUsageTracker.FlushInterval"/>, so that the last uses other
/// nodes write show as soon as they are written. On a store of this process alone every call reads the store.
/// </summary>
internal sealed class AccessKeyListing(IControlPlaneStore store, ControlPlaneChanges changes)
{
    /// <summary>Lists beyond this many are read on every call rather than kept.</summary>
    public const int MaxLists = 10_000;

    private static readonly long MaxAge = (long)(AccessKeyUsageTracker.FlushInterval.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);

    private readonly SharedControlPlaneVersion? _sharedVersion = changes.SharedVersion;
    private readonly ConcurrentDictionary<(ResourceScope Scope, string Bucket), Versioned<Kept>> _lists = new();

    public async ValueTask<IReadOnlyList<AccessKeyRecord>?> ListAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken)
    {
        if (_sharedVersion is null)
        {
            return await ReadAsync(scope, bucketName, cancellationToken);
        }

        var version = await _sharedVersion.CurrentAsync(cancellationToken);
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_lists.TryGetValue((scope, bucketName), out var kept) && kept.Version == version && now - kept.Value.ReadAt < MaxAge)
        {
            return kept.Value.Keys;
        }

        // Read after the version, so at least as new as it: kept under it.
        var keys = await ReadAsync(scope, bucketName, cancellationToken);
        if (_lists.Count < MaxLists || _lists.ContainsKey((scope, bucketName)))
        {
            _lists[(scope, bucketName)] = new Versioned<Kept>(new Kept(keys, now), version);
        }

        return keys;
    }

    private async ValueTask<IReadOnlyList<AccessKeyRecord>?> ReadAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken)
    {
        var keys = await store.ListAccessKeysAsync(scope, bucketName, cancellationToken);
        return keys.Count == 0 && await store.GetBucketAsync(scope, bucketName, cancellationToken) is null ? null : keys;
    }

    private sealed record Kept(IReadOnlyList<AccessKeyRecord>? Keys, long ReadAt);
}
