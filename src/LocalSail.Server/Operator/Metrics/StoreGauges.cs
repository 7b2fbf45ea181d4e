using System.Diagnostics.Metrics;
using LocalSail.Server.Operator.Usage;
using LocalSail.Server.Storage;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Operator.Metrics;

/// <summary>
/// What the store holds, observed when metrics are collected: buckets and access keys counted then, objects and
/// bytes per bucket as of the latest usage sample (a scrape never scans the objects).
/// </summary>
internal sealed partial class StoreGauges
{
    private readonly IStoreAdministration _store;
    private readonly ILogger<StoreGauges> _logger;

    public StoreGauges(IMeterFactory meters, IStoreAdministration store, BucketUsageSampler sampler, ILogger<StoreGauges> logger)
    {
        _store = store;
        _logger = logger;
        var meter = meters.Create(RequestMetrics.MeterName);
        meter.CreateObservableGauge("localsail.buckets", () => Count(c => c.Buckets), "{bucket}", "Buckets in the store, in every account and region.");
        meter.CreateObservableGauge("localsail.access_keys", () => Count(c => c.AccessKeys), "{key}", "Bucket access keys in the store.");
        meter.CreateObservableGauge(
            "localsail.objects",
            () => sampler.Latest.Select(r => new Measurement<long>(r.Usage.ObjectCount, Tags(r))),
            "{object}",
            "Objects (all versions) of each bucket, as of the latest usage sample.");
        meter.CreateObservableGauge(
            "localsail.stored",
            () => sampler.Latest.Select(r => new Measurement<long>(r.Usage.SizeBytes, Tags(r))),
            "By",
            "Bytes stored (all versions) in each bucket, as of the latest usage sample.");
    }

    private IEnumerable<Measurement<long>> Count(Func<StoreCounts, long> pick)
    {
        StoreCounts counts;
        try
        {
            // The store's reads complete synchronously; gauges are observed synchronously.
            counts = _store.CountAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            LogCountFailed(_logger, ex);
            return [];
        }

        return [new Measurement<long>(pick(counts))];
    }

    private static KeyValuePair<string, object?>[] Tags(BucketUsageReading reading) =>
        [new("bucket", reading.Bucket.Name), new("region", reading.Bucket.Scope.Region)];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting the store's buckets and keys for the metrics failed")]
    private static partial void LogCountFailed(ILogger logger, Exception exception);
}
