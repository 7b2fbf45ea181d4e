using System.Diagnostics;
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
    /// <summary>Lists kept at the most for a shared store.</summary>
    public const int MaxLists = 10_000;

    private static readonly long MaxAge = (long)(AccessKeyUsageTracker.FlushInterval.TotalSeconds * Stopwatch.Frequency);

    private readonly VersionedCache<(ResourceScope Scope, string Bucket), Kept>? _lists =
        changes.SharedVersion is { } sharedVersion ? new(sharedVersion, MaxLists, isFresh: static kept => Stopwatch.GetTimestamp() - kept.ReadAt < MaxAge) : null;

    public async ValueTask<IReadOnlyList<AccessKeyRecord>?> ListAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken)
    {
        if (_lists is null)
        {
            return await ReadAsync(scope, bucketName, cancellationToken);
        }

        // What a read keeps is never null (a missing bucket is a null list inside it).
        var kept = await _lists.GetAsync((scope, bucketName), this, static (key, self, ct) => self.ReadKeptAsync(key.Scope, key.Bucket, ct), cancellationToken);
        return kept!.Keys;
    }

    // Timed before the read, so that its age is never understated.
    private async ValueTask<Kept?> ReadKeptAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken)
    {
        var readAt = Stopwatch.GetTimestamp();
        return new Kept(await ReadAsync(scope, bucketName, cancellationToken), readAt);
    }

    private async ValueTask<IReadOnlyList<AccessKeyRecord>?> ReadAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken)
    {
        var keys = await store.ListAccessKeysAsync(scope, bucketName, cancellationToken);
        return keys.Count == 0 && await store.GetBucketAsync(scope, bucketName, cancellationToken) is null ? null : keys;
    }

    private sealed record Kept(IReadOnlyList<AccessKeyRecord>? Keys, long ReadAt);
}
