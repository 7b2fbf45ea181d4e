namespace LocalSail.Server.AccessLogs;

/// <summary>
/// Where access log lines wait, durably, until they are delivered: a line is acknowledged once it is in the
/// journal, and leaves it only when the log object that holds it is written (or is dropped on purpose).
/// </summary>
/// <remarks>
/// Delivery goes in batches. A deliverer claims waiting lines into batches, each with the name its log object
/// will have and a lease; a batch whose lease ran out (its deliverer stopped or crashed) can be claimed by any
/// deliverer and is delivered again under the same name. Claiming is one transaction that takes only lines no
/// batch holds and batches whose lease ran out, so two processes on one store never hold the same line; a store
/// shared by several processes does the same with row locks (<c>FOR UPDATE SKIP LOCKED</c>).
/// </remarks>
internal interface IAccessLogJournal
{
    /// <summary>Adds lines, durably, in one commit.</summary>
    Task AppendAsync(IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Claims for <paramref name="deliverer"/>, until <paramref name="leaseUntil"/>, every waiting line (grouped by
    /// source bucket, at most <paramref name="maxLinesPerBatch"/> a batch, each new batch named by
    /// <paramref name="nameBatch"/>) and every batch whose lease ran out by <paramref name="now"/>; the batches now
    /// held, with their lines in the order they were added.
    /// </summary>
    Task<IReadOnlyList<AccessLogBatch>> ClaimAsync(
        string deliverer, DateTimeOffset now, DateTimeOffset leaseUntil, int maxLinesPerBatch, Func<string> nameBatch, CancellationToken cancellationToken);

    /// <summary>Removes a batch and its lines: its log object is written, or it is dropped.</summary>
    Task CompleteAsync(string batchName, CancellationToken cancellationToken);

    /// <summary>How many lines wait, claimed or not.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);
}

/// <summary>Lines of one source bucket that go into one log object, named <see cref="Name"/> after the destination's prefix.</summary>
internal sealed record AccessLogBatch(string Name, string SourceBucketId, string SourceBucket, IReadOnlyList<string> Lines);
