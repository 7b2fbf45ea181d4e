using LocalSail.Server.Objects;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Storage.Objects;

/// <summary>
/// Removes the contents of deleted buckets: rows first (nothing refers to the bytes once they are gone),
/// then the bytes, then the record that the bucket was deleted. A bucket's delete records it in the same
/// transaction, so a crash at any point leaves the work to be finished here: at start, every few minutes,
/// and right after each delete. Contents found with no bucket at all (a write that raced a delete, or a
/// crash before this existed) are adopted at start. Purging the same bucket twice, or from two
/// processes, is harmless.
/// </summary>
internal sealed partial class BucketPurger(
    IControlPlaneStore store,
    IObjectMetadataStore metadata,
    IBlobStore blobs,
    TimeProvider clock,
    ILogger<BucketPurger> logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);
    private const int SweepBatch = 100;
    private readonly TaskCompletionSource _startSweep = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the sweep at start is done (for tests).</summary>
    public Task StartSweepCompleted => _startSweep.Task;

    /// <summary>Purges one deleted bucket's contents now; false (and logged) when it must wait for a later sweep.</summary>
    public async Task<bool> PurgeAsync(string bucketId, CancellationToken cancellationToken)
    {
        try
        {
            await metadata.PurgeAsync(bucketId, cancellationToken);
            await blobs.DeleteBucketAsync(bucketId, cancellationToken);
            await store.ForgetDeletedBucketAsync(bucketId, cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            LogPurgeDeferred(logger, bucketId, ex);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await AdoptOrphanedContentsAsync(stoppingToken);
            await SweepAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            _startSweep.TrySetResult();
        }

        using var timer = new PeriodicTimer(SweepInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task AdoptOrphanedContentsAsync(CancellationToken cancellationToken)
    {
        foreach (var bucketId in await metadata.ListBucketIdsAsync(cancellationToken))
        {
            await store.RecordDeletedBucketAsync(bucketId, clock.GetUtcNow(), cancellationToken);
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var purged = 0;
        foreach (var bucketId in await store.ListDeletedBucketsAsync(SweepBatch, cancellationToken))
        {
            if (await PurgeAsync(bucketId, cancellationToken))
            {
                purged++;
            }
        }

        if (purged > 0)
        {
            LogSwept(logger, purged);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The contents of deleted bucket {BucketId} could not be removed yet; a later sweep will retry.")]
    private static partial void LogPurgeDeferred(ILogger logger, string bucketId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the contents of {Count} deleted bucket(s) that were left to a sweep.")]
    private static partial void LogSwept(ILogger logger, int count);
}
