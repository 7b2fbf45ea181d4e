using Microsoft.Extensions.Logging;

namespace LocalSail.Server.AccessLogs;

/// <summary>One log line of a bucket, not yet delivered.</summary>
internal sealed record AccessLogEntry(string SourceBucketId, string SourceBucket, string Line);

/// <summary>
/// Log lines made by requests, in memory until <see cref="AccessLogDelivery"/> writes them to the journal (each
/// second). Adding never blocks a request; past <see cref="Capacity"/> lines waiting a line is dropped and said so
/// once, as a full disk would stop the journal too.
/// </summary>
internal sealed partial class AccessLogBuffer(ILogger<AccessLogBuffer> logger)
{
    public const int Capacity = 100_000;

    private readonly System.Collections.Concurrent.ConcurrentQueue<AccessLogEntry> _entries = new();
    private int _count;
    private int _dropping;

    private long _added;

    public int Count => Volatile.Read(ref _count);

    /// <summary>How many lines were ever added (tests wait for a request's line with it).</summary>
    public long Added => Interlocked.Read(ref _added);

    public void Add(AccessLogEntry entry)
    {
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Interlocked.Decrement(ref _count);
            if (Interlocked.Exchange(ref _dropping, 1) == 0)
            {
                LogDropping(logger, Capacity);
            }

            return;
        }

        _entries.Enqueue(entry);
        Interlocked.Increment(ref _added);
    }

    /// <summary>Takes up to <paramref name="max"/> lines, oldest first.</summary>
    public List<AccessLogEntry> Take(int max)
    {
        var taken = new List<AccessLogEntry>(Math.Min(max, Count));
        while (taken.Count < max && _entries.TryDequeue(out var entry))
        {
            taken.Add(entry);
        }

        Interlocked.Add(ref _count, -taken.Count);
        if (taken.Count > 0)
        {
            Volatile.Write(ref _dropping, 0);
        }

        return taken;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access log lines are dropped: {Capacity} are waiting to be written to the journal")]
    private static partial void LogDropping(ILogger logger, int capacity);
}
