namespace LocalSail.Server.Storage;

/// <summary>Each bucket's size and object count over time, as sampled; kept for a while, then pruned.</summary>
internal interface IBucketUsageHistory
{
    /// <summary>Records <paramref name="samples"/> and, in the same write, drops every sample taken before <paramref name="keepFrom"/>.</summary>
    Task RecordAsync(IReadOnlyCollection<BucketUsageSample> samples, DateTimeOffset keepFrom, CancellationToken cancellationToken);

    /// <summary>The samples of one bucket taken at or after <paramref name="from"/> and before <paramref name="before"/>, oldest first.</summary>
    Task<IReadOnlyList<BucketUsageSample>> ListAsync(string bucketId, DateTimeOffset from, DateTimeOffset before, CancellationToken cancellationToken);
}
