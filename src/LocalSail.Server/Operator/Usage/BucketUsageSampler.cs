using LocalSail.Server.Hosting;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Operator.Usage;

/// <summary>
/// Measures every bucket's size and object count at a fixed interval and records the samples (the console's
/// charts and <c>GetBucketMetricData</c> read them); the latest measurement of each bucket is kept in memory
/// for the metrics' gauges, so that a scrape never scans the store.
/// </summary>
internal sealed partial class BucketUsageSampler(
    IStoreAdministration store,
    IBucketContents contents,
    IBucketUsageHistory history,
    LocalSailOptions options,
    TimeProvider clock,
    ILogger<BucketUsageSampler> logger) : BackgroundService
{
    // Replaced whole, never changed: readers on other threads see one sample's readings or the next one's.
    private volatile BucketUsageReading[] _latest = [];

    /// <summary>Each bucket's latest measurement (empty until the first sample).</summary>
    public IReadOnlyList<BucketUsageReading> Latest => _latest;

    /// <summary>Measures and records every bucket now.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var buckets = await store.ListAllBucketsAsync(cancellationToken);
        var readings = new List<BucketUsageReading>(buckets.Count);
        foreach (var bucket in buckets)
        {
            var usage = await contents.GetUsageAsync(bucket, cancellationToken);
            readings.Add(new BucketUsageReading(bucket, usage));
        }

        var samples = readings.Select(r => new BucketUsageSample(r.Bucket.Id, at, r.Usage.SizeBytes, r.Usage.ObjectCount)).ToList();
        await history.RecordAsync(samples, at - options.UsageSampleRetention, cancellationToken);
        _latest = [.. readings];
    }

    /// <summary>Forgets the latest measurements (the store was emptied).</summary>
    public void Clear() => _latest = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.UsageSampleInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.UsageSampleInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The next tick tries again; a failing store is the readiness check's to report.
                LogSampleFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sampling bucket usage failed")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}

/// <summary>A bucket and what it held when last measured.</summary>
internal sealed record BucketUsageReading(BucketRecord Bucket, BucketUsage Usage);
