using LocalSail.Server.Objects;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Storage.Objects;

/// <summary>
/// At start, removes blobs no metadata refers to: the bytes of a write that crashed before
/// its metadata commit, or left behind by a delete that crashed after it. Only blobs written before this
/// start are considered, so a write in progress is never touched. When other processes share the stores,
/// only blobs older than <see cref="StoreSharing.SharedOrphanAge"/> are, since their writes may be in progress,
/// and the sweep runs again every <see cref="SharedSweepInterval"/>; nodes sweeping at once remove a blob once.
/// </summary>
internal sealed class OrphanBlobSweeper(IBlobStore blobs, IObjectMetadataStore metadata, StoreSharing sharing, TimeProvider clock, ILogger<OrphanBlobSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan SharedSweepInterval = TimeSpan.FromHours(1);

    private readonly DateTime _startedUtc = clock.GetUtcNow().UtcDateTime;

    /// <summary>Completes when the sweep at start is done (for tests).</summary>
    public Task Completed => _completed.Task;

    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await SweepAsync(_startedUtc, stoppingToken);
        _completed.TrySetResult();
        if (!sharing.IsShared)
        {
            return;
        }

        using var timer = new PeriodicTimer(SharedSweepInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SweepAsync(DateTime before, CancellationToken stoppingToken)
    {
        if (sharing.IsShared)
        {
            var settled = clock.GetUtcNow().UtcDateTime - StoreSharing.SharedOrphanAge;
            before = settled < before ? settled : before;
        }

        try
        {
            var removed = 0;
            await foreach (var (bucketId, blob, written) in blobs.EnumerateAsync(stoppingToken))
            {
                if (written < before && !await metadata.IsReferencedAsync(bucketId, blob, stoppingToken))
                {
                    await blobs.DeleteAsync(bucketId, blob, stoppingToken);
                    removed++;
                }
            }

            if (removed > 0)
            {
                logger.LogInformation("Removed {Count} object file(s) no object refers to, left from an earlier run.", removed);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            logger.LogWarning(ex, "The sweep of unreferenced object files stopped early.");
        }
    }
}
