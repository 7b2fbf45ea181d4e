using LocalSail.Server.Objects;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Storage.Objects;

/// <summary>
/// At start, removes blobs no metadata refers to: the bytes of a write that crashed before
/// its metadata commit, or left behind by a delete that crashed after it. Only blobs written before this
/// start are considered, so a write in progress is never touched.
/// </summary>
internal sealed class OrphanBlobSweeper(IBlobStore blobs, IObjectMetadataStore metadata, TimeProvider clock, ILogger<OrphanBlobSweeper> logger) : BackgroundService
{
    private readonly DateTime _startedUtc = clock.GetUtcNow().UtcDateTime;

    /// <summary>Completes when the sweep at start is done (for tests).</summary>
    public Task Completed => _completed.Task;

    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var removed = 0;
            await foreach (var (bucketId, blob, written) in blobs.EnumerateAsync(stoppingToken))
            {
                if (written < _startedUtc && !await metadata.IsReferencedAsync(bucketId, blob, stoppingToken))
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
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "The sweep of unreferenced object files stopped early.");
        }
        finally
        {
            _completed.TrySetResult();
        }
    }
}
