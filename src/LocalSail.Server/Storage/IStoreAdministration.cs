namespace LocalSail.Server.Storage;

/// <summary>What the operator surface asks of the store as a whole: whether it answers, what it holds, and emptying its history.</summary>
internal interface IStoreAdministration
{
    /// <summary>Reads and takes the write lock once (an empty transaction); throws when the database does not answer.</summary>
    Task CheckAsync(CancellationToken cancellationToken);

    /// <summary>Every bucket of every account and region, by account, region and name.</summary>
    Task<IReadOnlyList<BucketRecord>> ListAllBucketsAsync(CancellationToken cancellationToken);

    /// <summary>How many buckets and access keys the store holds, in every account and region.</summary>
    Task<StoreCounts> CountAsync(CancellationToken cancellationToken);

    /// <summary>Removes every recorded operation and usage sample; the number of operations removed.</summary>
    Task<long> DeleteHistoryAsync(CancellationToken cancellationToken);
}

internal sealed record StoreCounts(long Buckets, long AccessKeys);
