using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.AccessLogs;

/// <summary>
/// The access logs' schedule: every <see cref="JournalInterval"/> the lines requests made go from memory into the
/// journal (from then on they are acknowledged: a crash does not lose them), and every
/// <see cref="DeliveryInterval"/> the journal's lines are delivered as log objects, so a request is in its log
/// within a minute; and once more on a clean shutdown, after the last request was answered.
/// </summary>
/// <remarks>
/// Each process delivers under an identity of its own and claims its batches with a lease
/// (<see cref="IAccessLogJournal"/>): batches a crashed process held are delivered again, under the same
/// object names, once their lease runs out.
/// </remarks>
internal sealed partial class AccessLogDelivery(
    AccessLogBuffer buffer,
    IAccessLogJournal journal,
    IAccessLogWriter writer,
    TimeProvider clock,
    ILogger<AccessLogDelivery> logger) : BackgroundService
{
    public static readonly TimeSpan JournalInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DeliveryInterval = TimeSpan.FromSeconds(30);

    /// <summary>How long a claimed batch is this process's alone before another may deliver it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>The most lines in one log object (a few megabytes at most).</summary>
    public const int MaxLinesPerObject = 5_000;

    private const int MaxLinesPerJournalWrite = 5_000;

    private readonly string _deliverer = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<AccessLogEntry> _unwritten = [];
    private DateTimeOffset? _nextDelivery;

    /// <summary>
    /// One step of the schedule, as the timer takes it: the waiting lines into the journal; and when a delivery
    /// is due, the journal's lines into log objects.
    /// </summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            _nextDelivery ??= now + DeliveryInterval;
            await WriteJournalAsync(cancellationToken);
            if (now >= _nextDelivery)
            {
                _nextDelivery = now + DeliveryInterval;
                await DeliverJournalAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Delivers every line made so far, now (a clean shutdown does, and tests that read the logs).</summary>
    public async Task DeliverNowAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await WriteJournalAsync(cancellationToken);
            await DeliverJournalAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await DeliverNowAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            // What reached the journal is delivered at the next start.
            LogDeliveryFailed(logger, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(JournalInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The lines stay where they are (in memory or in the journal) and the next tick tries again.
                LogDeliveryFailed(logger, ex);
            }
        }
    }

    private async Task WriteJournalAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_unwritten.Count == 0)
            {
                _unwritten.AddRange(buffer.Take(MaxLinesPerJournalWrite));
                if (_unwritten.Count == 0)
                {
                    return;
                }
            }

            // Kept until the journal has them, so a failed write loses nothing and keeps their order.
            await journal.AppendAsync(_unwritten, cancellationToken);
            _unwritten.Clear();
        }
    }

    private async Task DeliverJournalAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var batches = await journal.ClaimAsync(_deliverer, now, now + Lease, MaxLinesPerObject, () => BatchName(clock.GetUtcNow()), cancellationToken);
        foreach (var batch in batches)
        {
            AccessLogWrite write;
            try
            {
                write = await writer.WriteAsync(batch, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The batch stays claimed by this process and is tried again at the next delivery.
                LogBatchFailed(logger, batch.Name, batch.SourceBucket, ex);
                continue;
            }

            if (write.Dropped)
            {
                LogDropped(logger, batch.Lines.Count, batch.SourceBucket, write.DropReason!);
            }

            await journal.CompleteAsync(batch.Name, cancellationToken);
        }
    }

    /// <summary>A log object's name after its prefix: <c>YYYY-mm-DD-HH-MM-SS-</c> and 16 unique hex digits.</summary>
    public static string BatchName(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture) + "-" +
        Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering access logs failed; they are tried again")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing access log object {Name} of bucket {Bucket} failed; it is tried again")]
    private static partial void LogBatchFailed(ILogger logger, string name, string bucket, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} access log records of bucket {Bucket} were dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, int count, string bucket, string reason);
}
